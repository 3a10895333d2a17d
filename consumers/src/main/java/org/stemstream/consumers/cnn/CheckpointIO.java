package org.stemstream.consumers.cnn;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Arrays in a training checkpoint's binary files: a length, then the values. Reading into an array
 * of a given length refuses another length, naming what was read, so that a checkpoint of another
 * net fails with a message instead of training on misplaced weights.
 */
public final class CheckpointIO {
    private CheckpointIO() {
    }

    public static void write(DataOutput out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    public static void write(DataOutput out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    /** Reads a float array of any length. */
    public static float[] readFloats(DataInput in) throws IOException {
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    /** Reads a float array into {@code into}, which must have its length. */
    public static void readInto(DataInput in, float[] into, String what) throws IOException {
        int n = in.readInt();
        if (n != into.length) {
            throw new IOException("checkpoint: " + what + " holds " + n + " values, this net " + into.length);
        }
        for (int i = 0; i < n; i++) {
            into[i] = in.readFloat();
        }
    }

    /** Reads an int array into {@code into}, which must have its length. */
    public static void readInto(DataInput in, int[] into, String what) throws IOException {
        int n = in.readInt();
        if (n != into.length) {
            throw new IOException("checkpoint: " + what + " holds " + n + " values, this run " + into.length);
        }
        for (int i = 0; i < n; i++) {
            into[i] = in.readInt();
        }
    }
}
