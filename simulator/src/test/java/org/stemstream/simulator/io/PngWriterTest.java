package org.stemstream.simulator.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.simulator.Image;

class PngWriterTest {

    @Test
    void stretchesMinToBlackAndMaxToWhite(@TempDir Path dir) throws Exception {
        Image im = Image.of(3, 1, new float[] {10, 15, 20});
        BufferedImage bi = PngWriter.toGray8(im);
        assertThat(bi.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(bi.getRaster().getSample(0, 0, 0)).isZero();
        assertThat(bi.getRaster().getSample(1, 0, 0)).isEqualTo(128);
        assertThat(bi.getRaster().getSample(2, 0, 0)).isEqualTo(255);
        Path png = dir.resolve("a.png");
        PngWriter.write(im, png);
        Image back = ImageReaders.read(png);
        assertThat(back.pixels()).containsExactly(0f, 128f, 255f);
    }

    /** ImageIO, given a File, printed a stack trace and failed with "Can't create an ImageOutputStream!". */
    @Test
    void aPathThatCannotBeWrittenFailsWithTheFileSystemsReason(@TempDir Path dir) {
        Image im = Image.of(1, 1, new float[] {1});
        assertThatThrownBy(() -> PngWriter.write(im, dir.resolve("no").resolve("a.png"))).isInstanceOf(NoSuchFileException.class)
                .hasMessage(dir.resolve("no").resolve("a.png").toString());
        assertThatThrownBy(() -> PngWriter.write(im, dir)).isInstanceOf(FileSystemException.class);
    }

    @Test
    void flatImageIsBlack() {
        assertThat(PngWriter.toGray8(Image.of(2, 1, new float[] {4, 4})).getRaster().getSample(1, 0, 0)).isZero();
    }
}
