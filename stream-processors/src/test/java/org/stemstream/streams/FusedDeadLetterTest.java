package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stemstream.streams.FuseFunctionTest.t2;
import static org.stemstream.streams.FuseFunctionTest.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.serde.SchemaRegistryException;

class FusedDeadLetterTest {
    private static final int LIMIT = 1024 * 1024;
    private final FuseFunction fuse = new FuseFunction(1e-6);
    private final ObjectClassification fusion = fuse.fuse(List.of(view("a", 0, 3, "m", t2(0.6, 0.4)), view("a", 1, 3, "m", t2(0.3, 0.7))),
            FuseFunctionTest.AT);

    private static SerializationException refused() {
        return new SerializationException("no schema id for subject fuse-pending-views-changelog-value: HTTP 409",
                new SchemaRegistryException("incompatible", 409, null));
    }

    private static JsonNode json(byte[] bytes) throws IOException {
        return new ObjectMapper().readTree(bytes);
    }

    @Test
    void theStoredEncodingIsTheValueWhenItCanBeWrittenAndFits() {
        FusedDeadLetter.Value v = FusedDeadLetter.of(fusion, f -> new byte[] {0, 1, 2}, LIMIT);
        assertThat(v.bytes()).containsExactly(0, 1, 2);
        assertThat(v.format()).isEqualTo(FusedDeadLetter.AVRO_REGISTRY);
        assertThat(v.note()).isEmpty();
        assertThat(DeadLetters.header(v.headers(), FusedDeadLetter.VALUE_FORMAT)).contains(FusedDeadLetter.AVRO_REGISTRY);
        assertThat(v.headers().lastHeader(FusedDeadLetter.VALUE_SCHEMA)).isNull();
    }

    @Test
    void whenTheRegistryRefusesTheStoredEncodingTheValueIsAvroJsonThatReadsBackAsTheFusion() throws IOException {
        FusedDeadLetter.Value v = FusedDeadLetter.of(fusion, f -> {
            throw refused();
        }, LIMIT);
        assertThat(v.format()).isEqualTo(FusedDeadLetter.AVRO_JSON);
        assertThat(v.note()).contains("avro-registry failed").contains("409");
        Schema writer = new Schema.Parser().parse(DeadLetters.header(v.headers(), FusedDeadLetter.VALUE_SCHEMA).orElseThrow());
        ObjectClassification back = new SpecificDatumReader<ObjectClassification>(writer, ObjectClassification.getClassSchema())
                .read(null, DecoderFactory.get().jsonDecoder(writer, new String(v.bytes(), StandardCharsets.UTF_8)));
        assertThat(back).isEqualTo(fusion);
    }

    @Test
    void aRegistryOutageIsThrownNotWorkedAround() {
        SerializationException down = new SerializationException("no schema id", new SchemaRegistryException("cannot be reached", -1, null));
        assertThatThrownBy(() -> FusedDeadLetter.of(fusion, f -> {
            throw down;
        }, LIMIT)).isSameAs(down);
    }

    @Test
    void aFusionTooLargeForTheLimitInEitherAvroEncodingIsSummarisedWithItsImageIds() throws IOException {
        FusedDeadLetter.Value v = FusedDeadLetter.of(fusion, f -> new byte[300], 200);
        assertThat(v.format()).isEqualTo(FusedDeadLetter.SUMMARY_JSON);
        assertThat(v.note()).contains("avro-registry is 300 bytes, over the limit of 200 bytes").contains("avro-json is");
        assertThat(v.bytes().length).isLessThanOrEqualTo(200);
        JsonNode s = json(v.bytes());
        assertThat(s.path("objectId").asText()).isEqualTo("a");
        assertThat(s.path("campaignId").asText()).isEqualTo("c");
        assertThat(s.path("viewsUsed").asInt()).isEqualTo(2);
        assertThat(s.path("viewsExpected").asInt()).isEqualTo(3);
        assertThat(s.path("complete").asBoolean(true)).isFalse();
        assertThat(s.path("imageIds")).extracting(JsonNode::asText).containsExactly("a-v0", "a-v1");
        assertThat(s.path("imageIdsLeftOut").asInt(-1)).isZero();
    }

    @Test
    void aFusionAvroCannotWriteIsSummarised() throws IOException {
        ObjectClassification broken = ObjectClassification.newBuilder(fusion).build();
        broken.setModelName(null); // the setters do not check what the builder does
        FusedDeadLetter.Value v = FusedDeadLetter.of(broken, f -> {
            throw new SerializationException("cannot write ObjectClassification: null of string in field modelName");
        }, LIMIT);
        assertThat(v.format()).isEqualTo(FusedDeadLetter.SUMMARY_JSON);
        assertThat(v.note()).contains("avro-registry failed").contains("avro-json failed");
        assertThat(json(v.bytes()).path("imageIds")).extracting(JsonNode::asText).containsExactly("a-v0", "a-v1");
    }

    @Test
    void theSummaryFitsItsLimitLeavingOutTheImageIdsThatDoNotAndIsValidJsonWhateverTheIdsHold() throws IOException {
        List<Classification> views = new ArrayList<>();
        String odd = "p \"17\"\\\n\u0001\ud83d\ude00";
        for (int i = 0; i < 100; i++) {
            views.add(Classification.newBuilder(view("x", i, 100, "m", t2(0.6, 0.4))).setObjectId(odd).setImageId(odd + "-v" + i).build());
        }
        ObjectClassification many = fuse.fuse(views, FuseFunctionTest.AT);

        byte[] bytes = FusedDeadLetter.summary(many, 400);
        assertThat(bytes.length).isLessThanOrEqualTo(400);
        JsonNode s = json(bytes);
        assertThat(s.path("objectId").asText()).isEqualTo(odd);
        List<String> kept = new ArrayList<>();
        s.path("imageIds").forEach(n -> kept.add(n.asText()));
        assertThat(kept).isNotEmpty().isEqualTo(many.getImageIds().subList(0, kept.size()));
        assertThat(s.path("imageIdsLeftOut").asInt()).isEqualTo(100 - kept.size());
    }
}
