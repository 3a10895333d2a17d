package org.stemstream.producers.feed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.producers.feed.FeedLedger.Outcome;

/**
 * Takes done files out of the watched folder. In: files whose outcome the {@link FeedLedger}
 * holds (just committed, or found again as duplicates). Out: each image and its sidecar in the
 * sent or failed folder ({@link FeedFolder}), then, in one ledger append, the D lines after which
 * the ledger no longer knows those images by their id without the sidecar. A file that cannot be
 * moved now stays, with a warning; the ledger still knows it, so the next scan moves it without
 * publishing it.
 */
final class DoneFiles {
    private static final Logger log = LoggerFactory.getLogger(DoneFiles.class);

    /** A file to move; {@code sidecar} is empty when it has none, or when it went ahead of the image. */
    record Done(Path image, Optional<Path> sidecar, String imageId, Outcome outcome) {
        /**
         * A file the ledger already knows as {@code known}: it moves with the sidecar beside it,
         * unless its own sidecar went ahead of it (a sidecar beside it now is a newer one).
         */
        static Done known(Path image, Optional<Path> sidecar, FeedLedger.Known known) {
            return new Done(image, known.sidecarGone() ? Optional.empty() : sidecar, known.imageId(), known.outcome());
        }
    }

    private final FeedFolder folder;
    private final FeedLedger ledger;
    private final String feed;

    DoneFiles(FeedFolder folder, FeedLedger ledger, String feed) {
        this.folder = folder;
        this.ledger = ledger;
        this.feed = feed;
    }

    void move(List<Done> files) throws IOException {
        List<String> moved = new ArrayList<>();
        for (Done d : files) {
            try {
                if (d.outcome() == Outcome.SENT) {
                    folder.moveToSent(d.image(), d.sidecar(), d.imageId());
                } else {
                    folder.moveToFailed(d.image(), d.sidecar(), d.imageId());
                }
                moved.add(d.imageId());
            } catch (IOException e) {
                log.warn("feed {}: cannot move {} ({}); will retry", feed, d.image(), e.toString());
            }
        }
        ledger.moved(moved);
    }
}
