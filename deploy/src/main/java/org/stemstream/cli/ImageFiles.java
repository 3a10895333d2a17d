package org.stemstream.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.stemstream.producers.feed.FeedFolder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The image files that {@code predict} and {@code inspect} read, and the feed's defaults for
 * them (a picocli mixin): files named, and the image files in folders named, directly in them or,
 * with {@code --recursive}, in their subfolders too (hidden ones, {@code .x}, left out).
 */
final class ImageFiles {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files, or folders whose images (directly in them) are read.")
    List<Path> paths;
    @Option(names = {"-r", "--recursive"}, description = "Also read the images in the folders' subfolders (hidden ones left out).")
    boolean recursive;
    @Option(names = "--pixel-size-nm", paramLabel = "NM", description = "Pixel size of images that state none, in a sidecar or in "
            + "the file's own calibration; an image with none of the three is refused.") Double pixelSizeNm;
    @Option(names = "--dark-counts", defaultValue = "0", description = "The detector's dark level, subtracted from every pixel of "
            + "images whose sidecar gives none (default ${DEFAULT-VALUE}: none).") double darkCounts;

    /** Refuses a pixel size that is not positive and a negative dark level. */
    void check(CommandSpec spec) {
        if (pixelSizeNm != null) {
            OptionChecks.positive(spec, "--pixel-size-nm", pixelSizeNm);
        }
        OptionChecks.nonNegative(spec, "--dark-counts", darkCounts);
    }

    /** The default pixel size as the feed takes it: NaN for none. */
    double defaultPixelSizeNm() {
        return pixelSizeNm == null ? Double.NaN : pixelSizeNm;
    }

    /** The files named, and each folder's image files by path ({@link FeedFolder#isImageName}); refused when there are none. */
    List<Path> list(CommandSpec spec) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> inside = new ArrayList<>();
                collect(p, recursive, inside);
                inside.sort(null);
                files.addAll(inside);
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw OptionChecks.invalid(spec, p + " is neither a file nor a folder");
            }
        }
        if (files.isEmpty()) {
            throw OptionChecks.invalid(spec, "no image file (" + String.join(", ", new TreeSet<>(FeedFolder.IMAGE_EXTENSIONS)) + ") in " + paths);
        }
        return files;
    }

    private static void collect(Path folder, boolean recursive, List<Path> into) throws IOException {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
            for (Path f : dir) {
                if (FeedFolder.isImageName(f) && Files.isRegularFile(f)) {
                    into.add(f);
                } else if (recursive && Files.isDirectory(f) && !f.getFileName().toString().startsWith(".")) {
                    collect(f, true, into);
                }
            }
        }
    }
}
