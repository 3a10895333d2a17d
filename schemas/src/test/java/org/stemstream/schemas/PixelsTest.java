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
    void uint16IsMathRoundClampedOnEdgeCasesAndRandomFloats() {
        java.util.Random random = new java.util.Random(7);
        float[] px = new float[200_000];
        float[] edges = {0.49999997f, 0.5f, 0.50000006f, 1.4999999f, 1.5f, 2.5f, 65534.5f, 65535.49f, 65535.5f, 8388607.5f,
            -0.0f, -0.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE};
        System.arraycopy(edges, 0, px, 0, edges.length);
        for (int i = edges.length; i < px.length; i++) {
            // half the floats anywhere, half in the counts' range
            px[i] = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt()) : random.nextFloat() * 70_000f - 100f;
        }
        ByteBuffer encoded = Pixels.uint16(px).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(encoded.remaining()).isEqualTo(2 * px.length);
        for (int i = 0; i < px.length; i++) {
            int expected = Math.max(0, Math.min(65535, Math.round(px[i])));
            assertThat(Short.toUnsignedInt(encoded.getShort())).as("pixel %d = %s", i, px[i]).isEqualTo(expected);
        }
    }

    @Test
    void aByteCountThatDoesNotMatchTheSizeIsRejectedWithTheNumbers() {
        assertThatThrownBy(() -> Pixels.decode(image(4, 4, PixelEncoding.UINT16, ByteBuffer.allocate(30))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4x4").hasMessageContaining("30 bytes").hasMessageContaining("expected 32");
    }

    @Test
    void nonFinitePixelsAreRejectedWithTheirPosition() {
        float[] px = new float[12];
        px[7] = Float.NaN; // x 3, y 1 in a 4x3 frame
        assertThatThrownBy(() -> Pixels.decode(image(4, 3, PixelEncoding.FLOAT32, Pixels.float32(px))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite pixel (NaN) at x 3, y 1");
        px[7] = 0;
        px[10] = Float.NEGATIVE_INFINITY; // x 2, y 2
        Pixels.Encoded box = Pixels.compact(px, 4, 3);
        assertThat(box.encoding()).isEqualTo(PixelEncoding.FLOAT32_BOX);
        assertThatThrownBy(() -> Pixels.decode(image(4, 3, box.encoding(), box.bytes())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(-Infinity) at x 2, y 2");
    }

    @Test
    void aFrameLargerThanTheMaximumIsRejectedBeforeItIsAllocated() {
        // 16 bytes of box header claiming a 46,000 x 46,000 frame (8 GB of floats)
        ByteBuffer header = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(0).putInt(0).putInt(0);
        assertThatThrownBy(() -> Pixels.decode(image(46_000, 46_000, PixelEncoding.FLOAT32_BOX, header.rewind())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("46000x46000").hasMessageContaining("2048x2048");
        float[] largest = Pixels.decode(image(Pixels.MAX_SIDE, Pixels.MAX_SIDE, PixelEncoding.FLOAT32_BOX, header.rewind()));
        assertThat(largest).hasSize(Pixels.MAX_SIDE * Pixels.MAX_SIDE);
    }

    @Test
    void compactBoxesTheNonzeroPixelsAndDecodesToTheSameFrame() {
        // 5x4 frame, nonzero at (1,1), (3,1) and (2,2): the box is x 1..3, y 1..2 -> 3x2
        float[] px = new float[20];
        px[1 * 5 + 1] = 2f;
        px[1 * 5 + 3] = -0.0f;
        px[2 * 5 + 2] = 7.5f;
        Pixels.Encoded e = Pixels.compact(px, 5, 4);
        assertThat(e.encoding()).isEqualTo(PixelEncoding.FLOAT32_BOX);
        ByteBuffer b = e.bytes().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt()}).containsExactly(1, 1, 3, 2);
        assertThat(e.bytes().remaining()).isEqualTo(16 + 3 * 2 * 4);
        float[] back = Pixels.decode(e.applyTo(StemImage.newBuilder(image(5, 4, PixelEncoding.FLOAT32, Pixels.float32(px)))).build());
        assertThat(back).containsExactly(px);
        assertThat(Float.floatToRawIntBits(back[1 * 5 + 3])).isEqualTo(Float.floatToRawIntBits(-0.0f));
    }

    @Test
    void compactIsLosslessAndItsBoxIsTheSmallestOnRandomSparseFrames() {
        java.util.Random random = new java.util.Random(42);
        float[] specials = {-0.0f, -Float.MAX_VALUE, Float.MIN_VALUE, 3.25f};
        for (int trial = 0; trial < 500; trial++) {
            int w = 1 + random.nextInt(24);
            int h = 1 + random.nextInt(24);
            float[] px = new float[w * h];
            for (int k = random.nextInt(6); k > 0; k--) {
                px[random.nextInt(px.length)] = specials[random.nextInt(specials.length)];
            }
            Pixels.Encoded e = Pixels.compact(px, w, h);
            float[] back = Pixels.decode(e.applyTo(StemImage.newBuilder(image(w, h, PixelEncoding.FLOAT32, Pixels.float32(px)))).build());
            for (int i = 0; i < px.length; i++) {
                assertThat(Float.floatToRawIntBits(back[i])).as("trial %d pixel %d", trial, i).isEqualTo(Float.floatToRawIntBits(px[i]));
            }
            if (e.encoding() == PixelEncoding.FLOAT32_BOX) {
                ByteBuffer b = e.bytes().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
                int x = b.getInt();
                int y = b.getInt();
                int bw = b.getInt();
                int bh = b.getInt();
                int x0 = w;
                int x1 = -1;
                int y0 = h;
                int y1 = -1;
                for (int i = 0; i < px.length; i++) {
                    if (Float.floatToRawIntBits(px[i]) != 0) {
                        x0 = Math.min(x0, i % w);
                        x1 = Math.max(x1, i % w);
                        y0 = Math.min(y0, i / w);
                        y1 = Math.max(y1, i / w);
                    }
                }
                int[] expected = x1 < 0 ? new int[] {0, 0, 0, 0} : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
                assertThat(new int[] {x, y, bw, bh}).as("trial %d box", trial).containsExactly(expected);
            }
        }
    }

    @Test
    void anEmptyFrameIsAnEmptyBoxAndAFullOneStaysFloat32() {
        Pixels.Encoded empty = Pixels.compact(new float[12], 4, 3);
        assertThat(empty.encoding()).isEqualTo(PixelEncoding.FLOAT32_BOX);
        assertThat(empty.bytes().remaining()).isEqualTo(16);
        assertThat(Pixels.decode(image(4, 3, empty.encoding(), empty.bytes()))).containsOnly(0f).hasSize(12);

        float[] corners = new float[12];
        corners[0] = 1f;
        corners[11] = 1f;
        Pixels.Encoded full = Pixels.compact(corners, 4, 3);
        assertThat(full.encoding()).isEqualTo(PixelEncoding.FLOAT32);
        assertThat(Pixels.decode(image(4, 3, full.encoding(), full.bytes()))).containsExactly(corners);
    }

    @Test
    void aBoxOutsideTheFrameOrWithTheWrongByteCountIsRejected() {
        ByteBuffer outside = ByteBuffer.allocate(16 + 4 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(3).putInt(0).putInt(2).putInt(2);
        assertThatThrownBy(() -> Pixels.decode(image(4, 4, PixelEncoding.FLOAT32_BOX, outside.rewind())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves the frame");
        ByteBuffer shortBody = ByteBuffer.allocate(16 + 4 * 3).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(0).putInt(2).putInt(2);
        assertThatThrownBy(() -> Pixels.decode(image(4, 4, PixelEncoding.FLOAT32_BOX, shortBody.rewind())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 bytes after the box header (expected 16)");
        assertThatThrownBy(() -> Pixels.decode(image(4, 4, PixelEncoding.FLOAT32_BOX, ByteBuffer.allocate(7))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 bytes");
    }

    @Test
    void encodeWritesTheFullFrameEncodingsAndSendsBoxesToCompact() {
        float[] px = {1.5f, 0f, 70000f};
        Pixels.Encoded counts = Pixels.encode(PixelEncoding.UINT16, px);
        assertThat(counts.encoding()).isEqualTo(PixelEncoding.UINT16);
        assertThat(Pixels.decode(image(3, 1, counts.encoding(), counts.bytes()))).containsExactly(2f, 0f, 65535f);
        Pixels.Encoded floats = Pixels.encode(PixelEncoding.FLOAT32, px);
        assertThat(Pixels.decode(image(3, 1, floats.encoding(), floats.bytes()))).containsExactly(px);
        assertThatThrownBy(() -> Pixels.encode(PixelEncoding.FLOAT32_BOX, px)).hasMessageContaining("Pixels.compact");
    }
}
