import java.io.*;
import java.nio.file.*;
import java.util.stream.IntStream;
import org.stemstream.simulator.*;
import org.stemstream.schemas.mapping.RequestMapper;
import org.stemstream.consumers.cnn.Preprocessing;
import org.stemstream.producers.ViewPlan;

/**
 * Throwaway: renders a scenario like DatasetCache, writes 112x112 sqrt crops as uint8 + labels.
 * With a fifth argument V > 1, renders V views of each particle (image i * V + v), as
 * Campaign.views with ViewPlan.Independent does: view 0 at the sampled orientation, the others at
 * Quaternion.random from the particle's seed, each with its own noise seed.
 */
public class Gen {
    public static void main(String[] a) throws Exception {
        String scenarioName = a[0];
        int count = Integer.parseInt(a[1]);
        long seed = Long.parseLong(a[2]);
        String prefix = a[3];
        int views = a.length > 4 ? Integer.parseInt(a[4]) : 1;
        int crop = 112;
        Scenario scenario = Scenarios.named(scenarioName);
        Preprocessing pre = Preprocessing.unnormalised(crop, 1, "sqrt");
        int chunk = 8192;
        long t0 = System.nanoTime();
        try (OutputStream xs = new BufferedOutputStream(new FileOutputStream(prefix + ".x.u8"), 1 << 22);
             OutputStream ys = new BufferedOutputStream(new FileOutputStream(prefix + ".y.i8"), 1 << 16)) {
            int images = count * views;
            for (int start = 0; start < images; start += chunk) {
                int n = Math.min(chunk, images - start);
                byte[] x = new byte[n * crop * crop];
                byte[] y = new byte[n * 2];
                final int s0 = start;
                IntStream.range(0, n).parallel().forEach(j -> {
                    int i = s0 + j;
                    SimulationSpec s = view(scenario.sample(RandomStreams.childSeed(seed, i / views)), i % views);
                    Image clean = Simulator.project(s);
                    NoisyImage noisy = Simulator.applyNoise(clean, s.imaging(), s.pixelSizeNm(), RequestMapper.noiseSeed(s.seed()));
                    float[] v = pre.apply(noisy.image().pixels(), noisy.image().width(), noisy.image().height());
                    for (int p = 0; p < v.length; p++) {
                        x[j * crop * crop + p] = (byte) Math.max(0, Math.min(255, Math.round((v[p] + 2f) * 14f)));
                    }
                    y[2 * j] = (byte) Labels.deformedCount(s.particle());
                    y[2 * j + 1] = (byte) Labels.arrangement(s.particle()).map(Enum::ordinal).orElse(-1).intValue();
                });
                xs.write(x);
                ys.write(y);
            }
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s n=%d x %d views seed=%d %.1f s %.0f img/s%n", scenarioName, count, views, seed, sec, count * views / sec);
    }

    /** View v of a particle, as Campaign.views gives it. */
    static SimulationSpec view(SimulationSpec spec, int v) {
        if (v == 0) {
            return spec;
        }
        // Campaign.views' seeds (it is package-private and returns Avro requests)
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(spec.seed() ^ 0x76696577L);
        Quaternion q = new ViewPlan.Independent(v + 1).orientations(spec.orientation(), rnd).get(v);
        return spec.withOrientation(q).withSeed(spec.seed() + v * 0x632BE59BD9B4E019L);
    }
}
