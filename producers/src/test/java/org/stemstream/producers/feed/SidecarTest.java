package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SidecarTest {

    private static Sidecar parse(String json) throws RejectedFileException {
        return Sidecar.parse(json.getBytes(StandardCharsets.UTF_8), "a.json");
    }

    @Test
    void readsAllFieldsAndIgnoresUnknownOnes() throws Exception {
        Sidecar s = parse("{\"pixelSizeNm\": 0.12, \"dose\": 25000, \"sampleId\": \"grid-7\", \"detector\": \"HAADF\"}");
        assertThat(s).isEqualTo(new Sidecar(0.12, 25000.0, "grid-7"));
        assertThat(parse("{\"countsPerNmGold\": 8.5, \"objectId\": \"p-1\"}")).isEqualTo(new Sidecar(null, null, null, "p-1", 8.5));
        assertThat(parse("{\"darkCounts\": 96}").darkCounts()).isEqualTo(96.0);
        assertThat(parse("{\"darkCounts\": 96}").orDarkCounts(50).darkCounts()).as("the sidecar's own level wins").isEqualTo(96.0);
        assertThat(Sidecar.NONE.orDarkCounts(50).darkCounts()).isEqualTo(50.0);
    }

    @Test
    void everyFieldIsOptional() throws Exception {
        assertThat(parse("{}")).isEqualTo(Sidecar.NONE);
        assertThat(parse("{\"dose\": null}")).isEqualTo(Sidecar.NONE);
        assertThat(parse("{\"sampleId\": 42}").sampleId()).isEqualTo("42");
    }

    @Test
    void theObjectIdIsTheSidecarsElseTheFileNameWithItsExtensionAndTagAfterTheSampleId() {
        String id = "acq-0123456789abcdef0123456789abcdef";
        assertThat(Sidecar.NONE.objectIdFor("img-000000.png", id)).isEqualTo("img-000000.png@01234567");
        assertThat(Sidecar.NONE.objectIdFor("img-000000.tif", id)).as("another file, another object").isEqualTo("img-000000.tif@01234567");
        assertThat(Sidecar.NONE.objectIdFor("img-000000.tif", "acq-fedcba9876543210fedcba9876543210"))
                .as("a later file of the same name, other bytes: another object").isEqualTo("img-000000.tif@fedcba98");
        assertThat(new Sidecar(null, null, "grid-7").objectIdFor("img-000000.tif", id)).isEqualTo("grid-7/img-000000.tif@01234567");
        assertThat(new Sidecar(null, null, "grid-7", "p-1", null).objectIdFor("img-000000.tif", id)).isEqualTo("p-1");
        assertThat(Sidecar.NONE.objectIdFor("a.tif", "view-3")).as("an id not the feed's is used whole").isEqualTo("a.tif@view-3");
    }

    @Test
    void aFilesOwnObjectIdIsToldFromOneASidecarNamed() {
        assertThat(Sidecar.isFileObjectId("img-1.tif@01234567", "img-1.tif")).isTrue();
        assertThat(Sidecar.isFileObjectId("grid-7/img-1.tif@01234567", "img-1.tif")).isTrue();
        assertThat(Sidecar.isFileObjectId("img-1.tif@01234567", "mg-1.tif")).isFalse();
        assertThat(Sidecar.isFileObjectId("particle-12", "img-1.tif")).isFalse();
        assertThat(Sidecar.isFileObjectId("img-1.tif", "img-1.tif")).as("no tag: a sidecar's objectId").isFalse();
    }

    @Test
    void malformedSidecarsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> parse("{\"pixelSizeNm\": 0.1")).isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("a.json").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> parse("[1, 2]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> parse("{} {}")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("{\"dose\": 1, \"dose\": 2}")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("{\"pixelSizeNm\": \"0.1\"}")).hasMessageContaining("pixelSizeNm must be a number");
        assertThatThrownBy(() -> parse("{\"pixelSizeNm\": -0.1}")).hasMessageContaining("pixelSizeNm").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> parse("{\"pixelSizeNm\": 0}")).hasMessageContaining("> 0");
        assertThatThrownBy(() -> parse("{\"dose\": -5}")).hasMessageContaining("dose").hasMessageContaining("-5");
        assertThatThrownBy(() -> parse("{\"countsPerNmGold\": 0}")).hasMessageContaining("countsPerNmGold must be a finite number > 0");
        assertThatThrownBy(() -> parse("{\"darkCounts\": -5}")).hasMessageContaining("darkCounts must be a finite number >= 0, got -5.0");
        assertThatThrownBy(() -> parse("{\"sampleId\": \" \"}")).hasMessageContaining("sampleId");
        assertThatThrownBy(() -> parse("{\"objectId\": \"\"}")).hasMessageContaining("objectId");
        assertThatThrownBy(() -> parse("{\"sampleId\": {\"a\": 1}}")).hasMessageContaining("sampleId must be a string");
        assertThatThrownBy(() -> Sidecar.parse(new byte[Sidecar.MAX_BYTES + 1], "big.json")).hasMessageContaining("big.json")
                .hasMessageContaining(Integer.toString(Sidecar.MAX_BYTES + 1));
    }
}
