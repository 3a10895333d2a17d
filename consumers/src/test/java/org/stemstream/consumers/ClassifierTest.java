package org.stemstream.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stemstream.kafka.BatchProcessor;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

class ClassifierTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** Fails on images whose id starts with "bad"; checks that it never sees the truth. */
    private static final ImageModel STRICT = new ImageModel() {
        public String name() {
            return "strict";
        }

        public String version() {
            return "7";
        }

        public List<List<TaskPrediction>> predict(List<StemImage> images) {
            return images.stream().map(i -> {
                if (i.getTruth() != null) {
                    throw new AssertionError("the model was shown the truth of " + i.getImageId());
                }
                if (i.getImageId().startsWith("bad")) {
                    throw new IllegalArgumentException("cannot read " + i.getImageId());
                }
                // each image its own answer (its id's length decides), so a mix-up between images shows
                double p1 = i.getImageId().length() % 2 == 0 ? 0.25 : 0.75;
                return List.of(new TaskPrediction("T2", List.of("0", "1"), List.of(1 - p1, p1), p1 > 0.5 ? "1" : "0"));
            }).toList();
        }
    };

    @Test
    void theParticlesOfAFrameThatShowsSeveralGoWithItsResult() {
        TaskPrediction one = new TaskPrediction("T1", List.of("not-deformed", "deformed"), List.of(0.9, 0.1), "not-deformed");
        TaskPrediction other = new TaskPrediction("T1", List.of("not-deformed", "deformed"), List.of(0.2, 0.8), "deformed");
        ImageModel twoParticles = new ImageModel() {
            public String name() {
                return "m";
            }

            public String version() {
                return "1";
            }

            public List<List<TaskPrediction>> predict(List<StemImage> images) {
                throw new AssertionError("the classifier asks for answers, with their particles");
            }

            @Override
            public List<Answer> answer(List<StemImage> images) {
                return images.stream().map(i -> new Answer(List.of(one), List.of(
                        new org.stemstream.schemas.avro.ParticlePrediction(16.0, 16.0, 900.0, List.of(one)),
                        new org.stemstream.schemas.avro.ParticlePrediction(48.0, 15.0, 700.0, List.of(other))))).toList();
            }
        };
        Classification c = Classifier.classify(twoParticles, CLOCK).process(List.of(Images.rectangle("a", 16, 16, 2, 2, 5, 5, 1))).get(0).value();
        assertThat(c.getPredictions()).containsExactly(one);
        assertThat(c.getParticles()).extracting(org.stemstream.schemas.avro.ParticlePrediction::getXNm).containsExactly(16.0, 48.0);
        assertThat(c.getParticles().get(1).getPredictions()).containsExactly(other);
    }

    @Test
    void everyResultCarriesModelIdsTruthAndTimestampButTheModelNeverSeesTheTruth() {
        List<BatchProcessor.Outcome<Classification>> out = Classifier.classify(STRICT, CLOCK)
                .process(List.of(Images.rectangle("a", 16, 16, 2, 2, 5, 5, 1), Images.rectangle("bb", 16, 16, 2, 2, 5, 5, 0)));
        assertThat(out).allSatisfy(o -> {
            assertThat(o.error()).isNull();
            assertThat(o.value().getModelName()).isEqualTo("strict");
            assertThat(o.value().getModelVersion()).isEqualTo("7");
            assertThat(o.value().getSymmetries()).as("one forward pass per image").isEqualTo(1);
            assertThat(o.value().getTimestamps()).last().satisfies(t -> assertThat(t.getAtMillis()).isEqualTo(CLOCK.instant()));
        });
        // each result carries its own image's truth and prediction, in input order
        assertThat(out).extracting(o -> o.value().getImageId()).containsExactly("a", "bb");
        assertThat(out).extracting(o -> o.value().getTruth().getDeformedCount()).containsExactly(1, 0);
        assertThat(out).extracting(o -> o.value().getPredictions().get(0).getPredicted()).containsExactly("1", "0");
    }

    @Test
    void resultsSayHowManySymmetriesOfTheImageTheModelFused() {
        ImageModel tta = new ImageModel() {
            public String name() {
                return STRICT.name();
            }

            public String version() {
                return STRICT.version();
            }

            public List<List<TaskPrediction>> predict(List<StemImage> images) {
                return STRICT.predict(images);
            }

            public int symmetries() {
                return 8;
            }
        };
        List<BatchProcessor.Outcome<Classification>> out = Classifier.classify(tta, CLOCK)
                .process(List.of(Images.rectangle("a", 16, 16, 2, 2, 5, 5, 1)));
        assertThat(out).singleElement().satisfies(o -> assertThat(o.value().getSymmetries()).isEqualTo(8));
    }

    @Test
    void oneBadImageFailsAloneAndTheRestOfItsBatchIsClassified() {
        List<BatchProcessor.Outcome<Classification>> out = Classifier.classify(STRICT, CLOCK).process(List.of(
                Images.rectangle("a", 16, 16, 2, 2, 5, 5, 1), Images.rectangle("bad-1", 16, 16, 2, 2, 5, 5, 1), Images.rectangle("c", 16, 16, 2, 2, 5, 5, 1)));
        assertThat(out.get(0).value().getImageId()).isEqualTo("a");
        assertThat(out.get(1).error()).hasMessageContaining("cannot read bad-1");
        assertThat(out.get(2).value().getImageId()).isEqualTo("c");
    }
}
