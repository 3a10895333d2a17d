package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageTest {

    @Test
    void pixelsAreRowMajorAndCopied() {
        float[] px = {1, 2, 3, 4, 5, 6};
        Image im = Image.of(3, 2, px);
        px[0] = 99;
        assertThat(im.get(0, 0)).isEqualTo(1f);
        assertThat(im.get(2, 1)).isEqualTo(6f);
        im.pixels()[1] = 42;
        assertThat(im.get(1, 0)).isEqualTo(2f);
        assertThat(im.sum()).isEqualTo(21.0);
        assertThat(im.min()).isEqualTo(1f);
        assertThat(im.max()).isEqualTo(6f);
    }

    @Test
    void equalityIsBitwise() {
        assertThat(Image.of(1, 1, new float[] {0f})).isEqualTo(Image.of(1, 1, new float[] {0f}));
        assertThat(Image.of(1, 1, new float[] {0f})).isNotEqualTo(Image.of(1, 1, new float[] {-0f}));
        assertThat(Image.of(2, 1, new float[2])).isNotEqualTo(Image.of(1, 2, new float[2]));
    }

    @Test
    void sizeMustMatchThePixels() {
        assertThatThrownBy(() -> Image.of(3, 3, new float[8])).hasMessageContaining("8 != 3 x 3");
        assertThatThrownBy(() -> Image.of(0, 3, new float[0])).hasMessageContaining("0 x 3");
    }

    @Test
    void supportIsTheSmallestRegionOfPixelsThatAreNotPlusZero() {
        float[] px = new float[6 * 5];
        assertThat(Image.of(6, 5, px).support()).isEqualTo(Image.Region.EMPTY);
        px[1 * 6 + 4] = -0.0f;     // x 4, y 1: -0.0 counts
        px[3 * 6 + 2] = Float.NaN; // x 2, y 3: so does NaN
        px[2 * 6 + 3] = 1.5f;
        assertThat(Image.of(6, 5, px).support()).isEqualTo(new Image.Region(2, 1, 3, 3));
        px[4 * 6 + 5] = Float.MIN_VALUE;
        assertThat(Image.of(6, 5, px).support()).isEqualTo(new Image.Region(2, 1, 4, 4));
    }

    @Test
    void anAxisAlignedCubesSupportIsItsEdgeInPixels() {
        // 10 nm cube at 0.25 nm per pixel, centred on a 128-pixel frame: pixel centres (i + 0.5 - 64) * 0.25
        // inside (-5, 5) nm are i = 44..83, 40 pixels on each axis
        Image im = Simulator.project(TestSpecs.of(Cuboid.cube(10)), 1);
        assertThat(im.support()).isEqualTo(new Image.Region(44, 44, 40, 40));
    }

    @Test
    void copyToPutsTheRegionsRowsAndNothingElse() {
        Image im = Image.of(4, 3, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        java.nio.FloatBuffer target = java.nio.FloatBuffer.allocate(5);
        target.put(-1f);
        im.copyTo(new Image.Region(1, 1, 2, 2), target);
        assertThat(target.array()).containsExactly(-1f, 5f, 6f, 9f, 10f);
        assertThatThrownBy(() -> im.copyTo(new Image.Region(3, 0, 2, 1), java.nio.FloatBuffer.allocate(2)))
                .hasMessageContaining("not inside the 4 x 3 image");
        assertThatThrownBy(() -> new Image.Region(-1, 0, 1, 1)).hasMessageContaining("negative");
    }
}
