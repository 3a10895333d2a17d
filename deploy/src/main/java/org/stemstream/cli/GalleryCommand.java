package org.stemstream.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.stemstream.simulator.tools.Gallery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Draws the labelled overview grid (deformation counts, shapes, rotation during the scan). */
@Command(name = "gallery", mixinStandardHelpOptions = true, description = "Draw a labelled grid of simulated particles as a PNG.")
final class GalleryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the particle, its orientations and the noise (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--out", defaultValue = "gallery.png", description = "PNG to write; missing folders are created (default ${DEFAULT-VALUE}).") Path out;

    @Override
    public Integer call() throws Exception {
        OptionChecks.writableFile(spec, "--out", out); // creates missing folders; ImageIO printed a stack trace for them
        Gallery.write(seed, out);
        System.out.println("gallery written to " + out.toAbsolutePath());
        return 0;
    }
}
