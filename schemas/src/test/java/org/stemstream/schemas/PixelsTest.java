package org.stemstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.StemImage;

class PixelsTest {
    private static StemImage image(int w, int h, PixelEncoding enc, ByteBuffer bytes) {
        return StemImage.newBuilder().setImageId("i").setObjectId("o").setCampaignId("c").setSource(ImageSource.SIMULATED)
                .setWidth(w).setHeight(h).setPixelSizeNm(0.25).setEncoding(enc).setPixels(bytes).build();
    }

    @Test
    void float32RoundTripsExactly() {
        float[] px = {0f, 1.5f, -2.25f, 1e-7f, 3.4e38f, 42f};
        assertThat(Pixels.decode(image(3, 2, PixelEncoding.FLOAT32, Pixels.float32(px)))).containsExactly(px);
    }

    @Test
    void uint16RoundsAndClampsToItsRange() {
        float[] px = {-3f, 0.4f, 0.6f, 65534.7f, 70000f, 12f};
        assertThat(Pixels.decode(image(6, 1, PixelEncoding.UINT16, Pixels.uint16(px))))
                .containsExactly(0f, 0f, 1f, 65535f, 65535f, 12f);
    }

    @Test
    void aByteCountThatDoesNotMatchTheSizeIsRejectedWithTheNumbers() {
        assertThatThrownBy(() -> Pixels.decode(image(4, 4, PixelEncoding.UINT16, ByteBuffer.allocate(30))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4x4").hasMessageContaining("30 bytes").hasMessageContaining("expected 32");
    }
}
