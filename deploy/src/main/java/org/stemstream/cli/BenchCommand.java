package org.stemstream.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stemstream.simulator.tools.SimulatorBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Benchmarks (figures, not tests): {@code stem bench simulator --json FILE}. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure throughput; print figures and write them with --json.",
        subcommands = {BenchCommand.Simulator.class})
final class BenchCommand {

    @Command(name = "simulator", mixinStandardHelpOptions = true,
            description = "Images per second on one core at 128x128 and 256x256, bare and with blur, carbon film and Poisson noise.")
    static final class Simulator implements Callable<Integer> {
        @Option(names = "--seconds", defaultValue = "5", description = "Measuring time per case, after a warm-up of half that (default ${DEFAULT-VALUE}).") double seconds;
        @Option(names = "--json", paramLabel = "FILE") File json;

        @Override
        public Integer call() throws Exception {
            List<Map<String, Object>> cases = new ArrayList<>();
            for (int size : new int[] {128, 256}) {
                for (boolean noise : new boolean[] {false, true}) {
                    SimulatorBenchmark.Result r = SimulatorBenchmark.run(size, noise, seconds);
                    System.out.printf("simulator %dx%d %-10s %8.0f images/s per core (%.3f ms per image)%n",
                            size, size, noise ? "with noise" : "bare", r.imagesPerSecond(), r.millisPerImage());
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("size", size);
                    c.put("noise", noise);
                    c.put("imagesPerSecond", r.imagesPerSecond());
                    c.put("millisPerImage", r.millisPerImage());
                    c.put("images", r.images());
                    cases.add(c);
                }
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("benchmark", "simulator");
            figures.put("threads", 1);
            figures.put("scenario", "seed-benchmark");
            figures.put("cases", cases);
            JsonOutput.write(json, figures);
            return 0;
        }
    }
}
