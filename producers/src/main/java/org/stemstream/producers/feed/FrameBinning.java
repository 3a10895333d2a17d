package org.stemstream.producers.feed;

import java.util.ArrayList;
import java.util.List;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.simulator.Image;

/**
 * Frames too large for one record, binned to fit: the counts of each b x b block summed into one
 * pixel of b times the size. Sums of Poisson counts are Poisson counts, so the binned frame is what
 * a detector of coarser pixels would have counted (its calibration, counts per pixel per nm of gold,
 * b² times larger). The last {@code width % b} columns and {@code height % b} rows, which fill no
 * whole block, are dropped.
 *
 * <p>The factor is the smallest that fits: a frame that fits is left as it is. Binned unsigned
 * 16-bit counts stay UINT16 while every sum does, else they become FLOAT32 (and need room for it).
 */
final class FrameBinning {
    /** Frames as they will be published: binned by {@code factor} (1: unchanged), in {@code encoding}. */
    record Binned(List<Image> frames, int factor, PixelEncoding encoding) {
    }

    private FrameBinning() {
    }

    /** The frames (all of one size) binned by the smallest factor at which each fits {@code maxPixelBytes} in its encoding. */
    static Binned toFit(List<Image> frames, PixelEncoding encoding, long maxPixelBytes) {
        int w = frames.get(0).width();
        int h = frames.get(0).height();
        if ((long) w * h * bytes(encoding) <= maxPixelBytes) {
            return new Binned(frames, 1, encoding);
        }
        for (int b = 2; b <= Math.max(w, h); b++) {
            long pixels = (long) (w / b) * (h / b);
            if (pixels * bytes(PixelEncoding.UINT16) > maxPixelBytes) {
                continue; // too large even in the narrowest encoding: no need to sum
            }
            List<Image> binned = new ArrayList<>(frames.size());
            float max = 0;
            for (Image frame : frames) {
                Image b2 = bin(frame, b);
                binned.add(b2);
                max = Math.max(max, b2.max());
            }
            PixelEncoding out = encoding == PixelEncoding.UINT16 && max <= 65535 ? PixelEncoding.UINT16 : PixelEncoding.FLOAT32;
            if (pixels * bytes(out) <= maxPixelBytes) {
                return new Binned(binned, b, out);
            }
        }
        throw new IllegalArgumentException("no binning of " + w + "x" + h + " fits " + maxPixelBytes + " bytes"); // 1x1 always does
    }

    /** Each b x b block's sum; partial blocks at the right and bottom edges dropped. */
    static Image bin(Image image, int b) {
        int w = image.width() / b;
        int h = image.height() / b;
        float[] in = image.pixels();
        int stride = image.width();
        float[] out = new float[w * h];
        for (int y = 0; y < h * b; y++) {
            int row = y * stride;
            int outRow = (y / b) * w;
            for (int x = 0; x < w * b; x++) {
                out[outRow + x / b] += in[row + x];
            }
        }
        return Image.wrap(w, h, out);
    }

    private static int bytes(PixelEncoding encoding) {
        return encoding == PixelEncoding.UINT16 ? 2 : 4;
    }
}
