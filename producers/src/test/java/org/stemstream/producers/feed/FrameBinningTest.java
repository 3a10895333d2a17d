package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.simulator.Image;

class FrameBinningTest {
    @Test
    void blocksAreSummedAndTheEdgesThatFillNoBlockDropped() {
        // 5 x 3, values 0..14: 2 x 2 blocks (0+1+5+6), (2+3+7+8); the last column and row fill no block
        float[] px = new float[15];
        for (int i = 0; i < px.length; i++) {
            px[i] = i;
        }
        Image binned = FrameBinning.bin(Image.wrap(5, 3, px), 2);
        assertThat(binned.width()).isEqualTo(2);
        assertThat(binned.height()).isEqualTo(1);
        assertThat(binned.pixels()).containsExactly(12, 20);
    }

    @Test
    void aFrameThatFitsIsLeftAsItIs() {
        Image frame = Image.wrap(4, 4, new float[16]);
        FrameBinning.Binned out = FrameBinning.toFit(List.of(frame), PixelEncoding.UINT16, 32);
        assertThat(out.factor()).isEqualTo(1);
        assertThat(out.frames()).containsExactly(frame);
    }

    @Test
    void theSmallestFactorThatFitsIsTakenAndCountsStayUint16WhileTheirSumsDo() {
        float[] low = new float[36];
        java.util.Arrays.fill(low, 1000);
        // 6 x 6 UINT16 = 72 bytes; 3 x 3 = 18 bytes fits 20; sums of 4 x 1000 fit 16 bits
        FrameBinning.Binned out = FrameBinning.toFit(List.of(Image.wrap(6, 6, low)), PixelEncoding.UINT16, 20);
        assertThat(out.factor()).isEqualTo(2);
        assertThat(out.encoding()).isEqualTo(PixelEncoding.UINT16);
        assertThat(out.frames().get(0).pixels()).containsOnly(4000f).hasSize(9);

        float[] high = low.clone();
        high[0] = 60000; // its block sums to 63,000 + ... over 65,535
        high[1] = 60000;
        FrameBinning.Binned wide = FrameBinning.toFit(List.of(Image.wrap(6, 6, high)), PixelEncoding.UINT16, 20);
        assertThat(wide.encoding()).as("a sum over 16 bits").isEqualTo(PixelEncoding.FLOAT32);
        assertThat(wide.factor()).as("3 x 3 floats take 36 bytes: one more step, to 2 x 2").isEqualTo(3);
        assertThat(wide.frames().get(0).pixels()).hasSize(4);
    }

    @Test
    void aStacksFramesShareOneFactor() {
        List<Image> frames = List.of(Image.wrap(4, 4, new float[16]), Image.wrap(4, 4, new float[16]));
        FrameBinning.Binned out = FrameBinning.toFit(frames, PixelEncoding.FLOAT32, 16);
        assertThat(out.factor()).isEqualTo(2);
        assertThat(out.frames()).hasSize(2).allSatisfy(f -> assertThat(f.width()).isEqualTo(2));
    }
}
