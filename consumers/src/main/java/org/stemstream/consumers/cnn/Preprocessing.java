package org.stemstream.consumers.cnn;

/**
 * Image -> network input, the ONE implementation shared by the trainer and inference: scale the
 * detector counts (square root stabilises Poisson noise), subtract the background (mean of the
 * image border, which the centred particle never reaches), centre a {@code cropSize} square on the
 * particle's intensity centroid, average {@code binning x binning} blocks, then normalise with
 * constants measured on the training set. Pixels outside the image read as background.
 *
 * @param cropSize side of the square cut around the particle, in source pixels
 * @param binning  block size of the downsampling (1 keeps full resolution)
 * @param scaling  "sqrt", "log" (log1p) or "none"
 * @param mean     subtracted after background removal
 * @param std      divided by last
 */
public record Preprocessing(int cropSize, int binning, String scaling, double mean, double std) {

    public Preprocessing {
        if (cropSize <= 0 || binning <= 0 || cropSize % binning != 0) {
            throw new IllegalArgumentException("crop " + cropSize + " is not a positive multiple of binning " + binning);
        }
        if (!scaling.equals("sqrt") && !scaling.equals("log") && !scaling.equals("none")) {
            throw new IllegalArgumentException("scaling '" + scaling + "' is not sqrt, log or none");
        }
        if (!(std > 0)) {
            throw new IllegalArgumentException("std " + std + " must be > 0");
        }
    }

    /** Unnormalised (mean 0, std 1), to measure the constants on training data. */
    public static Preprocessing unnormalised(int cropSize, int binning, String scaling) {
        return new Preprocessing(cropSize, binning, scaling, 0, 1);
    }

    public Preprocessing withNormalisation(double newMean, double newStd) {
        return new Preprocessing(cropSize, binning, scaling, newMean, newStd);
    }

    /** Side of the network input. */
    public int outputSize() {
        return cropSize / binning;
    }

    public float[] apply(float[] pixels, int width, int height) {
        float[] out = new float[outputSize() * outputSize()];
        applyInto(pixels, width, height, out, 0);
        return out;
    }

    /** Writes {@code outputSize()^2} values at {@code offset} of {@code dst} (row-major). */
    public void applyInto(float[] pixels, int width, int height, float[] dst, int offset) {
        applyInto(pixels, width, height, dst, offset, null, 0);
    }

    /**
     * Like {@link #applyInto(float[], int, int, float[], int)}, and also writes the crop's top-left
     * source pixel (x, y) at {@code origin[originOffset]} unless {@code origin} is null: source pixel
     * coordinate u lands at input coordinate {@code (u - x) / binning}.
     */
    public void applyInto(float[] pixels, int width, int height, float[] dst, int offset, int[] origin, int originOffset) {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(pixels.length + " pixels for a " + width + "x" + height + " image");
        }
        float[] v = new float[pixels.length];
        switch (scaling) { // once per image, not per pixel: a switch on a string compares it each time
            case "sqrt" -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) Math.sqrt(Math.max(0f, pixels[i]));
                }
            }
            case "log" -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) Math.log1p(Math.max(0f, pixels[i]));
                }
            }
            default -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.max(0f, pixels[i]);
                }
            }
        }
        double background = borderMean(v, width, height);
        // Centroid of what stands clearly above the background.
        double sw = 0, sx = 0, sy = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double w = v[y * width + x] - background;
                if (w > 0) {
                    sw += w;
                    sx += w * x;
                    sy += w * y;
                }
            }
        }
        double cx = sw > 0 ? sx / sw : (width - 1) / 2.0;
        double cy = sw > 0 ? sy / sw : (height - 1) / 2.0;
        int x0 = (int) Math.round(cx - cropSize / 2.0 + 0.5);
        int y0 = (int) Math.round(cy - cropSize / 2.0 + 0.5);
        if (origin != null) {
            origin[originOffset] = x0;
            origin[originOffset + 1] = y0;
        }
        int size = outputSize();
        double norm = 1.0 / (binning * binning);
        for (int oy = 0; oy < size; oy++) {
            for (int ox = 0; ox < size; ox++) {
                double sum = 0;
                for (int by = 0; by < binning; by++) {
                    int y = y0 + oy * binning + by;
                    for (int bx = 0; bx < binning; bx++) {
                        int x = x0 + ox * binning + bx;
                        sum += (x >= 0 && y >= 0 && x < width && y < height) ? v[y * width + x] : background;
                    }
                }
                dst[offset + oy * size + ox] = (float) ((sum * norm - background - mean) / std);
            }
        }
    }

    private static double borderMean(float[] v, int width, int height) {
        double sum = 0;
        int n = 0;
        for (int x = 0; x < width; x++) {
            sum += v[x] + v[(height - 1) * width + x];
            n += 2;
        }
        for (int y = 1; y < height - 1; y++) {
            sum += v[y * width] + v[y * width + width - 1];
            n += 2;
        }
        return sum / n;
    }
}
