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
        float[] px = new float[256];
        px[0] = 7;
        px[255] = 513;
        byte[] bytes = TiffWriter.encode(Image.of(16, 16, px), PixelScaling.COUNTS, "hello");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 2)).isEqualTo("II");
        assertThat(b.getShort(2)).isEqualTo((short) 42);
        assertThat(b.getInt(4)).isEqualTo(8);                       // first IFD right after the header
        assertThat(b.getShort(8)).isEqualTo((short) 13);            // IFD entries
        assertThat(new String(bytes)).contains("hello\0");
        // header 8 + IFD 2 + 13 x 12 + 4 + resolution 8 + "hello\0" 6, then 16 x 16 x 2 bytes of pixels
        int dataOffset = 8 + 162 + 8 + 6;
        assertThat(bytes).hasSize(dataOffset + 512);
        int stripOffsetEntry = 10 + 6 * 12;                         // the 7th entry: tag 273
        assertThat(b.getShort(stripOffsetEntry)).isEqualTo((short) 273);
        assertThat(b.getInt(stripOffsetEntry + 8)).isEqualTo(dataOffset);
        assertThat(b.getShort(dataOffset)).isEqualTo((short) 7);
        assertThat(b.getShort(dataOffset + 510)).isEqualTo((short) 513);
    }

    @Test
    void sameImageSameBytes(@TempDir Path dir) throws Exception {
        Image im = Image.of(2, 2, new float[] {1, 2, 3, 4});
        TiffWriter.write(im, dir.resolve("a.tif"), PixelScaling.STRETCH);
        TiffWriter.write(im, dir.resolve("b.tif"), PixelScaling.STRETCH);
        assertThat(Files.readAllBytes(dir.resolve("a.tif"))).isEqualTo(Files.readAllBytes(dir.resolve("b.tif")));
    }
}
