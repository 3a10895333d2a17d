package org.stemstream.producers.feed.formats;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * DM3 and DM4 files as DigitalMicrograph writes them, built in memory: a tag tree in, the file's
 * bytes out. Written from the layout the readers of ome/bioformats, hyperspy/rosettasciio and
 * ercius/openNCEM expect (big-endian structure, data in the header's byte order, 64-bit counts and
 * an entry size after each label in DM4), independently of {@link DmTagParser}.
 */
final class DmFiles {
    static final int INT16 = 2;
    static final int INT32 = 3;
    static final int UINT16 = 4;
    static final int UINT32 = 5;
    static final int FLOAT32 = 6;
    static final int FLOAT64 = 7;
    static final int BOOL = 8;
    static final int OCTET = 10;

    private DmFiles() {
    }

    sealed interface Node permits Group, Data {
    }

    record Entry(String label, Node node) {
    }

    record Group(List<Entry> entries) implements Node {
    }

    /** A data tag: its type words and its value's bytes, written in the file's data byte order. */
    record Data(long[] info, Function<ByteOrder, byte[]> payload) implements Node {
    }

    static Entry entry(String label, Node node) {
        return new Entry(label, node);
    }

    /** A list's item: DigitalMicrograph leaves the label of images, dimensions and axes empty. */
    static Entry item(Node node) {
        return new Entry("", node);
    }

    static Group group(Entry... entries) {
        return new Group(List.of(entries));
    }

    static Data number(int type, double value) {
        return new Data(new long[] {type}, order -> encode(type, new double[] {value}, order));
    }

    static Data array(int type, double... values) {
        return new Data(new long[] {20, type, values.length}, order -> encode(type, values, order));
    }

    /** A string as DigitalMicrograph stores units and names: a uint16 array of UTF-16 code units. */
    static Data utf16(String s) {
        return array(UINT16, s.chars().asDoubleStream().toArray());
    }

    /** A string tag (type 18), one byte per character. */
    static Data text(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return new Data(new long[] {18, bytes.length}, order -> bytes);
    }

    /** A struct of simple fields, as DigitalMicrograph writes rectangles and colour tables. */
    static Data struct(int[] types, double... values) {
        long[] info = new long[3 + 2 * types.length];
        info[0] = 15;
        info[2] = types.length;
        for (int f = 0; f < types.length; f++) {
            info[4 + 2 * f] = types[f];
        }
        return new Data(info, order -> fields(types, values, order));
    }

    /** {@code count} structs of simple fields, all fields zero: a colour table. */
    static Data structArray(int[] types, int count) {
        long[] info = new long[5 + 2 * types.length];
        info[0] = 20;
        info[1] = 15;
        info[3] = types.length;
        for (int f = 0; f < types.length; f++) {
            info[5 + 2 * f] = types[f];
        }
        info[info.length - 1] = count;
        return new Data(info, order -> new byte[count * fields(types, new double[types.length], order).length]);
    }

    /** Any type words and bytes at all: what a hostile or broken writer leaves. */
    static Data raw(long[] info, byte[] bytes) {
        return new Data(info, order -> bytes);
    }

    /** A whole file: header, the root group, and the zero padding DigitalMicrograph ends files with. */
    static byte[] file(int version, ByteOrder order, Group root) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeGroup(body, version, order, root);
        byte[] tree = body.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(24 + tree.length + 8).order(ByteOrder.BIG_ENDIAN);
        out.putInt(version);
        if (version == 3) {
            out.putInt(tree.length + 8);
        } else {
            out.putLong(tree.length + 8);
        }
        out.putInt(order == ByteOrder.LITTLE_ENDIAN ? 1 : 0);
        out.put(tree);
        out.put(new byte[8]);
        byte[] file = new byte[out.position()];
        out.flip().get(file);
        return file;
    }

    private static void writeGroup(ByteArrayOutputStream out, int version, ByteOrder order, Group g) {
        out.write(0); // sorted
        out.write(1); // open
        writeWord(out, version, g.entries().size());
        for (Entry e : g.entries()) {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            if (e.node() instanceof Group child) {
                writeGroup(rest, version, order, child);
            } else {
                Data d = (Data) e.node();
                rest.writeBytes("%%%%".getBytes(StandardCharsets.US_ASCII));
                writeWord(rest, version, d.info().length);
                for (long w : d.info()) {
                    writeWord(rest, version, w);
                }
                rest.writeBytes(d.payload().apply(order));
            }
            byte[] label = e.label().getBytes(StandardCharsets.UTF_8);
            out.write(e.node() instanceof Group ? 20 : 21);
            out.write(label.length >> 8);
            out.write(label.length);
            out.writeBytes(label);
            if (version == 4) {
                out.writeBytes(ByteBuffer.allocate(8).putLong(rest.size()).array()); // bytes of the entry after this size
            }
            out.writeBytes(rest.toByteArray());
        }
    }

    private static void writeWord(ByteArrayOutputStream out, int version, long w) {
        out.writeBytes(version == 3 ? ByteBuffer.allocate(4).putInt((int) w).array() : ByteBuffer.allocate(8).putLong(w).array());
    }

    private static byte[] fields(int[] types, double[] values, ByteOrder order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int f = 0; f < types.length; f++) {
            out.writeBytes(encode(types[f], new double[] {values[f]}, order));
        }
        return out.toByteArray();
    }

    static byte[] encode(int type, double[] values, ByteOrder order) {
        int size = switch (type) {
            case INT16, UINT16 -> 2;
            case INT32, UINT32, FLOAT32 -> 4;
            case FLOAT64 -> 8;
            default -> 1;
        };
        ByteBuffer b = ByteBuffer.allocate(values.length * size).order(order);
        for (double v : values) {
            switch (type) {
                case INT16, UINT16 -> b.putShort((short) (long) v);
                case INT32, UINT32 -> b.putInt((int) (long) v);
                case FLOAT32 -> b.putFloat((float) v);
                case FLOAT64 -> b.putDouble(v);
                default -> b.put((byte) (long) v);
            }
        }
        return b.array();
    }
}
