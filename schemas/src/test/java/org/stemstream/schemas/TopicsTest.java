package org.stemstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void namesAreUniqueKebabCaseAndPoolsCanGrowToTwelve() {
        Set<String> names = Topics.all().stream().map(Topic::name).collect(Collectors.toSet());
        assertThat(names).hasSameSizeAs(Topics.all());
        assertThat(Topics.all()).allSatisfy(t -> {
            assertThat(t.name()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(t.partitions()).isGreaterThanOrEqualTo(12);
            assertThat(t.retention()).isPositive();
        });
    }

    @Test
    void everyApplicationHasADeadLetterTopicNamedAfterIt() {
        for (String app : new String[] {Topics.SIMULATOR_WORKER_APP, Topics.NOISE_APP, Topics.AUGMENT_APP, Topics.CLASSIFIER_APP,
                Topics.FUSE_APP, Topics.FEED_APP, Topics.RESULTS_SINK_APP}) {
            assertThat(Topics.all()).extracting(Topic::name).contains(app + "-dlq");
        }
    }

    @Test
    void avroTopicsAreTheOnesWithRecordValues() {
        assertThat(Topics.avroTopics()).containsExactly(Topics.SIMULATION_REQUESTS, Topics.IMAGES_RAW, Topics.IMAGES_NOISY, Topics.IMAGES_READY,
                Topics.CLASSIFICATIONS, Topics.OBJECT_CLASSIFICATIONS);
        assertThat(Topics.IMAGES_RAW.valueSubject()).isEqualTo(Topics.IMAGES_RAW.name() + "-value");
    }

    @Test
    void camelCaseNamesAreRefused() {
        assertThatThrownBy(() -> new Topic<>("imagesRaw", String.class, String.class, 1, java.time.Duration.ofDays(1)))
                .hasMessageContaining("kebab-case");
    }
}
