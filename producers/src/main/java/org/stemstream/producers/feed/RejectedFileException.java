package org.stemstream.producers.feed;

/**
 * A dropped file the feed will never be able to publish (undecodable image, unsupported format,
 * malformed sidecar, too large): it goes to the feed's dead-letter topic with this message as the
 * reason, and to the {@code failed/} folder. Transient troubles (I/O, broker, registry) are not
 * rejections: the file stays and is tried again.
 */
public final class RejectedFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public RejectedFileException(String reason) {
        super(reason);
    }

    public RejectedFileException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
