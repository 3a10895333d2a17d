package org.stemstream.simulator.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stemstream.simulator.Image;

/**
 * 16-bit grey, uncompressed, little-endian baseline TIFF (one strip), written by hand so that the
 * bytes depend on nothing but the pixels and the description. Readable by ImageIO (Java 9+), ImageJ,
 * Fiji, tifffile, DigitalMicrograph.
 */
public final class TiffWriter {

    private static final int HEADER = 8;
    private static final int ENTRIES = 13;
    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;
    private static final int ASCII = 2;

    private TiffWriter() {
    }

    public static void write(Image image, Path path, PixelScaling scaling) throws IOException {
        write(image, path, scaling, null);
    }

    /** Writes the image with an optional ImageDescription (ASCII, e.g. the label as JSON). */
    public static void write(Image image, Path path, PixelScaling scaling, String description) throws IOException {
        Files.write(path, encode(image, scaling, description));
    }

    public static byte[] encode(Image image, PixelScaling scaling, String description) {
        int w = image.width();
        int h = image.height();
        byte[] text = ((description == null ? "" : description) + '\0').getBytes(StandardCharsets.US_ASCII);
        int ifdSize = 2 + ENTRIES * 12 + 4;
        int resolution = HEADER + ifdSize;
        int textOffset = resolution + 8;
        int dataOffset = textOffset + text.length + (text.length & 1);
        int dataBytes = w * h * 2;
        ByteBuffer b = ByteBuffer.allocate(dataOffset + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(HEADER);
        b.putShort((short) ENTRIES);
        entry(b, 256, LONG, 1, w);                 // ImageWidth
        entry(b, 257, LONG, 1, h);                 // ImageLength
        entry(b, 258, SHORT, 1, 16);               // BitsPerSample
        entry(b, 259, SHORT, 1, 1);                // Compression: none
        entry(b, 262, SHORT, 1, 1);                // PhotometricInterpretation: BlackIsZero
        entry(b, 270, ASCII, text.length, textOffset); // ImageDescription
        entry(b, 273, LONG, 1, dataOffset);        // StripOffsets
        entry(b, 277, SHORT, 1, 1);                // SamplesPerPixel
        entry(b, 278, LONG, 1, h);                 // RowsPerStrip
        entry(b, 279, LONG, 1, dataBytes);         // StripByteCounts
        entry(b, 282, RATIONAL, 1, resolution);    // XResolution
        entry(b, 283, RATIONAL, 1, resolution);    // YResolution
        entry(b, 296, SHORT, 1, 1);                // ResolutionUnit: none
        b.putInt(0);                               // no next IFD
        b.putInt(1).putInt(1);                     // resolution 1/1
        b.put(text);
        if ((text.length & 1) != 0) {
            b.put((byte) 0);
        }
        for (int v : samples(image, scaling)) {
            b.putShort((short) v);
        }
        return b.array();
    }

    /** The 16-bit sample values (0..65535) the writer stores, row-major. */
    public static int[] samples(Image image, PixelScaling scaling) {
        float[] px = image.pixels();
        int[] out = new int[px.length];
        float min = image.min();
        float max = image.max();
        float scale = max > min ? 65535f / (max - min) : 0f;
        for (int i = 0; i < px.length; i++) {
            float v = scaling == PixelScaling.COUNTS ? px[i] : (px[i] - min) * scale;
            out[i] = Math.max(0, Math.min(65535, Math.round(v)));
        }
        return out;
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == SHORT && count == 1) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }
}
