package org.stemstream.simulator.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.stemstream.simulator.CarbonFilm;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Particle;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.RandomStreams;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.geometry.Projector;

/**
 * The fixed parameters of docs/seed-benchmark.md, and the sampling steps that the
 * scenarios built on it share. Changing a value here changes the benchmark: don't.
 */
public final class BenchmarkSettings {

    public static final int SIZE = 128;
    public static final double PIXEL_SIZE_NM = 0.25;
    public static final double EDGE_MIN_NM = 8;
    public static final double EDGE_MAX_NM = 14;
    public static final double OFFSET_MAX_NM = 1.5;
    public static final double CUT_MIN = 0.20;
    public static final double CUT_MAX = 0.35;
    public static final double BLUR_MIN_NM = 0.10;
    public static final double BLUR_MAX_NM = 0.25;
    public static final double DOSE = 10;
    public static final double ATOMIC_NUMBER = SimulationSpec.GOLD;
    public static final CarbonFilm CARBON = new CarbonFilm(3, 0.15, 0.5);

    private BenchmarkSettings() {
    }

    /** Edges uniform in [8, 14] nm, then the policy's corners, each cut at f uniform in [0.20, 0.35]. */
    public static Cuboid cuboid(CornerPolicy policy, SplittableRandom geometry) {
        return cuboid(policy, CUT_MIN, CUT_MAX, geometry);
    }

    /** Like {@link #cuboid(CornerPolicy, SplittableRandom)} with cut depths f uniform in [cutMin, cutMax]. */
    public static Cuboid cuboid(CornerPolicy policy, double cutMin, double cutMax, SplittableRandom geometry) {
        double a = RandomStreams.uniform(geometry, EDGE_MIN_NM, EDGE_MAX_NM);
        double b = RandomStreams.uniform(geometry, EDGE_MIN_NM, EDGE_MAX_NM);
        double c = RandomStreams.uniform(geometry, EDGE_MIN_NM, EDGE_MAX_NM);
        double[] cuts = new double[Cuboid.CORNERS];
        for (int corner : policy.choose(geometry)) {
            cuts[corner] = RandomStreams.uniform(geometry, cutMin, cutMax);
        }
        return new Cuboid(a, b, c, cuts);
    }

    /** Probe sigma uniform in [0.10, 0.25] nm, the fixed film and dose, no read noise or jitter. */
    public static Imaging imaging(SplittableRandom placement) {
        return Imaging.of(RandomStreams.uniform(placement, BLUR_MIN_NM, BLUR_MAX_NM), DOSE, CARBON);
    }

    /**
     * A spec with the benchmark's raster, material and imaging: orientation from the orientation
     * stream; offset x, offset y, then blur sigma from the placement stream; no scan rotation.
     */
    public static SimulationSpec spec(long seed, Particle particle, RandomStreams streams) {
        Quaternion orientation = Quaternion.random(streams.orientation());
        SplittableRandom placement = streams.placement();
        double ox = RandomStreams.uniform(placement, -OFFSET_MAX_NM, OFFSET_MAX_NM);
        double oy = RandomStreams.uniform(placement, -OFFSET_MAX_NM, OFFSET_MAX_NM);
        return new SimulationSpec(seed, particle, orientation, null, SIZE, SIZE, PIXEL_SIZE_NM, ox, oy,
                ATOMIC_NUMBER, imaging(placement));
    }

    /** The parameters common to every benchmark-based scenario, for JSON. */
    static Map<String, Object> commonParameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("image", map("width", SIZE, "height", SIZE, "pixelSizeNm", PIXEL_SIZE_NM,
                "fieldOfViewNm", SIZE * PIXEL_SIZE_NM));
        p.put("position", map("centred", true, "offsetNm", range(-OFFSET_MAX_NM, OFFSET_MAX_NM),
                "offsetAxes", "x and y independent"));
        p.put("orientation", "uniform random on SO(3) (Shoemake quaternions)");
        p.put("material", map("atomicNumber", ATOMIC_NUMBER, "contrast", "thickness x (Z/79)^"
                + Projector.CONTRAST_EXPONENT));
        p.put("carbonFilm", map("atomicNumber", CarbonFilm.Z, "meanThicknessNm", CARBON.meanThicknessNm(),
                "rms", CARBON.rms(), "correlationLengthNm", CARBON.correlationLengthNm()));
        p.put("probeBlurSigmaNm", range(BLUR_MIN_NM, BLUR_MAX_NM));
        p.put("dose", map("countsPerPixelPerNmGold", DOSE, "noise", "Poisson"));
        return p;
    }

    static Map<String, Object> cuboidParameters(CornerPolicy policy) {
        return cuboidParameters(policy, CUT_MIN, CUT_MAX);
    }

    static Map<String, Object> cuboidParameters(CornerPolicy policy, double cutMin, double cutMax) {
        return map("type", "cuboid", "edgesNm", range(EDGE_MIN_NM, EDGE_MAX_NM), "edges", "a, b, c independent",
                "deformation", map("cutDepthF", range(cutMin, cutMax), "cutLength", "f x shortest edge, f per corner",
                        "corners", policy.description()));
    }

    static Map<String, Object> range(double min, double max) {
        return map("min", min, "max", max);
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
