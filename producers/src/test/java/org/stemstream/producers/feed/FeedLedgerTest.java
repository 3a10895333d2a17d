package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.producers.feed.FeedLedger.Entry;
import org.stemstream.producers.feed.FeedLedger.Known;
import org.stemstream.producers.feed.FeedLedger.Outcome;

class FeedLedgerTest {
    @TempDir
    Path dir;

    private static Entry entry(String id, Outcome outcome) {
        return new Entry(id, outcome, "images-raw", 3, 42, id + " name\twith tab.tif");
    }

    @Test
    void committedEntriesSurviveAReopen() throws Exception {
        Path file = dir.resolve(FeedLedger.FILE_NAME);
        try (FeedLedger ledger = FeedLedger.open(file)) {
            ledger.published(List.of(entry("a", Outcome.SENT), entry("b", Outcome.FAILED)));
            assertThat(ledger.outcome("a")).isEmpty();
            ledger.committed(List.of(entry("a", Outcome.SENT), entry("b", Outcome.FAILED)));
            ledger.committed(List.of(entry("a", Outcome.SENT))); // a duplicate line is harmless
        }
        try (FeedLedger ledger = FeedLedger.open(file)) {
            assertThat(ledger.outcome("a")).contains(Outcome.SENT);
            assertThat(ledger.outcome("b")).contains(Outcome.FAILED);
            assertThat(ledger.outcome("c")).isEmpty();
            assertThat(ledger.unresolved()).isEmpty();
            assertThat(ledger.size()).isEqualTo(2);
        }
    }

    @Test
    void entriesPublishedButNeitherCommittedNorAbortedAreUnresolvedAfterAReopen() throws Exception {
        Path file = dir.resolve(FeedLedger.FILE_NAME);
        try (FeedLedger ledger = FeedLedger.open(file)) {
            ledger.published(List.of(entry("a", Outcome.SENT), entry("b", Outcome.SENT), entry("c", Outcome.FAILED)));
            ledger.aborted(List.of(entry("b", Outcome.SENT)));
        }
        try (FeedLedger ledger = FeedLedger.open(file)) {
            assertThat(ledger.unresolved()).containsExactly(
                    new Entry("a", Outcome.SENT, "images-raw", 3, 42, "a name?with tab.tif"),
                    new Entry("c", Outcome.FAILED, "images-raw", 3, 42, "c name?with tab.tif"));
            ledger.committed(List.of(ledger.unresolved().get(0)));
            ledger.aborted(List.of(ledger.unresolved().get(0)));
        }
        try (FeedLedger ledger = FeedLedger.open(file)) {
            assertThat(ledger.unresolved()).isEmpty();
            assertThat(ledger.outcome("a")).contains(Outcome.SENT);
            assertThat(ledger.outcome("c")).isEmpty();
        }
    }

    @Test
    void aTornLastLineAndGarbageAreSkippedAndDoNotSpoilLaterLines() throws Exception {
        Path file = dir.resolve(FeedLedger.FILE_NAME);
        Files.writeString(file, "C\tx\tSENT\tx.tif\nnonsense\nC\ty\tSEN", StandardCharsets.UTF_8);
        try (FeedLedger ledger = FeedLedger.open(file)) {
            assertThat(ledger.outcome("x")).contains(Outcome.SENT);
            assertThat(ledger.outcome("y")).isEmpty();
            ledger.committed(List.of(entry("z", Outcome.SENT)));
        }
        try (FeedLedger ledger = FeedLedger.open(file)) {
            assertThat(ledger.outcome("x")).contains(Outcome.SENT);
            assertThat(ledger.outcome("z")).contains(Outcome.SENT);
        }
    }

