package org.stemstream.simulator.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.simulator.Image;

class TiffWriterTest {

    @Test
    void countsRoundTripThroughImageIo(@TempDir Path dir) throws Exception {
        Image counts = Image.of(4, 2, new float[] {0, 1, 2.6f, 300, 65535, 70000, -3, 1234});
        Path tif = dir.resolve("c.tif");
        TiffWriter.write(counts, tif, PixelScaling.COUNTS, "{\"k\":2}");
        BufferedImage bi = ImageIO.read(tif.toFile());
        assertThat(bi.getType()).isEqualTo(BufferedImage.TYPE_USHORT_GRAY);
        assertThat(bi.getColorModel().getComponentSize(0)).isEqualTo(16);
        assertThat(ImageReaders.read(tif).pixels()).containsExactly(0, 1, 3, 300, 65535, 65535, 0, 1234);
    }

    @Test
    void stretchMapsTheRangeOntoSixteenBits() {
        int[] s = TiffWriter.samples(Image.of(3, 1, new float[] {-1, 0, 1}), PixelScaling.STRETCH);
        assertThat(s).containsExactly(0, 32768, 65535);
    }

    @Test
    void headerIsLittleEndianBaselineWithTheDescription() {
        byte[] bytes = TiffWriter.encode(Image.of(16, 16, new float[256]), PixelScaling.COUNTS, "hello");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 2)).isEqualTo("II");
        assertThat(b.getShort(2)).isEqualTo((short) 42);
        assertThat(b.getShort(8)).isEqualTo((short) 13);            // IFD entries
        assertThat(new String(bytes)).contains("hello\0");
        assertThat(bytes).hasSize(bytes.length - 512 + 512);
        assertThat(b.getInt(bytes.length - 512 - 4 + 4)).isZero();  // pixel data at the end
    }

    @Test
    void sameImageSameBytes(@TempDir Path dir) throws Exception {
        Image im = Image.of(2, 2, new float[] {1, 2, 3, 4});
        TiffWriter.write(im, dir.resolve("a.tif"), PixelScaling.STRETCH);
        TiffWriter.write(im, dir.resolve("b.tif"), PixelScaling.STRETCH);
        assertThat(Files.readAllBytes(dir.resolve("a.tif"))).isEqualTo(Files.readAllBytes(dir.resolve("b.tif")));
    }
}
