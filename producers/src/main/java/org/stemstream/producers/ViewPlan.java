package org.stemstream.producers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Vec3;

/**
 * How many views of one particle a campaign asks for, and at which orientations: independent
 * random orientations (uniform on SO(3)), or a tilt series with known angles about a lab axis
 * (view i at r(axis, i * step) * q0, as a microscope's tilt holder would give).
 */
public sealed interface ViewPlan {
    int views();

    /** The orientations of the views, the first being {@code first}; {@code rnd} feeds random plans. */
    List<Quaternion> orientations(Quaternion first, SplittableRandom rnd);

    static ViewPlan single() {
        return new Independent(1);
    }

    record Independent(int views) implements ViewPlan {
        public Independent {
            check(views);
        }

        @Override
        public List<Quaternion> orientations(Quaternion first, SplittableRandom rnd) {
            List<Quaternion> out = new ArrayList<>(views);
            out.add(first);
            for (int i = 1; i < views; i++) {
                out.add(Quaternion.random(rnd));
            }
            return out;
        }
    }

    record TiltSeries(int views, Vec3 axis, double stepRad) implements ViewPlan {
        public TiltSeries {
            check(views);
            if (!Double.isFinite(stepRad)) {
                throw new IllegalArgumentException("tilt step must be finite, got " + stepRad);
            }
        }

        @Override
        public List<Quaternion> orientations(Quaternion first, SplittableRandom rnd) {
            List<Quaternion> out = new ArrayList<>(views);
            for (int i = 0; i < views; i++) {
                out.add(Quaternion.fromAxisAngle(axis, i * stepRad).multiply(first));
            }
            return out;
        }
    }

    private static void check(int views) {
        if (views < 1 || views > 360) {
            throw new IllegalArgumentException("views per particle must be in 1..360, got " + views);
        }
    }
}
