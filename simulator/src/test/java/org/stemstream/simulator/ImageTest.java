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
}
