package org.stemstream.simulator.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class GalleryTest {

    @Test
    void drawsThreeRowsOfFiveTiles() {
        BufferedImage g = Gallery.render(1);
        assertThat(g.getWidth()).isEqualTo(2 * 10 + 5 * 128 + 4 * 10);
        assertThat(g.getHeight()).isEqualTo(10 + 3 * (22 + 128 + 18 + 10));
        // the centre of the first tile shows a particle: not background white
        int centre = g.getRaster().getSample(10 + 64, 10 + 22 + 64, 0);
        int corner = g.getRaster().getSample(2, 2, 0);
        assertThat(corner).isEqualTo(255);
        assertThat(centre).isLessThan(255);
        // the same seed draws the same picture
        int[] again = Gallery.render(1).getRaster().getPixels(0, 0, g.getWidth(), g.getHeight(), (int[]) null);
        assertThat(again).isEqualTo(g.getRaster().getPixels(0, 0, g.getWidth(), g.getHeight(), (int[]) null));
    }
}