    @Test
    void anImageWithASidecarIsKnownByItsImageOnlyIdTooUntilItHasMoved() throws Exception {
        Path file = dir.resolve(FeedLedger.FILE_NAME);
        Entry withSidecar = new Entry("a", Outcome.SENT, "images-raw", 3, 42, "a.tif", "a-alone");
        try (FeedLedger ledger = FeedLedger.open(file)) {
            ledger.published(List.of(withSidecar, entry("b", Outcome.FAILED)));
        }
        try (FeedLedger ledger = FeedLedger.open(file)) {
            assertThat(ledger.unresolved()).contains(withSidecar);
            assertThat(ledger.known("a-alone", "a-alone")).as("not committed yet").isEmpty();
            ledger.committed(ledger.unresolved());
            assertThat(ledger.known("a", "a-alone")).contains(new Known("a", Outcome.SENT, false));
            assertThat(ledger.known("a-beside-a-newer-sidecar", "a-alone")).contains(new Known("a", Outcome.SENT, true));
        }
        try (FeedLedger ledger = FeedLedger.open(file)) {
            assertThat(ledger.known("a-alone", "a-alone")).as("a crash before the move was done").contains(new Known("a", Outcome.SENT, true));
            assertThat(ledger.known("b", "b")).contains(new Known("b", Outcome.FAILED, false));
            ledger.moved(List.of("a", "b"));
            assertThat(ledger.known("a-alone", "a-alone")).isEmpty();
            assertThat(ledger.known("a", "a-alone")).contains(new Known("a", Outcome.SENT, false));
        }
        try (FeedLedger ledger = FeedLedger.open(file)) {
            assertThat(ledger.known("a-alone", "a-alone")).isEmpty();
            assertThat(ledger.outcome("a")).contains(Outcome.SENT);
        }
        // whole lines: "FAILED\tb name" holds "D\tb" too
        assertThat(Files.readAllLines(file)).containsOnlyOnce("D\ta").as("b had no sidecar: nothing to end").doesNotContain("D\tb");
    }

    @Test
    void linesOfAnOlderLedgerWithoutImageOnlyIdsAreRead() throws Exception {
        Path file = dir.resolve(FeedLedger.FILE_NAME);
        Files.writeString(file, "P\tx\tSENT\timages-raw\t1\t2\tx.tif\nC\ty\tFAILED\ty.tif\n", StandardCharsets.UTF_8);
        try (FeedLedger ledger = FeedLedger.open(file)) {
            assertThat(ledger.unresolved()).containsExactly(new Entry("x", Outcome.SENT, "images-raw", 1, 2, "x.tif"));
            assertThat(ledger.known("y", "y")).contains(new Known("y", Outcome.FAILED, false));
        }
    }

    @Test
    void aFeedOfTheOlderFormatKnowsEveryFileThisOnePublishedAndSkipsOnlyTheNewLines() throws Exception {
        Path file = dir.resolve(FeedLedger.FILE_NAME);
        Entry a = new Entry("a", Outcome.SENT, "images-raw", 0, 10, "a.tif", "a-alone");
        Entry b = new Entry("b", Outcome.FAILED, "feed-dlq", 1, 11, "b.tif");
        Entry c = new Entry("c", Outcome.SENT, "images-raw", 2, 12, "c.tif", "c-alone");
        Entry d = new Entry("d", Outcome.SENT, "images-raw", 0, 13, "d.tif", "d-alone");
        Entry e = new Entry("e", Outcome.SENT, "images-raw", 1, 14, "e.tif", "e-alone");
        try (FeedLedger ledger = FeedLedger.open(file)) {
            ledger.published(List.of(a, b));
            ledger.committed(List.of(a, b));
            ledger.moved(List.of("a", "b"));
            ledger.published(List.of(c)); // then a crash between produce and commit
        }
        try (FeedLedger ledger = FeedLedger.open(file)) {
            ledger.committed(ledger.unresolved()); // settled at start-up; a crash before c's move
        }
        try (FeedLedger ledger = FeedLedger.open(file)) {
            assertThat(ledger.known("c-alone", "c-alone")).contains(new Known("c", Outcome.SENT, true));
            ledger.published(List.of(d));
            ledger.aborted(List.of(d));
            ledger.published(List.of(e)); // and a crash between produce and commit
        }

        OldLedgerReader.Read old = OldLedgerReader.read(file);
        assertThat(old.committed()).containsExactlyInAnyOrderEntriesOf(Map.of("a", Outcome.SENT, "b", Outcome.FAILED, "c", Outcome.SENT));
        assertThat(old.unresolved().values()).as("the open transaction, to settle as this version would")
                .containsExactly(new Entry("e", Outcome.SENT, "images-raw", 1, 14, "e.tif"));
        assertThat(old.skipped()).as("every P, C and A line read; only the image-only ids and the end of a's are lost")
                .containsExactly("I\ta\ta-alone", "D\ta", "I\tc\tc-alone", "I\td\td-alone", "I\te\te-alone");
    }

    @Test
    void onlyOneFeedMayHoldTheLedger() throws Exception {
        Path file = dir.resolve(FeedLedger.FILE_NAME);
        try (FeedLedger first = FeedLedger.open(file)) {
            assertThatThrownBy(() -> FeedLedger.open(file)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another feed").hasMessageContaining(dir.toString());
        }
        FeedLedger.open(file).close(); // released on close
    }
}
