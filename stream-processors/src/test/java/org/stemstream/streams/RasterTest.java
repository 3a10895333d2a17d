package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class RasterTest {
    /** 3 wide, 2 high: 0 1 2 / 3 4 5. */
    private static final Raster R = new Raster(3, 2, new float[] {0, 1, 2, 3, 4, 5});

    @Test
    void flipsReverseColumnsOrRows() {
        assertThat(R.flipHorizontal().pixels()).containsExactly(2, 1, 0, 5, 4, 3);
        assertThat(R.flipVertical().pixels()).containsExactly(3, 4, 5, 0, 1, 2);
    }

    @Test
    void aQuarterTurnTakesTheRightEdgeToTheBottomAndSwapsTheSize() {
        Raster t = R.rotate90(1);
        assertThat(t.width()).isEqualTo(2);
        assertThat(t.height()).isEqualTo(3);
        // columns of the input, left to right, become rows top to bottom, read from the bottom row up
        assertThat(t.pixels()).containsExactly(3, 0, 4, 1, 5, 2);
        assertThat(R.rotate90(4).pixels()).containsExactly(R.pixels());
        assertThat(R.rotate90(-1).pixels()).containsExactly(R.rotate90(3).pixels());
        assertThat(R.rotate90(2).pixels()).containsExactly(R.flipHorizontal().flipVertical().pixels());
    }

    @Test
    void aZeroRotationChangesNothingAndAQuarterRotationOfASquareMatchesTheExactTurn() {
        assertThat(R.rotate(0, 7f).pixels()).containsExactly(R.pixels());
        Raster square = new Raster(3, 3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        float[] bilinear = square.rotate(Math.PI / 2, 0f).pixels();
        float[] exact = square.rotate90(1).pixels();
        for (int i = 0; i < exact.length; i++) {
            assertThat(bilinear[i]).isCloseTo(exact[i], offset(1e-5f));
        }
    }

    @Test
    void shiftsMoveContentAndFillWhatTheyUncover() {
        assertThat(R.shift(1, 0, 9f).pixels()).containsExactly(9, 0, 1, 9, 3, 4);
        assertThat(R.shift(0, -1, 9f).pixels()).containsExactly(3, 4, 5, 9, 9, 9);
    }

    @Test
    void cropsTakeAWindowInsideTheImage() {
        Raster c = R.crop(1, 0, 2, 2);
        assertThat(c.width()).isEqualTo(2);
        assertThat(c.pixels()).containsExactly(1, 2, 4, 5);
        assertThatThrownBy(() -> R.crop(2, 0, 2, 2)).hasMessageContaining("outside the 3x2 image");
    }

    @Test
    void gainAndContrastScaleAboutTheMeanAndNeverGoNegative() {
        assertThat(R.gainContrast(2, 1, 0).pixels()).containsExactly(0, 2, 4, 6, 8, 10);
        assertThat(R.gainContrast(1, 3, 2.5).pixels()).containsExactly(0, 0, 1, 4, 7, 10);
    }

    @Test
    void theBorderMeanAveragesTheOutermostPixels() {
        Raster r = new Raster(3, 3, new float[] {1, 1, 1, 1, 100, 1, 1, 1, 1});
        assertThat(r.borderMean()).isEqualTo(1f);
    }
}
