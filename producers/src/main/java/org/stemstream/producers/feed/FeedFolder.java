package org.stemstream.producers.feed;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The watched folder's layout. Images ({@code *.tif}, {@code *.tiff}, {@code *.png}, DigitalMicrograph's
 * {@code *.dm3}, {@code *.dm4}, MRC's {@code *.mrc}, {@code *.mrcs}, Velox's {@code *.emd}, any case)
 * lie directly in it, each with an optional sidecar {@code <stem>.json} (or {@code <name>.json});
 * hidden files ({@code .x}, {@code ~x}) and other extensions (such as {@code x.tif.part}) are
 * ignored.
 *
 * <p>Done files move to the sent and failed folders, the sidecar first, then its image: a sidecar
 * left behind alone would be taken by the next image of its stem, which would then carry its pixel
 * size, dose and ids. A crash (or a failed move) between the two leaves the image without its
 * sidecar instead, which the {@link FeedLedger} still knows, so the feed moves it on without
 * publishing it again. A sidecar that several images share ({@code a.png} and {@code a.tif}
 * beside {@code a.json}) stays while another of them is still here, and moves with the last. An
 * image whose name, or whose sidecar's name, is already taken there becomes
 * {@code <stem>.<image-id>.<ext>}, and so does an image whose sidecar went ahead under that name.
 */
public final class FeedFolder {
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("tif", "tiff", "png", "dm3", "dm4", "mrc", "mrcs", "emd");

    /** How one file moves; tests put a crash in its place. */
    interface Mover {
        Path move(Path from, Path to) throws IOException;
    }

    private final Path folder;
    private final Path sent;
    private final Path failed;
    private final Mover mover;

    public FeedFolder(Path folder, Path sent, Path failed) {
        this(folder, sent, failed, FeedFolder::moveReplacing);
    }

    FeedFolder(Path folder, Path sent, Path failed, Mover mover) {
        this.folder = folder;
        this.sent = sent;
        this.failed = failed;
        this.mover = mover;
    }

    public Path folder() {
        return folder;
    }

    /** Creates the sent and failed folders; fails fast with the path when the watched folder is missing. */
    public void prepare() throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("watched folder " + folder.toAbsolutePath() + " is not a directory");
        }
        Files.createDirectories(sent);
        Files.createDirectories(failed);
    }

    /** The images directly in the folder, by name, with what a scan sees of them and their sidecars. */
    public Map<Path, Completeness.FileState> scan() throws IOException {
        Map<Path, Completeness.FileState> out = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, FeedFolder::isImageName)) {
            for (Path p : dir) {
                Optional<BasicFileAttributes> image = attributes(p);
                if (image.isEmpty() || !image.get().isRegularFile()) {
                    continue;
                }
                Optional<BasicFileAttributes> side = sidecarOf(p).flatMap(FeedFolder::attributes);
                out.put(p, new Completeness.FileState(image.get().size(), image.get().lastModifiedTime().toMillis(),
                        side.map(BasicFileAttributes::size).orElse(-1L),
                        side.map(a -> a.lastModifiedTime().toMillis()).orElse(-1L)));
            }
        }
        return out;
    }

    /** An image file by its name ({@link #IMAGE_EXTENSIONS}), not hidden ({@code .x}, {@code ~x}). */
    public static boolean isImageName(Path p) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") || name.startsWith("~")) {
            return false;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** {@code a.json} beside {@code a.tif}, else {@code a.tif.json}. */
    public static Optional<Path> sidecarOf(Path image) {
        String name = image.getFileName().toString();
        for (Path candidate : new Path[] {image.resolveSibling(AcquiredImages.stem(name) + ".json"), image.resolveSibling(name + ".json")}) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Moves a published image (and its sidecar, unless another image here still uses it) to the
     * sent folder; returns the image's new path.
     */
    public Path moveToSent(Path image, Optional<Path> sidecar, String imageId) throws IOException {
        return move(image, sidecar, sent, imageId);
    }

    public Path moveToFailed(Path image, Optional<Path> sidecar, String imageId) throws IOException {
        return move(image, sidecar, failed, imageId);
    }

    private Path move(Path image, Optional<Path> sidecar, Path to, String imageId) throws IOException {
        // a.png and a.tif beside one a.json: the sidecar stays for the other and goes with the last
        Optional<Path> own = sidecar.isPresent() && sharedWithAnother(image, sidecar.get()) ? Optional.empty() : sidecar;
        String name = image.getFileName().toString();
        String stem = AcquiredImages.stem(name);
        String extension = name.substring(stem.length());
        String sideSuffix = own.map(p -> p.getFileName().toString())
                .map(sideName -> sideName.startsWith(name) ? sideName.substring(stem.length()) : ".json").orElse(null);
        // Neither the image's name nor its sidecar's may be taken (a.png and a.json there, then
        // a.tif with a new a.json: the old a.json must stay), and an image follows a sidecar that
        // went ahead under the id-suffixed name. The same image id means the same bytes, so
        // replacing files of the id-suffixed names loses nothing.
        boolean taken = Files.exists(to.resolve(name), LinkOption.NOFOLLOW_LINKS)
                || sideSuffix != null && Files.exists(to.resolve(stem + sideSuffix), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(to.resolve(stem + "." + imageId + ".json"), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(to.resolve(stem + "." + imageId + extension + ".json"), LinkOption.NOFOLLOW_LINKS);
        String target = taken ? stem + "." + imageId + extension : name;
        if (own.isPresent()) {
            // the sidecar first: left behind alone, it would lend its metadata to the next image of its stem
            mover.move(own.get(), to.resolve(AcquiredImages.stem(target) + sideSuffix));
        }
        return mover.move(image, to.resolve(target));
    }

    /** Whether an image here other than {@code image} finds {@code sidecar} as its own. */
    private boolean sharedWithAnother(Path image, Path sidecar) throws IOException {
        String base = AcquiredImages.stem(sidecar.getFileName().toString()); // a.json: a.*; a.tif.json: a.tif
        // the folder holds only what is still to be sent, so listing it is cheap
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder,
                p -> p.getFileName().toString().startsWith(base) && isImageName(p) && !p.getFileName().equals(image.getFileName()))) {
            for (Path other : dir) {
                if (Files.isRegularFile(other, LinkOption.NOFOLLOW_LINKS) && sidecarOf(other).filter(sidecar::equals).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    static Path moveReplacing(Path from, Path to) throws IOException {
        try {
            return Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Optional<BasicFileAttributes> attributes(Path p) {
        try {
            return Optional.of(Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // moved away between listing and reading
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
