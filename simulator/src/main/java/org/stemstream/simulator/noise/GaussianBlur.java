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
        float[] tmp = new float[w * h];
        float[] pad = new float[w + 2 * r];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            System.arraycopy(src, row, pad, r, w);
            for (int t = 0; t < r; t++) {
                pad[t] = src[row];
                pad[r + w + t] = src[row + w - 1];
            }
            for (int t = 0; t < k.length; t++) {
                float kt = k[t];
                for (int x = 0; x < w; x++) {
                    tmp[row + x] += kt * pad[x + t];
                }
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int t = 0; t < k.length; t++) {
                int sy = Math.min(h - 1, Math.max(0, y + t - r));
                float kt = k[t];
                int srcRow = sy * w;
                for (int x = 0; x < w; x++) {
                    out[row + x] += kt * tmp[srcRow + x];
                }
            }
        }
        return out;
    }
}
