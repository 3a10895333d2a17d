package org.stemstream.consumers.cnn;

/**
 * Image -> network input, the ONE implementation shared by the trainer and inference: scale the
 * detector counts (square root stabilises Poisson noise), subtract the background (mean of the
 * image border, which the centred particle never reaches), centre a {@code cropSize} square on the
 * particle's intensity centroid, average {@code binning x binning} blocks, then normalise with
 * constants measured on the training set. Pixels outside the image read as background.
 *
 * <p>With {@code orient} {@value #PRINCIPAL} the crop is also turned so that the particle's long
 * axis (the principal axis of its second moments) lies along x, and sampled there bilinearly: the
 * net then no longer has to learn every in-plane angle, only the four symmetries of the square that
 * keep the x axis ({@link #symmetries()}). A particle whose moments are round keeps whatever angle
 * its noise gives it.
 *
 * <p>With {@code orient} {@value #CANONICAL} the crop is turned the same way and then flipped so that
 * two moments of the particle about its axes are positive: the third along the long axis
 * (sum of w u^3, which the half turn reverses) and the mixed fourth (sum of w u^3 v, which a mirror
 * image reverses). One pose is left, not four; {@link #symmetries()} is 1. A particle that is
 * symmetric under a flip looks the same either way, so its moment's sign, set by its noise, does not
 * matter.
 *
 * <p>With {@code radius} above 0 the crop is also scaled so that the particle's radius of gyration
 * (of the same moments) comes to {@code radius} source pixels: a particle of any size then spans
 * about the same pixels, and its cuts, whose size follows its edges, too.
 *
 * @param cropSize side of the square cut around the particle, in source pixels
 * @param binning  block size of the downsampling (1 keeps full resolution)
 * @param scaling  "sqrt", "log" (log1p) or "none"
 * @param mean     subtracted after background removal
 * @param std      divided by last
 * @param orient   {@value #NONE} (null: a model written before this field), {@value #PRINCIPAL} or {@value #CANONICAL}
 * @param radius   the particle's radius of gyration in the crop, source pixels; 0 (or absent): as imaged
 */
