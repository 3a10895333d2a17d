package org.stemstream.simulator.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageReadersTest {

    @Test
    void colourImagesBecomeTheMeanOfTheirBands(@TempDir Path dir) throws Exception {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0x306090);
        Path png = dir.resolve("rgb.png");
        ImageIO.write(rgb, "png", png.toFile());
        assertThat(ImageReaders.read(png).pixels()).containsExactly((0x30 + 0x60 + 0x90) / 3f, 0f);
    }

    @Test
    void rejectsMissingAndUnreadableFiles(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ImageReaders.read(dir.resolve("none.tif"))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a file");
        Path junk = Files.writeString(dir.resolve("junk.tif"), "not an image");
        assertThatThrownBy(() -> ImageReaders.read(junk)).isInstanceOf(IOException.class)
                .hasMessageContaining("expected TIFF or PNG");
    }
}
