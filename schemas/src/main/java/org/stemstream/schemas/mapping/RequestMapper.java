package org.stemstream.schemas.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.stemstream.schemas.avro.CarbonFilm;
import org.stemstream.schemas.avro.CornerCut;
import org.stemstream.schemas.avro.CuboidShape;
import org.stemstream.schemas.avro.GroundTruth;
import org.stemstream.schemas.avro.ImagingParameters;
import org.stemstream.schemas.avro.PyramidShape;
import org.stemstream.schemas.avro.ScanRotation;
import org.stemstream.schemas.avro.ShapeKind;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.avro.SphereShape;
import org.stemstream.schemas.avro.Vector3;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Labels;
import org.stemstream.simulator.Particle;
import org.stemstream.simulator.Pyramid;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Sphere;
import org.stemstream.simulator.Vec3;

/**
 * Translates between the wire contract ({@link SimulationRequest}) and the simulator's
 * {@link SimulationSpec}, and derives the ground truth of a request. Pure functions.
 */
public final class RequestMapper {
    private RequestMapper() {
    }

    public static SimulationRequest toRequest(SimulationSpec spec, String requestId, String objectId,
                                              String campaignId, int viewIndex, int viewsExpected, Instant requestedAt) {
        Quaternion q = spec.orientation();
        return SimulationRequest.newBuilder()
                .setRequestId(requestId)
                .setObjectId(objectId)
                .setCampaignId(campaignId)
                .setSeed(spec.seed())
                .setShape(shape(spec.particle()))
                .setOrientation(new org.stemstream.schemas.avro.Quaternion(q.w(), q.x(), q.y(), q.z()))
                .setScanRotation(spec.scanRotation() == null ? null : new ScanRotation(
                        vector(spec.scanRotation().axis()), spec.scanRotation().totalAngleRad(), spec.scanRotation().perPixel()))
                .setWidthPx(spec.width())
                .setHeightPx(spec.height())
                .setPixelSizeNm(spec.pixelSizeNm())
                .setOffsetXNm(spec.offsetXNm())
                .setOffsetYNm(spec.offsetYNm())
                .setAtomicNumber(spec.atomicNumber())
                .setImaging(imaging(spec.imaging()))
                .setViewIndex(viewIndex)
                .setViewsExpected(viewsExpected)
                .setRequestedAt(requestedAt)
                .build();
    }

    /**
     * The simulator's view of a request. Imaging fields left null in the request (processor
     * defaults) are taken from {@code defaults}.
     *
     * @throws IllegalArgumentException for a zero or non-finite quaternion or a malformed shape
     */
    public static SimulationSpec toSpec(SimulationRequest r, Imaging defaults) {
        var o = r.getOrientation();
        ScanRotation scan = r.getScanRotation();
        return new SimulationSpec(r.getSeed(), particle(r.getShape()), Quaternion.of(o.getW(), o.getX(), o.getY(), o.getZ()),
                scan == null ? null : new org.stemstream.simulator.ScanRotation(vec(scan.getAxis()), scan.getTotalAngleRad(), scan.getPerPixel()),
                r.getWidthPx(), r.getHeightPx(), r.getPixelSizeNm(), r.getOffsetXNm(), r.getOffsetYNm(), r.getAtomicNumber(),
                imaging(r.getImaging(), defaults));
    }

    /**
     * The seed of an image's noise, derived from its request's seed: the pipeline's noise stage
     * and the trainer's dataset renderer both use it, so an image rendered either way is the same.
     */
    public static long noiseSeed(long requestSeed) {
        return requestSeed ^ 0x6E6F697365L;
    }

    /** Request imaging parameters over defaults, field by field. */
    public static Imaging imaging(ImagingParameters p, Imaging defaults) {
        if (p == null) {
            return defaults;
        }
        CarbonFilm c = p.getCarbonFilm();
        return new Imaging(
                orElse(p.getProbeSigmaNm(), defaults.probeSigmaNm()),
                orElse(p.getDose(), defaults.dose()),
                c == null ? defaults.carbon() : new org.stemstream.simulator.CarbonFilm(c.getMeanThicknessNm(), c.getRms(), c.getCorrelationLengthNm()),
                orElse(p.getReadNoiseSigma(), defaults.readNoiseSigma()),
                orElse(p.getScanJitterPx(), defaults.scanJitterPx()));
    }