public record Preprocessing(int cropSize, int binning, String scaling, double mean, double std, String orient, double radius) {
    /** The crop keeps the image's axes. */
    public static final String NONE = "none";
    /** The crop is turned to the particle's principal axis. */
    public static final String PRINCIPAL = "principal";
    /** The crop is turned to the particle's principal axis and flipped to the signs of its moments. */
    public static final String CANONICAL = "canonical";
    /** Pixels above this fraction of the brightest one weigh in the principal axis (the film's noise does not). */
    static final double AXIS_THRESHOLD = 0.2;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    public Preprocessing {
        orient = orient == null ? NONE : orient;
        if (!orient.equals(NONE) && !orient.equals(PRINCIPAL) && !orient.equals(CANONICAL)) {
            throw new IllegalArgumentException("orient '" + orient + "' is not " + NONE + ", " + PRINCIPAL + " or " + CANONICAL);
        }
        if (!(radius >= 0 && Double.isFinite(radius))) {
            throw new IllegalArgumentException("radius " + radius + " must be a finite number >= 0");
        }
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

    /** The crop keeps the image's axes. */
    public Preprocessing(int cropSize, int binning, String scaling, double mean, double std) {
        this(cropSize, binning, scaling, mean, std, NONE, 0);
    }

    /** Unnormalised (mean 0, std 1), to measure the constants on training data. */
    public static Preprocessing unnormalised(int cropSize, int binning, String scaling) {
        return new Preprocessing(cropSize, binning, scaling, 0, 1);
    }

    public Preprocessing withNormalisation(double newMean, double newStd) {
        return new Preprocessing(cropSize, binning, scaling, newMean, newStd, orient, radius);
    }

    public Preprocessing withOrient(String newOrient) {
        return new Preprocessing(cropSize, binning, scaling, mean, std, newOrient, radius);
    }

    public Preprocessing withRadius(double newRadius) {
        return new Preprocessing(cropSize, binning, scaling, mean, std, orient, newRadius);
    }

    /**
     * How many {@link Dihedral} variants (0 up to this) leave an input as this preprocessing could
     * have made it: all 8, or, when the crop is turned to the particle's axis, the 4 that keep the
     * x axis (the identity, the two flips and the half turn), or, when it is also flipped to its
     * moments' signs, the identity alone. Augmentation and test-time augmentation draw from these.
     */
    public int symmetries() {
        return switch (orient) {
            case PRINCIPAL -> 4;
            case CANONICAL -> 1;
            default -> Dihedral.COUNT;
        };
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
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(pixels.length + " pixels for a " + width + "x" + height + " image");
        }
        float[] v = scaled(pixels);
        Placement at = place(v, width, height);
        if (at.turned()) {
            turnedCrop(v, width, height, at.background(), at.cx(), at.cy(), at.ux(), at.uy(), at.vx(), at.vy(), dst, offset);
            return;
        }
        double background = at.background();
        int x0 = at.x0(), y0 = at.y0();
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

    /**
     * Where image points land in the network input: {@code points} holds (column, row) pairs in source
     * pixels, pixel (i, j) covering [i, i + 1) x [j, j + 1) as {@code Labels.projectedCorners} has it,
     * and so do the answers in input pixels: inside where both lie in [0, {@link #outputSize()}].
     */
    public double[] inputPositions(float[] pixels, int width, int height, double[] points) {
        Placement at = place(scaled(pixels), width, height);
        double det = at.ux() * at.vy() - at.vx() * at.uy();
        double[] out = new double[points.length];
        for (int i = 0; i + 1 < points.length; i += 2) {
            if (at.turned()) { // solve (x, y) = centre + du u + dv v for the crop's offsets du, dv from its centre
                double rx = points[i] - 0.5 - at.cx(), ry = points[i + 1] - 0.5 - at.cy();
                out[i] = ((rx * at.vy() - at.vx() * ry) / det + cropSize / 2.0) / binning;
                out[i + 1] = ((at.ux() * ry - at.uy() * rx) / det + cropSize / 2.0) / binning;
            } else {
                out[i] = (points[i] - at.x0()) / binning;
                out[i + 1] = (points[i + 1] - at.y0()) / binning;
            }
        }
        return out;
    }

    /** The background, the particle's centre, and the turned crop's source steps along x (u) and y (v), or the plain crop's top left. */
    private record Placement(double background, double cx, double cy, boolean turned, double ux, double uy, double vx, double vy,
                             int x0, int y0) {
    }

    private Placement place(float[] v, int width, int height) {
        double background = borderMean(v, width, height);
        double[] centre = centroid(v, width, height, background);
        double cx = centre[2] > 0 ? centre[0] : (width - 1) / 2.0;
        double cy = centre[2] > 0 ? centre[1] : (height - 1) / 2.0;
        if (orient.equals(NONE) && radius == 0) {
            return new Placement(background, cx, cy, false, 1, 0, 0, 1, (int) Math.round(cx - cropSize / 2.0 + 0.5), (int) Math.round(cy - cropSize / 2.0 + 0.5));
        }
        double[] axes = axes(v, width, height, background, cx, cy);
        double step = radius > 0 && axes[1] > 0 ? axes[1] / radius : 1;
        double angle = orient.equals(NONE) ? 0 : axes[0];
        double ux = Math.cos(angle) * step, uy = Math.sin(angle) * step;
        double vx = -uy, vy = ux;
        if (orient.equals(CANONICAL)) {
            ux *= axes[2];
            uy *= axes[2];
            vx *= axes[3];
            vy *= axes[3];
        }
        return new Placement(background, cx, cy, true, ux, uy, vx, vy, 0, 0);
    }

    /**
     * The particle's radius of gyration in source pixels, as {@code radius} measures it (0 for an
     * empty image), to choose {@code radius} from training images.
     */
    public double gyrationRadius(float[] pixels, int width, int height) {
        return measure(pixels, width, height)[1];
    }

    /** The angle of the long principal axis, as {@code orient} measures it. */
    double principalAngle(float[] pixels, int width, int height) {
        return measure(pixels, width, height)[0];
    }

    private double[] measure(float[] pixels, int width, int height) {
        float[] v = scaled(pixels);
        double background = borderMean(v, width, height);
        double[] centre = centroid(v, width, height, background);
        return centre[2] > 0 ? axes(v, width, height, background, centre[0], centre[1]) : new double[] {0, 0, 1, 1};
    }

    /**
     * The counts on this preprocessing's scale, clamped at 0, in this thread's scratch array (every
     * element written) rather than a new 64 kB array per frame to zero and collect. Valid until the
     * thread's next call.
     */
    private float[] scaled(float[] pixels) {
        float[] v = SCRATCH.get();
        if (v.length != pixels.length) {
            v = new float[pixels.length];
            SCRATCH.set(v);
        }
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
        return v;
    }

    /** The centroid (x, y) of what stands above the background, and its total weight (0: nothing does). */
    private static double[] centroid(float[] v, int width, int height, double background) {
        double sw = 0, sx = 0, sy = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // without a branch: on the film's noise it would be mispredicted half the time; adding 0 changes no sum
                double w = Math.max(0.0, v[y * width + x] - background);
                sw += w;
                sx += w * x;
                sy += w * y;
            }
        }
        return sw > 0 ? new double[] {sx / sw, sy / sw, sw} : new double[] {0, 0, 0};
    }

    /** The signs (x, y) that {@code orient} {@value #CANONICAL} gives the crop's axes, as it measures them. */
    int[] canonicalFlips(float[] pixels, int width, int height) {
        double[] axes = measure(pixels, width, height);
        return new int[] {(int) axes[2], (int) axes[3]};
    }

    /**
     * Of what stands above {@link #AXIS_THRESHOLD} of the peak, about (cx, cy): the angle of the
     * long principal axis, the radius of gyration, and the signs (su, sv) that {@value #CANONICAL}
     * gives the axes: those that make sum w u^3 and sum w u^3 v positive, u and v measured along the
     * axis and across it, once u is multiplied by su and v by sv (a moment of exactly 0 keeps its
     * axis). One pass gathers the moments about the image's axes; those about the particle's follow
     * by expanding u = dx cos + dy sin and v = dy cos - dx sin.
     */
    static double[] axes(float[] v, int width, int height, double background, double cx, double cy) {
        double peak = 0;
        for (float value : v) {
            peak = Math.max(peak, value - background);
        }
        double threshold = AXIS_THRESHOLD * peak;
        double m = 0, mxx = 0, myy = 0, mxy = 0;
        double m30 = 0, m21 = 0, m12 = 0, m03 = 0, m40 = 0, m31 = 0, m22 = 0, m13 = 0, m04 = 0;
        for (int y = 0; y < height; y++) {
            double dy = y - cy;
            for (int x = 0; x < width; x++) {
                double w = v[y * width + x] - background;
                if (w > threshold) {
                    double dx = x - cx;
                    double wxx = w * dx * dx, wxy = w * dx * dy, wyy = w * dy * dy, dxy = dx * dy;
                    m += w;
                    mxx += wxx;
                    myy += wyy;
                    mxy += wxy;
                    m30 += wxx * dx;
                    m21 += wxx * dy;
                    m12 += wyy * dx;
                    m03 += wyy * dy;
                    m40 += wxx * dx * dx;
                    m31 += wxx * dxy;
                    m22 += wxx * dy * dy;
                    m13 += wyy * dxy;
                    m04 += wyy * dy * dy;
                }
            }
        }
        double angle = 0.5 * Math.atan2(2 * mxy, mxx - myy);
        double c = Math.cos(angle), s = Math.sin(angle);
        double u3 = c * c * c * m30 + 3 * c * c * s * m21 + 3 * c * s * s * m12 + s * s * s * m03;
        double u3v = -s * c * c * c * m40 + (c * c * c * c - 3 * c * c * s * s) * m31 + 3 * c * s * (c * c - s * s) * m22
                + (3 * c * c * s * s - s * s * s * s) * m13 + s * s * s * c * m04;
        int su = u3 < 0 ? -1 : 1;
        // flipping u reverses sum u^3 v too: the sign of v is chosen after u's
        int sv = su * u3v < 0 ? -1 : 1;
        return new double[] {angle, m > 0 ? Math.sqrt((mxx + myy) / m) : 0, su, sv};
    }

    /**
     * The crop centred on (cx, cy), its x axis running along (ux, uy) in the image and its y axis
     * along (vx, vy), one crop pixel per such step. Each input pixel averages
     * {@code binning x binning} bilinear samples, interpolated in float: the values are floats, and in
     * double the crop took half as long again (131 us against 88 per 112-pixel crop, stop 33).
     */
    private void turnedCrop(float[] v, int width, int height, double background, double cx, double cy, double ux, double uy,
                            double vx, double vy, float[] dst, int offset) {
        int size = outputSize();
        int samples = size * binning;
        double half = cropSize / 2.0;
        double norm = 1.0 / (binning * binning);
        // each sample lies at (cx + du ux) + dv vx, (cy + du uy) + dv vy: the terms in du and dv are
        // computed once per column and once per row of samples
        double[] columnX = new double[samples];
        double[] columnY = new double[samples];
        double[] rowX = new double[samples];
        double[] rowY = new double[samples];
        for (int i = 0; i < samples; i++) {
            double d = i + 0.5 - half;
            columnX[i] = cx + d * ux;
            columnY[i] = cy + d * uy;
            rowX[i] = d * vx;
            rowY[i] = d * vy;
        }
        int[] bin = new int[samples]; // the input column of each sample column
        for (int i = 0; i < samples; i++) {
            bin[i] = i / binning;
        }
        float[] sums = new float[size];
        float bg = (float) background;
        double xEnd = width - 1, yEnd = height - 1;
        for (int oy = 0; oy < size; oy++) {
            java.util.Arrays.fill(sums, 0f);
            for (int row = oy * binning; row < (oy + 1) * binning; row++) {
                double rx = rowX[row], ry = rowY[row];
                for (int column = 0; column < samples; column++) {
                    double x = columnX[column] + rx, y = columnY[column] + ry;
                    float sample;
                    if (x >= 0 && y >= 0 && x < xEnd && y < yEnd) { // inside: no pixel to check, and a cast floors
                        int x0 = (int) x, y0 = (int) y, i = y0 * width + x0;
                        float fx = (float) (x - x0), fy = (float) (y - y0);
                        sample = blend(v[i], v[i + 1], v[i + width], v[i + width + 1], fx, fy);
                    } else {
                        sample = bilinearOutside(v, width, height, bg, x, y);
                    }
                    sums[bin[column]] += sample;
                }
            }
            for (int ox = 0; ox < size; ox++) {
                dst[offset + oy * size + ox] = (float) ((sums[ox] * norm - background - mean) / std);
            }
        }
    }

    /** v at (x, y) in pixel-centre coordinates, interpolated, where a pixel may lie outside the image: those read as the background. */
    private static float bilinearOutside(float[] v, int width, int height, float background, double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        float fx = (float) (x - x0), fy = (float) (y - y0);
        float a = at(v, width, height, background, x0, y0), b = at(v, width, height, background, x0 + 1, y0);
        float c = at(v, width, height, background, x0, y0 + 1), d = at(v, width, height, background, x0 + 1, y0 + 1);
        return blend(a, b, c, d, fx, fy);
    }

    /** The bilinear blend of a pixel's value a, its right neighbour b, the one below c and below right d, at (fx, fy) from a. */
    private static float blend(float a, float b, float c, float d, float fx, float fy) {
        float top = a + (b - a) * fx, bottom = c + (d - c) * fx;
        return top + (bottom - top) * fy;
    }

    private static float at(float[] v, int width, int height, float background, int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height ? v[y * width + x] : background;
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
