package org.stemstream.producers.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A complete file as the feed reads it, once: the image's bytes (only the first
 * {@link FeedDeadLetters#MAX_VALUE_BYTES} when it is larger than the feed decodes, though the
 * whole file is hashed), its sidecar's bytes, and the deterministic image id
 * ({@link AcquiredImages#imageId}) that the ledger knows it by.
 *
 * @param head         the file's bytes, or its first bytes when it is oversized
 * @param oversized    larger than the feed reads ({@code maxFileBytes}): it cannot hold a publishable image
 * @param sidecarBytes null without a sidecar; at most {@link Sidecar#MAX_BYTES} + 1 bytes (more is malformed anyway)
 * @param imageOnlyId  the id of the image without its sidecar ({@code imageId} when it has none): how
 *                     the ledger knows an image whose sidecar moved on ahead of it ({@link FeedFolder})
 */
public record DroppedFile(Path image, Optional<Path> sidecar, byte[] head, long size, boolean oversized, byte[] sidecarBytes, String imageId,
        String imageOnlyId) {

    public static DroppedFile read(Path image, Optional<Path> sidecar, long maxFileBytes) throws IOException {
        MessageDigest digest = AcquiredImages.sha256();
        byte[] head;
        long size;
        boolean oversized = Files.size(image) > maxFileBytes;
        try (InputStream in = Files.newInputStream(image)) {
            if (!oversized) {
                head = in.readAllBytes();
                digest.update(head);
                size = head.length;
            } else {
                head = in.readNBytes(FeedDeadLetters.MAX_VALUE_BYTES);
                digest.update(head);
                size = head.length;
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                    size += n;
                }
            }
        }
        byte[] side = null;
        if (sidecar.isPresent()) {
            try (InputStream in = Files.newInputStream(sidecar.get())) {
                side = in.readNBytes(Sidecar.MAX_BYTES + 1);
            }
        }
        String name = image.getFileName().toString();
        byte[] sha = digest.digest();
        String imageOnlyId = AcquiredImages.imageId(name, sha, size, null);
        String id = side == null ? imageOnlyId : AcquiredImages.imageId(name, sha, size, AcquiredImages.sha256().digest(side));
        return new DroppedFile(image, sidecar, head, size, oversized, side, id, imageOnlyId);
    }

    public String name() {
        return image.getFileName().toString();
    }
}
