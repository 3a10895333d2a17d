package org.stemstream.simulator.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A NumPy {@code .npy} file (format version 1.0), written as it goes: its shape and type in, then
 * its elements row by row, in C order; {@code numpy.load} reads it as an array. Little-endian
 * float32 ({@code <f4}) or int32 ({@code <i4}). The header states the shape up front, so the
 * element count must come out exactly as stated: {@link #close} refuses a short file.
 */
public final class NpyWriter implements AutoCloseable {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** The header, magic included, is padded to a multiple of this, as NumPy writes it. */
    private static final int ALIGN = 64;

    private final FileChannel out;
    private final long expected;
    private final boolean floats;
    private long written;

    private NpyWriter(FileChannel out, long expected, boolean floats) {
        this.out = out;
        this.expected = expected;
        this.floats = floats;
    }

    /** A float32 array of {@code shape}. */
    public static NpyWriter float32(Path file, long... shape) throws IOException {
        return open(file, "<f4", true, shape);
    }

    /** An int32 array of {@code shape}. */
    public static NpyWriter int32(Path file, long... shape) throws IOException {
        return open(file, "<i4", false, shape);
    }

    private static NpyWriter open(Path file, String descr, boolean floats, long... shape) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? ",)" : ")") + ", }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (ALIGN - unpadded % ALIGN) % ALIGN;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 2 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).flip();
        FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        out.write(head);
        return new NpyWriter(out, Arrays.stream(shape).reduce(1, Math::multiplyExact), floats);
    }

    /** The next {@code values.length} elements of a float32 array. */
    public void write(float[] values) throws IOException {
        if (!floats) {
            throw new IllegalStateException("an int32 array takes ints");
        }
        ByteBuffer b = buffer(values.length, Float.BYTES);
        b.asFloatBuffer().put(values);
        drain(b);
    }

    /** The next {@code values.length} elements of an int32 array. */
    public void write(int[] values) throws IOException {
        if (floats) {
            throw new IllegalStateException("a float32 array takes floats");
        }
        ByteBuffer b = buffer(values.length, Integer.BYTES);
        b.asIntBuffer().put(values);
        drain(b);
    }

    private ByteBuffer buffer(int n, int bytes) {
        if (written + n > expected) {
            throw new IllegalStateException("the array holds " + expected + " elements; " + (written + n) + " written");
        }
        written += n;
        return ByteBuffer.allocate(n * bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void drain(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** Closes the file; refused (after closing) when fewer elements were written than its shape states. */
    @Override
    public void close() throws IOException {
        out.close();
        if (written != expected) {
            throw new IOException("the array's header states " + expected + " elements; " + written + " were written");
        }
    }
}