    public static ImagingParameters imaging(Imaging i) {
        var c = i.carbon();
        return new ImagingParameters(i.probeSigmaNm(), i.dose(),
                c == null ? null : new CarbonFilm(c.meanThicknessNm(), c.rms(), c.correlationLengthNm()),
                i.readNoiseSigma(), i.scanJitterPx());
    }

    /** What the image truly shows, from the spec (never from pixels). */
    public static GroundTruth truth(SimulationSpec spec) {
        Particle p = spec.particle();
        Quaternion q = spec.orientation();
        return GroundTruth.newBuilder()
                .setShape(kind(p))
                .setDeformedCount(Labels.deformedCount(p))
                .setDeformedCorners(Labels.deformedCorners(p))
                .setArrangement(Labels.arrangement(p)
                        .map(a -> org.stemstream.schemas.avro.Arrangement.valueOf(a.name())).orElse(null))
                .setOrientation(new org.stemstream.schemas.avro.Quaternion(q.w(), q.x(), q.y(), q.z()))
                .setScanRotationRad(spec.scanRotation() == null ? 0.0 : spec.scanRotation().totalAngleRad())
                .build();
    }

    static ShapeKind kind(Particle p) {
        if (p instanceof Cuboid) {
            return ShapeKind.CUBOID;
        }
        return p instanceof Pyramid ? ShapeKind.PYRAMID : ShapeKind.SPHERE;
    }

    private static Object shape(Particle p) {
        if (p instanceof Cuboid c) {
            List<CornerCut> cuts = new ArrayList<>();
            for (int corner = 0; corner < c.cutDepths().length; corner++) {
                if (c.cutDepths()[corner] > 0) {
                    cuts.add(new CornerCut(corner, c.cutDepths()[corner]));
                }
            }
            return new CuboidShape(c.a(), c.b(), c.c(), cuts);
        }
        if (p instanceof Pyramid y) {
            return new PyramidShape(vector(y.b0()), vector(y.b1()), vector(y.b2()), vector(y.apex()));
        }
        return new SphereShape(((Sphere) p).radius());
    }

    private static Particle particle(Object shape) {
        if (shape instanceof CuboidShape c) {
            double[] depths = new double[8];
            for (CornerCut cut : c.getDeformedCorners()) {
                if (cut.getCorner() < 0 || cut.getCorner() > 7) {
                    throw new IllegalArgumentException("corner index " + cut.getCorner() + " is outside 0..7");
                }
                // a listed corner is a deformed corner: depth 0 would silently mean "not deformed"
                if (!(cut.getDepth() > 0)) {
                    throw new IllegalArgumentException("corner " + cut.getCorner() + " is listed as deformed but its cut depth is "
                            + cut.getDepth() + " (must be > 0)");
                }
                if (depths[cut.getCorner()] != 0) {
                    throw new IllegalArgumentException("corner " + cut.getCorner() + " is listed twice");
                }
                depths[cut.getCorner()] = cut.getDepth();
            }
            return new Cuboid(c.getANm(), c.getBNm(), c.getCNm(), depths);
        }
        if (shape instanceof PyramidShape y) {
            return new Pyramid(vec(y.getBase0()), vec(y.getBase1()), vec(y.getBase2()), vec(y.getApex()));
        }
        if (shape instanceof SphereShape s) {
            return new Sphere(s.getRadiusNm());
        }
        throw new IllegalArgumentException("unknown shape " + (shape == null ? "null" : shape.getClass().getSimpleName()));
    }

    private static Vector3 vector(Vec3 v) {
        return new Vector3(v.x(), v.y(), v.z());
    }

    private static Vec3 vec(Vector3 v) {
        return new Vec3(v.getX(), v.getY(), v.getZ());
    }

    private static double orElse(Double v, double fallback) {
        return v == null ? fallback : v;
    }
}
