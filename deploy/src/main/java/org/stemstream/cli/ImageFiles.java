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

/**
 * The image files that {@code predict} and {@code inspect} are given: files named, and the image
 * files in folders named, directly in them or, with {@code --recursive}, in their subfolders too
 * (hidden ones, {@code .x}, left out).
 */
final class ImageFiles {
    private ImageFiles() {
    }

    /** The files named, and each folder's image files by path ({@link FeedFolder#isImageName}); refused when there are none. */
    static List<Path> list(CommandSpec spec, List<Path> paths, boolean recursive) throws IOException {
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
