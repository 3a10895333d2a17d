package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.deploy.LocalPipeline;
import org.stemstream.producers.Campaign;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topic;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.CornerCut;
import org.stemstream.schemas.avro.CuboidShape;
import org.stemstream.schemas.avro.ImagingParameters;
import org.stemstream.schemas.avro.Quaternion;
import org.stemstream.schemas.avro.ScanRotation;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.avro.SphereShape;
import org.stemstream.schemas.avro.Vector3;
import org.stemstream.simulator.Scenarios;

/**
 * 1,200 fuzzed bad inputs (bad numbers in otherwise valid requests, corrupt or foreign bytes)
 * interleaved with 100 valid requests, through the whole pipeline: every bad one lands in a
 * dead-letter topic with a reason, every valid one is classified exactly once.
 */
@ExtendWith(StemInfrastructure.class)
class FuzzedInputIT {
    private static final int BAD = 1_200;
    private static final int GOOD = 100;

    @Test
    void badInputIsDeadLetteredAndValidTrafficFlows(KafkaConnection kafka) throws Exception {
        String run = "it-fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        List<SimulationRequest> valid = new Campaign(run, Scenarios.named("seed-benchmark"), GOOD, 5).requests(Instant.now()).toList();
        List<Function<SimulationRequest.Builder, SimulationRequest.Builder>> mutations = mutations();
        var serializer = Topics.SIMULATION_REQUESTS.valueSerde(kafka.serdeConfig()).serializer();
        byte[] template = serializer.serialize(Topics.SIMULATION_REQUESTS.name(), valid.get(0));
        SplittableRandom rnd = new SplittableRandom(99);
        Map<String, String> kindOfBad = new HashMap<>();

        try (LocalPipeline pipeline = LocalPipeline.start(kafka, run, new LocalPipeline.Options(2, 1, 64));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer("it-fuzz", null), new ByteArraySerializer(), new ByteArraySerializer())) {
            String requests = Topics.SIMULATION_REQUESTS.name();
            int good = 0;
            for (int i = 0; i < BAD; i++) {
                String key = run + "-bad-" + i;
                byte[] value;
                int kind = rnd.nextInt(mutations.size() + 4);
                if (kind < mutations.size()) {
                    value = serializer.serialize(requests, mutations.get(kind).apply(SimulationRequest.newBuilder(valid.get(i % GOOD))).setObjectId(key).build());
                } else if (kind == mutations.size()) {
                    value = new byte[rnd.nextInt(64)];
                    rnd.nextBytes(value);
                    value[0] = (byte) (value.length > 0 && value[0] == 0 ? 1 : value.length > 0 ? value[0] : 0);
                } else if (kind == mutations.size() + 1) {
                    value = java.util.Arrays.copyOf(template, 5 + rnd.nextInt(template.length - 5));
                } else if (kind == mutations.size() + 2) {
                    value = template.clone();
                    ByteBuffer.wrap(value).putInt(1, 1_000_000 + rnd.nextInt(1_000_000));
                } else {
                    value = template.clone();
                    for (int f = 0; f < 8; f++) {
                        value[5 + rnd.nextInt(value.length - 5)] = (byte) rnd.nextInt(256);
                    }
                    // a body with random bytes may still decode to a valid request: then it is not bad input
                    try {
                        SimulationRequest decoded = Topics.SIMULATION_REQUESTS.valueSerde(kafka.serdeConfig()).deserializer().deserialize(requests, value);
                        org.stemstream.producers.SimulatorWorker.render(decoded, java.time.Clock.systemUTC());
                        i--;
                        continue;
                    } catch (RuntimeException expectedBad) {
                        // bad indeed
                    }
                }
                kindOfBad.put(key, Integer.toString(kind));
                producer.send(new ProducerRecord<>(requests, key.getBytes(StandardCharsets.UTF_8), value));
                if (i % (BAD / GOOD) == 0 && good < GOOD) {
                    SimulationRequest r = valid.get(good++);
                    producer.send(new ProducerRecord<>(requests, r.getObjectId().getBytes(StandardCharsets.UTF_8), serializer.serialize(requests, r)));
                }
            }
            while (good < GOOD) {
                SimulationRequest r = valid.get(good++);
                producer.send(new ProducerRecord<>(requests, r.getObjectId().getBytes(StandardCharsets.UTF_8), serializer.serialize(requests, r)));
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> pipeline.summary().classifications() >= GOOD);
            try {
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> deadLetters(kafka, run).size() >= BAD);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // the assertions below say which inputs are missing
            }
        }

        Map<String, String> reasons = deadLetters(kafka, run);
        java.util.Set<String> missingKinds = new java.util.TreeSet<>();
        kindOfBad.forEach((key, kind) -> {
            if (!reasons.containsKey(key)) {
                missingKinds.add(kind);
            }
        });
        assertThat(missingKinds).as("kinds of bad input that were not dead-lettered").isEmpty();
        assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(kindOfBad.keySet());
        assertThat(reasons.values()).allSatisfy(reason -> assertThat(reason).isNotBlank());

        var deserializer = Topics.CLASSIFICATIONS.valueSerde(kafka.serdeConfig()).deserializer();
        Map<String, Integer> classified = new HashMap<>();
        TopicReader.readAll(kafka, Topics.CLASSIFICATIONS).forEach(r -> {
            var c = deserializer.deserialize(r.topic(), r.value());
            if (run.equals(c.getCampaignId())) {
                classified.merge(c.getRequestId(), 1, Integer::sum);
            }
        });
        assertThat(classified).hasSize(GOOD);
        assertThat(classified.values()).allMatch(n -> n == 1);
    }

    /** Dead letters of this run, from every stage's dead-letter topic: key -> reason. */
    private static Map<String, String> deadLetters(KafkaConnection kafka, String run) {
        Map<String, String> out = new HashMap<>();
        for (Topic<byte[], byte[]> dlq : List.of(Topics.SIMULATOR_WORKER_DLQ, Topics.NOISE_DLQ, Topics.AUGMENT_DLQ, Topics.CLASSIFIER_DLQ)) {
            TopicReader.readAll(kafka, dlq).forEach(r -> {
                String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                if (key.startsWith(run + "-bad-")) {
                    out.put(key, DeadLetters.reason(r.headers()).orElse(""));
                }
            });
        }
        return out;
    }

    private static List<Function<SimulationRequest.Builder, SimulationRequest.Builder>> mutations() {
        List<Function<SimulationRequest.Builder, SimulationRequest.Builder>> m = new ArrayList<>();
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            m.add(b -> b.setOrientation(new Quaternion(bad, 0.0, 0.0, 0.0)));
            m.add(b -> b.setPixelSizeNm(bad));
            m.add(b -> b.setImaging(ImagingParameters.newBuilder(b.getImaging()).setDose(bad).build()));
            m.add(b -> b.setShape(new SphereShape(bad)));
            m.add(b -> b.setOffsetXNm(bad));
            m.add(b -> b.setAtomicNumber(bad));
            m.add(b -> b.setScanRotation(new ScanRotation(new Vector3(bad, 0.0, 1.0), 0.5, false)));
        }
        m.add(b -> b.setOrientation(new Quaternion(0.0, 0.0, 0.0, 0.0)));
        for (int size : new int[] {0, -5, 8, 15, 2049, 100_000, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            m.add(b -> b.setWidthPx(size));
            m.add(b -> b.setHeightPx(size));
        }
        for (double v : new double[] {0, -1, -1e300}) {
            m.add(b -> b.setPixelSizeNm(v));
            m.add(b -> b.setImaging(ImagingParameters.newBuilder(b.getImaging()).setDose(v).build()));
            m.add(b -> b.setShape(new CuboidShape(v, 10.0, 10.0, List.of())));
            m.add(b -> b.setShape(new SphereShape(v)));
        }
        m.add(b -> b.setImaging(ImagingParameters.newBuilder(b.getImaging()).setProbeSigmaNm(-0.5).build()));
        m.add(b -> b.setShape(new CuboidShape(1000.0, 10.0, 10.0, List.of())));
        m.add(b -> b.setShape(new SphereShape(400.0)));
        m.add(b -> b.setOffsetXNm(1e6));
        for (double f : new double[] {-0.1, 0.0, 0.5, 0.9, Double.NaN}) {
            m.add(b -> b.setShape(new CuboidShape(10.0, 10.0, 10.0, List.of(new CornerCut(1, f)))));
        }
        for (int corner : new int[] {-1, 8, 1000}) {
            m.add(b -> b.setShape(new CuboidShape(10.0, 10.0, 10.0, List.of(new CornerCut(corner, 0.25)))));
        }
        m.add(b -> b.setAtomicNumber(0));
        m.add(b -> b.setAtomicNumber(500));
        return m;
    }
}
