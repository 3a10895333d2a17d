package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * A shim, not ND4J code: DL4J 1.0.0-M2.1's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN} by reflection, a class that moved
 * to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment#isUseONEDNN}; without this
 * class the check silently says false and no layer uses oneDNN (shared/design/dl4j-speed.md).
 * Reflection because nd4j-native is a runtime-only dependency.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The old name of the native environment; only what {@code BaseMKLDNNHelper} asks for. */
    public static final class Environment {
        private static final String MOVED_TO = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the loaded native build uses oneDNN; false when it cannot tell. */
        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName(MOVED_TO);
                Object instance = env.getMethod("getInstance").invoke(null);
                Method useOneDnn = env.getMethod("isUseONEDNN");
                return (Boolean) useOneDnn.invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
