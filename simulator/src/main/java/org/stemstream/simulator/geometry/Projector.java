package org.stemstream.simulator.geometry;

import java.util.Arrays;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.ScanRotation;
import org.stemstream.simulator.SimulationSpec;

/**
 * Noiseless HAADF projection: each pixel is the mean chord length of s x s rays through it times
 * the contrast (Z / 79)^n, i.e. gold-equivalent thickness in nm. Sub-ray (m, l) of pixel (i, j)
 * runs through x = (i + (m + 0.5) / s - W / 2) * pixel size, y likewise (physics.md), measured
 * from the particle centre at the spec's offset. With rotation during the scan, each scan line
 * (or pixel) uses its own orientation. Expects a validated spec.
 */
public final class Projector {

    /** HAADF contrast exponent n in Z^n. */
    public static final double CONTRAST_EXPONENT = 1.7;

    private Projector() {
    }

    /** The contrast per nm of material with atomic number {@code z}, relative to gold. */
    public static double contrast(double z) {
        return StrictMath.pow(z / SimulationSpec.GOLD, CONTRAST_EXPONENT);
    }

    public static Image project(SimulationSpec spec, int supersampling) {
        int w = spec.width();
        int h = spec.height();
        int s = supersampling;
        double ps = spec.pixelSizeNm();
        int n = w * s;
        RaySamples xs = RaySamples.of((0.5 / s - w / 2.0) * ps - spec.offsetXNm(), ps / s, n);
        ChordTracer tracer = ChordTracer.of(spec.particle());
        ScanRotation rotation = spec.scanRotation();
        boolean perLine = rotation != null && !rotation.perPixel();
        boolean perPixel = rotation != null && rotation.perPixel();
        tracer.orient(spec.orientation());
        double scale = contrast(spec.atomicNumber()) / (s * s);
        float[] out = new float[w * h];
        double[] acc = new double[n];
        // only pixels whose rays can meet the bounding sphere are traced
        double radius = spec.particle().boundingRadius();
        int i0 = xs.lowerBound(-radius, 0, n) / s;
        int i1 = (xs.upperBound(radius, 0, n) + s - 1) / s;
        for (int j = 0; j < h; j++) {
            if (rayY(spec, j, s - 1, s) < -radius || rayY(spec, j, 0, s) > radius) {
                continue;
            }
            if (perLine) {
                tracer.orient(rotation.orientationAt(spec.orientation(), (double) j / h));
            }
            Arrays.fill(acc, i0 * s, i1 * s, 0.0);
            if (perPixel) {
                for (int i = i0; i < i1; i++) {
                    tracer.orient(rotation.orientationAt(spec.orientation(), (j + (double) i / w) / h));
                    for (int m = 0; m < s; m++) {
                        tracer.addRow(rayY(spec, j, m, s), xs, i * s, i * s + s, acc);
                    }
                }
            } else {
                for (int m = 0; m < s; m++) {
                    tracer.addRow(rayY(spec, j, m, s), xs, i0 * s, i1 * s, acc);
                }
            }
            int row = j * w;
            for (int i = i0; i < i1; i++) {
                double sum = 0;
                for (int k = i * s; k < i * s + s; k++) {
                    sum += acc[k];
                }
                out[row + i] = (float) (sum * scale);
            }
        }
        return Image.wrap(w, h, out);
    }

    /** The y of sub-row m of pixel row j, relative to the particle centre. */
    private static double rayY(SimulationSpec spec, int j, int m, int s) {
        return ((j + (m + 0.5) / s) - spec.height() / 2.0) * spec.pixelSizeNm() - spec.offsetYNm();
    }
}
