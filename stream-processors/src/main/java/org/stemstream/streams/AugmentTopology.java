package org.stemstream.streams;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.StemImage;

/**
 * The augmentation topology: {@code images-noisy} -> augment -> {@code images-ready}. Records
 * that fail to deserialize, to process or to serialize (over the size limit, see
 * {@link BoundedSerde}) go to the dead-letter topic through the handlers of {@link StreamsApps#config}.
 */
public final class AugmentTopology {
    private AugmentTopology() {
    }

    /** @param streamsConfig the app's Streams configuration ({@link StreamsApps#config}) */
    public static Topology build(Properties streamsConfig, AugmentFunction augment, Map<String, ?> serdeConfig) {
        Serde<String> keys = Topics.IMAGES_NOISY.keySerde(serdeConfig);
        Serde<StemImage> noisyImages = Topics.IMAGES_NOISY.valueSerde(serdeConfig);
        Serde<StemImage> readyImages = BoundedSerde.of(Topics.IMAGES_READY.valueSerde(serdeConfig));
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig)));
        builder.stream(Topics.IMAGES_NOISY.name(), Consumed.with(keys, noisyImages).withName("noisy-images"))
                .mapValues(image -> augment.apply(image), Named.as("augment-image"))
                .to(Topics.IMAGES_READY.name(), Produced.with(keys, readyImages).withName("ready-images"));
        return builder.build();
    }
}
