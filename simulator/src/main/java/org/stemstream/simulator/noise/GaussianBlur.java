package org.stemstream.simulator.noise;

import org.stemstream.simulator.Image;

/**
 * Separable Gaussian blur with clamped edges: the probe's finite size. Rows first, then columns;
 * each output pixel sums its taps in a fixed order, so results are reproducible bit for bit. Total
 * intensity is preserved for content away from the edges.
 */
public final class GaussianBlur {

    private GaussianBlur() {
    }

    public static Image blur(Image image, double sigmaPx) {
        return Image.wrap(image.width(), image.height(), blur(image.pixels(), image.width(), image.height(), sigmaPx));
    }

    /** A new, blurred array; {@code src} is not modified. */
    public static float[] blur(float[] src, int w, int h, double sigmaPx) {
        if (!(sigmaPx > 0)) {
            return src.clone();
        }
        float[] k = GaussianKernel.weights(sigmaPx);
        int r = k.length / 2;
        float[] pad = new float[w + 2 * r];
        float[] shifted = new float[w];
        float[][] rows = new float[h][];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            System.arraycopy(src, row, pad, r, w);
            for (int t = 0; t < r; t++) {
                pad[t] = src[row];
                pad[r + w + t] = src[row + w - 1];
            }
            rows[y] = new float[w];
            SeparableFilter.row(pad, k, rows[y], w, shifted);
        }
        float[][] clamped = new float[h + 2 * r][];
        for (int i = 0; i < clamped.length; i++) {
            clamped[i] = rows[Math.min(h - 1, Math.max(0, i - r))];
        }
        float[] out = new float[w * h];
        float[] line = new float[w];
        for (int y = 0; y < h; y++) {
            SeparableFilter.columns(clamped, y, k, line, w);
            System.arraycopy(line, 0, out, y * w, w);
        }
        return out;
    }
}
