package org.stemstream.streams;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.StemImage;

/**
 * The noise topology: {@code images-raw} -> noise -> {@code images-noisy}. Records that fail to
 * deserialize or to process, or whose output would be too large for its topic ({@link BoundedSerde}),
 * go to the dead-letter topic through Streams' own exception handlers (see {@link NoiseProcessor#streamsConfig}).
 */
public final class NoiseTopology {
    private NoiseTopology() {
    }

    /** @param streamsConfig the app's Streams configuration ({@link StreamsApps#config}) */
    public static Topology build(Properties streamsConfig, NoiseFunction noise, Map<String, ?> serdeConfig) {
        Serde<String> keys = Topics.IMAGES_RAW.keySerde(serdeConfig);
        Serde<StemImage> rawImages = Topics.IMAGES_RAW.valueSerde(serdeConfig);
        // A boxed projection becomes a full frame of counts here, 2 bytes a pixel: a 2048 x 2048
        // request's is the whole topic limit, so the output is bounded (see BoundedSerde).
        Serde<StemImage> noisyImages = BoundedSerde.of(Topics.IMAGES_NOISY.valueSerde(serdeConfig));
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig)));
        builder.stream(Topics.IMAGES_RAW.name(), Consumed.with(keys, rawImages).withName("raw-images"))
                .mapValues(noise::apply, Named.as("add-noise"))
                .to(Topics.IMAGES_NOISY.name(), Produced.with(keys, noisyImages).withName("noisy-images"));
        return builder.build();
    }
}
