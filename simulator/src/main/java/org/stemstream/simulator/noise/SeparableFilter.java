package org.stemstream.simulator.noise;

/**
 * The two 1-D passes of a separable filter, written so that every inner loop reads and writes
 * at the same index: C2 (JDK 17) vectorises such loops, but not ones whose load and store
 * offsets differ. Taps are summed in index order, so results never depend on vectorisation.
 */
final class SeparableFilter {

    private SeparableFilter() {
    }

    /**
     * out[x] = sum over t of k[t] * in[x + t], for x in [0, n); {@code in} holds n + k.length - 1
     * values, {@code shifted} is scratch of length >= n.
     */
    static void row(float[] in, float[] k, float[] out, int n, float[] shifted) {
        float k0 = k[0];
        for (int x = 0; x < n; x++) {
            out[x] = k0 * in[x];
        }
        for (int t = 1; t < k.length; t++) {
            System.arraycopy(in, t, shifted, 0, n);
            float kt = k[t];
            for (int x = 0; x < n; x++) {
                out[x] += kt * shifted[x];
            }
        }
    }

    /** out[x] = sum over t of k[t] * rows[first + t][x], for x in [0, n). */
    static void columns(float[][] rows, int first, float[] k, float[] out, int n) {
        float[] r0 = rows[first];
        float k0 = k[0];
        for (int x = 0; x < n; x++) {
            out[x] = k0 * r0[x];
        }
        for (int t = 1; t < k.length; t++) {
            float[] rt = rows[first + t];
            float kt = k[t];
            for (int x = 0; x < n; x++) {
                out[x] += kt * rt[x];
            }
        }
    }
}
