package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stemstream.producers.feed.Completeness.FileState;

class CompletenessTest {
    private static final Path A = Path.of("a.tif");
    private final Completeness completeness = new Completeness(1000);

    @Test
    void aFileIsCompleteOnceUnchangedForTheQuietPeriod() {
        FileState s = new FileState(100, 5);
        assertThat(completeness.isComplete(A, s, 0)).isFalse();
        assertThat(completeness.isComplete(A, s, 999)).isFalse();
        assertThat(completeness.isComplete(A, s, 1000)).isTrue();
    }

    @Test
    void growthOrATouchStartsTheQuietPeriodAgain() {
        completeness.isComplete(A, new FileState(100, 5), 0);
        assertThat(completeness.isComplete(A, new FileState(200, 6), 1500)).isFalse();
        assertThat(completeness.isComplete(A, new FileState(200, 7), 2000)).isFalse();
        assertThat(completeness.isComplete(A, new FileState(200, 7), 2900)).isFalse();
        assertThat(completeness.isComplete(A, new FileState(200, 7), 3000)).isTrue();
    }

    @Test
    void aSidecarArrivingOrChangingCountsAsAChange() {
        completeness.isComplete(A, new FileState(100, 5), 0);
        assertThat(completeness.isComplete(A, new FileState(100, 5, 40, 9), 1000)).isFalse();
        assertThat(completeness.isComplete(A, new FileState(100, 5, 41, 9), 2000)).isFalse();
        assertThat(completeness.isComplete(A, new FileState(100, 5, 41, 9), 3000)).isTrue();
    }

    @Test
    void emptyFilesAreNeverComplete() {
        completeness.isComplete(A, new FileState(0, 5), 0);
        assertThat(completeness.isComplete(A, new FileState(0, 5), 60_000)).isFalse();
    }

    @Test
    void forgottenFilesStartAfresh() {
        FileState s = new FileState(100, 5);
        completeness.isComplete(A, s, 0);
        completeness.retainOnly(Set.of(Path.of("b.tif")));
        assertThat(completeness.isComplete(A, s, 5000)).isFalse();
        assertThat(completeness.isComplete(A, s, 6000)).isTrue();
    }
}
