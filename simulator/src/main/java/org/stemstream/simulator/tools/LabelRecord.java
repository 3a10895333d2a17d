package org.stemstream.simulator.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Labels;
import org.stemstream.simulator.NoiseStep;
import org.stemstream.simulator.Particle;
import org.stemstream.simulator.Pyramid;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.ScanRotation;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;
import org.stemstream.simulator.Sphere;
import org.stemstream.simulator.Vec3;

/** The ground truth and provenance of one rendered image, as a JSON-ready map (one labels.jsonl line). */
public final class LabelRecord {

    private LabelRecord() {
    }

    public static Map<String, Object> of(int index, String scenario, SimulationSpec spec, List<NoiseStep> steps,
                                         Map<String, String> files) {
        Particle p = spec.particle();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("seed", spec.seed());
        m.putAll(files);
        m.put("scenario", scenario);
        m.put("shape", p.shape());
        m.put("dims", dims(p));
        m.put("volumeNm3", p.volume());
        m.put("deformedCount", Labels.deformedCount(p));
        m.put("corners", Labels.deformedCorners(p));
        m.put("arrangement", Labels.arrangement(p).orElse(null));
        Quaternion q = spec.orientation();
        m.put("orientation", map("w", q.w(), "x", q.x(), "y", q.y(), "z", q.z()));
        m.put("offsetNm", map("x", spec.offsetXNm(), "y", spec.offsetYNm()));
        ScanRotation r = spec.scanRotation();
        m.put("scanRotation", r == null ? null : map("axis", vec(r.axis()), "totalAngleRad", r.totalAngleRad(),
                "perPixel", r.perPixel()));
        m.put("width", spec.width());
        m.put("height", spec.height());
        m.put("pixelSizeNm", spec.pixelSizeNm());
        m.put("atomicNumber", spec.atomicNumber());
        Imaging im = spec.imaging();
        m.put("imaging", map("probeSigmaNm", im.probeSigmaNm(), "dose", im.dose(),
                "carbon", im.carbon() == null ? null : map("meanThicknessNm", im.carbon().meanThicknessNm(),
                        "rms", im.carbon().rms(), "correlationLengthNm", im.carbon().correlationLengthNm()),
                "readNoiseSigma", im.readNoiseSigma(), "scanJitterPx", im.scanJitterPx()));
        m.put("noise", steps.stream().map(s -> map("name", s.name(), "parameters", s.parameters())).toList());
        m.put("simulatorVersion", Simulator.VERSION);
        return m;
    }

    static Map<String, Object> dims(Particle p) {
        if (p instanceof Cuboid c) {
            return map("a", c.a(), "b", c.b(), "c", c.c(), "cutDepths", c.cutDepths());
        } else if (p instanceof Pyramid py) {
            return map("b0", vec(py.b0()), "b1", vec(py.b1()), "b2", vec(py.b2()), "apex", vec(py.apex()));
        } else if (p instanceof Sphere s) {
            return map("radius", s.radius());
        }
        throw new IllegalArgumentException("unknown particle " + p);
    }

    private static double[] vec(Vec3 v) {
        return new double[] {v.x(), v.y(), v.z()};
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
