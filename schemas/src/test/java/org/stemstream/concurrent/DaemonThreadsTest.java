package org.stemstream.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void namedThreadsAreDaemonsWithTheName() {
        Thread t = DaemonThreads.named("model-scanner").newThread(() -> { });

        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("model-scanner");
    }

    @Test
    void numberedThreadsCountFromOnePerFactory() {
        var first = DaemonThreads.numbered("stage-process");
        var second = DaemonThreads.numbered("stage-process");

        assertThat(first.newThread(() -> { }).getName()).isEqualTo("stage-process-1");
        assertThat(first.newThread(() -> { }).getName()).isEqualTo("stage-process-2");
        assertThat(second.newThread(() -> { }).getName()).isEqualTo("stage-process-1");
        assertThat(first.newThread(() -> { }).isDaemon()).isTrue();
    }
}
