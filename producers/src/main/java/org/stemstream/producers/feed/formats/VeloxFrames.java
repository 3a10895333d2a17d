package org.stemstream.producers.feed.formats;

import io.jhdf.api.Dataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.simulator.Image;

/**
 * A Velox image's {@code Data} dataset in, its frames out with the bits and encoding of its
 * samples. Velox stores (height, width, frames), frames last (rosettasciio's
 * {@code _emd_velox.py} rolls that axis to the front; a single image has 1 frame); a 2-D
 * (height, width) dataset is read as one frame. Integers of 1, 2, 4 bytes and signed 8 bytes, and
 * 4- or 8-byte floats, are read; unsigned integers of at most 16 bits are published as UINT16, the
 * rest as FLOAT32 (jhdf widens unsigned types to the next Java type: uint16 arrives as int).
 * Sizes are checked before anything is read: frame and stack bounds
 * ({@link AcquiredImages#checkStack}), and the chunks and filters ({@link HdfBounds}).
 *
 * @param frames        the frames, each width x height, row-major
 * @param bitsPerSample bits of one stored sample
 * @param encoding      how the samples are published
 */
record VeloxFrames(List<Image> frames, int bitsPerSample, PixelEncoding encoding) {
    /** The widest sample read (int64, float64): what bounds the bytes jhdf may allocate. */
    private static final int MAX_SAMPLE_BYTES = 8;

    static VeloxFrames read(Dataset data, String fileName) throws RejectedFileException {
        long[] dims = data.getDimensionsAsLong();
        if (dims.length < 2 || dims.length > 3 || Arrays.stream(dims).anyMatch(d -> d < 1 || d > Integer.MAX_VALUE)) {
            throw new RejectedFileException(fileName + "'s image data has the shape " + Arrays.toString(dims)
                    + "; Velox images are (height, width, frames), each 1.." + Integer.MAX_VALUE);
        }
        long h = dims[0];
        long w = dims[1];
        long n = dims.length == 3 ? dims[2] : 1;
        if (w * h > AcquiredImages.MAX_PIXELS) {
            throw new RejectedFileException(fileName + " is " + w + "x" + h + " = " + w * h + " pixels; the feed decodes frames of 1.."
                    + AcquiredImages.MAX_PIXELS);
        }
        AcquiredImages.checkStack(fileName, w, h, n);
        DataType type = data.getDataType();
        int bytes = type.getSize();
        PixelEncoding encoding = encoding(type, fileName);
        HdfBounds.check(data, w * h * n * MAX_SAMPLE_BYTES, fileName, "image data");
        IntToDoubleFunction sample = samples(data.getDataFlat(), type, fileName);
        int width = (int) w;
        int height = (int) h;
        int count = (int) n;
        List<Image> frames = new ArrayList<>(count);
        for (int f = 0; f < count; f++) {
            float[] px = new float[width * height];
            for (int i = 0; i < px.length; i++) { // C order: the frame index varies fastest, then x, then y
                px[i] = (float) sample.applyAsDouble(i * count + f);
                if (!Float.isFinite(px[i])) {
                    throw new RejectedFileException(fileName + " holds non-finite samples (" + sample.applyAsDouble(i * count + f) + " at x="
                            + i % width + " y=" + i / width + (count > 1 ? " of frame " + f : "") + ")");
                }
            }
            frames.add(Image.wrap(width, height, px));
        }
        return new VeloxFrames(frames, bytes * 8, encoding);
    }

    /** UINT16 for unsigned integers of 1 or 2 bytes, FLOAT32 for the other numbers read; refused otherwise. */
    private static PixelEncoding encoding(DataType type, String fileName) throws RejectedFileException {
        int bytes = type.getSize();
        if (type instanceof FixedPoint integer && (bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8)) {
            if (!integer.isSigned() && bytes == 8) {
                throw new RejectedFileException(fileName + " holds 64-bit unsigned samples, which the feed does not read");
            }
            return !integer.isSigned() && bytes <= 2 ? PixelEncoding.UINT16 : PixelEncoding.FLOAT32;
        }
        if (type instanceof FloatingPoint && (bytes == 4 || bytes == 8)) {
            return PixelEncoding.FLOAT32;
        }
        // Velox's FFT and DPC images are compounds of a real and an imaginary float
        throw new RejectedFileException(fileName + " holds " + bytes + "-byte samples of HDF5 class " + type.getClass().getSimpleName()
                + " (a complex FFT or DPC image?); the feed reads integer and float intensities");
    }

    /** The flat array jhdf returned (unsigned types widened: uint8 and uint16 as int, uint32 as long), sample by sample. */
    private static IntToDoubleFunction samples(Object flat, DataType type, String fileName) throws RejectedFileException {
        if (flat instanceof byte[] b) {
            return i -> b[i];
        } else if (flat instanceof short[] s) {
            return i -> s[i];
        } else if (flat instanceof int[] v) {
            return i -> v[i];
        } else if (flat instanceof long[] l) {
            return i -> l[i];
        } else if (flat instanceof float[] f) {
            return i -> f[i];
        } else if (flat instanceof double[] d) {
            return i -> d[i];
        }
        throw new RejectedFileException(fileName + "'s image data reads as " + flat.getClass().getSimpleName()
                + " for HDF5 type " + type.getClass().getSimpleName() + " of " + type.getSize() + " bytes, not as numbers");
    }
}
