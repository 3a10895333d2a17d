package org.stemstream.producers.feed.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stemstream.producers.feed.RejectedFileException;

/**
 * The tag tree of a DM3 or DM4 file: the file's bytes in, its root {@link DmTag.Group} out, or a
 * {@link RejectedFileException} saying what is malformed and where.
 *
 * <p>Layout (as read by ome/bioformats GatanReader, hyperspy/rosettasciio and ercius/openNCEM):
 * a header (version, root length, byte order), then the root group. A group is a sorted byte, an
 * open byte and a tag count; an entry is a kind byte (20 group, 21 data), a label, in DM4 the
 * entry's byte size, then a group or {@code %%%%}, an info-word count, the info words and the
 * data. Counts, sizes and info words are 32-bit in DM3 and 64-bit in DM4; the structure is
 * big-endian and only data values follow the header's byte order.
 *
 * <p>The file is hostile until proven otherwise: every count and length is checked against the
 * bytes left before anything is allocated or looped over, and nesting and the number of tags are
 * capped, so no file can hang the feed, overflow its stack or exhaust its memory.
 */
final class DmTagParser {
    static final int INT16 = 2;
    static final int INT32 = 3;
    static final int UINT16 = 4;
    static final int UINT32 = 5;
    static final int FLOAT32 = 6;
    static final int FLOAT64 = 7;
    static final int BOOL = 8;
    static final int CHAR = 9;
    static final int OCTET = 10;
    static final int INT64 = 11;
    static final int UINT64 = 12;
    static final int STRUCT = 15;
    static final int STRING = 18;
    static final int ARRAY = 20;

    /** Deeper than any real file (a few levels); a cap keeps the recursion far from the stack's end. */
    static final int MAX_DEPTH = 64;
    /** Real files hold thousands of tags; a cap bounds the tree's memory whatever the file claims. */
    static final int MAX_TAGS = 200_000;
    private static final int MAX_STRUCT_FIELDS = 1024;
    private static final int GROUP_KIND = 20;
    private static final int DATA_KIND = 21;
    private static final int END_KIND = 0;
    /** Kind byte and label length: the least an entry can take. */
    private static final int MIN_ENTRY_BYTES = 3;
    private static final int DELIMITER = 0x25252525; // "%%%%"

    private final byte[] file;
    private final String fileName;
    private final ByteBuffer structure;
    private final ByteBuffer data;
    private final boolean dm4;
    private final int wordBytes;
    private int at;
    private int tags;

    private DmTagParser(byte[] file, String fileName, int version, ByteOrder dataOrder) {
        this.file = file;
        this.fileName = fileName;
        this.structure = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
        this.data = ByteBuffer.wrap(file).order(dataOrder);
        this.dm4 = version == 4;
        this.wordBytes = dm4 ? 8 : 4;
    }

    /** The root group of a file that {@link GatanDm#sniff} accepted. */
    static DmTag.Group parse(byte[] file, String fileName, int version, ByteOrder dataOrder) throws RejectedFileException {
        DmTagParser p = new DmTagParser(file, fileName, version, dataOrder);
        p.at = version == 4 ? 16 : 12;
        return p.group(1);
    }

    static boolean isInteger(int encodedType) {
        return encodedType != FLOAT32 && encodedType != FLOAT64;
    }

    /** Bytes of one value of a simple encoded type; 0 for any other type. */
    static int simpleBytes(long encodedType) {
        if (encodedType < 0 || encodedType > UINT64) {
            return 0;
        }
        return switch ((int) encodedType) {
            case BOOL, CHAR, OCTET -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32, FLOAT32 -> 4;
            case FLOAT64, INT64, UINT64 -> 8;
            default -> 0;
        };
    }

    private DmTag.Group group(int depth) throws RejectedFileException {
        if (depth > MAX_DEPTH) {
            throw reject("tag groups nest deeper than " + MAX_DEPTH);
        }
        need(2 + wordBytes, "a tag group header");
        at += 2; // sorted and open flags: nothing to read from them
        long count = word();
        if (count < 0 || count > (long) (file.length - at) / MIN_ENTRY_BYTES) {
            throw reject("a tag group at offset " + (at - wordBytes) + " claims " + count + " tags, more than its "
                    + (file.length - at) + " remaining bytes can hold");
        }
        List<DmTag.Entry> entries = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            if (++tags > MAX_TAGS) {
                throw reject("it holds more than " + MAX_TAGS + " tags");
            }
            need(1, "a tag entry");
            int entryAt = at;
            int kind = file[at++] & 0xff;
            if (kind == END_KIND) {
                break; // some writers end a group with a zero kind instead of counting exactly
            }
            need(2, "a tag label length");
            int labelLength = structure.getShort(at) & 0xffff;
            at += 2;
            need(labelLength, "a tag label");
            String label = text(file, at, labelLength);
            at += labelLength;
            if (dm4) {
                need(8, "a tag size");
                at += 8; // the entry's byte size: the structure below says the same
            }
            if (kind == GROUP_KIND) {
                entries.add(new DmTag.Entry(label, group(depth + 1)));
            } else if (kind == DATA_KIND) {
                entries.add(new DmTag.Entry(label, value(label)));
            } else {
                throw reject("the tag '" + label + "' at offset " + entryAt + " is of kind " + kind
                        + "; a tag is a group (20) or data (21)");
            }
        }
        return new DmTag.Group(entries);
    }

    private DmTag value(String label) throws RejectedFileException {
        need(4 + wordBytes, "a data tag header");
        if (structure.getInt(at) != DELIMITER) {
            throw reject("the data tag '" + label + "' at offset " + at + " lacks its %%%% delimiter");
        }
        at += 4;
        long infoCount = word();
        if (infoCount < 1 || infoCount > 5 + 2L * MAX_STRUCT_FIELDS || infoCount > (file.length - at) / wordBytes) {
            throw reject("the data tag '" + label + "' claims " + infoCount + " type words, with " + (file.length - at) + " bytes left");
        }
        long[] info = new long[(int) infoCount];
        for (int i = 0; i < info.length; i++) {
            info[i] = word();
        }
        long type = info[0];
        int simple = simpleBytes(type);
        if (simple > 0 && info.length == 1) {
            need(simple, "the value of '" + label + "'");
            double v = number((int) type, at);
            at += simple;
            return new DmTag.Number((int) type, v);
        }
        if (type == STRING && info.length == 2) {
            int length = length(info[1], 1, label);
            String s = text(file, at, length);
            at += length;
            return new DmTag.Text(s);
        }
        if (type == STRUCT) {
            skip(structBytes(info, 0, info.length, label), label);
            return new DmTag.Skipped(STRUCT);
        }
        if (type == ARRAY && info.length == 3 && simpleBytes(info[1]) > 0) {
            int elementBytes = simpleBytes(info[1]);
            int count = length(info[2], elementBytes, label);
            DmTag.Array array = new DmTag.Array((int) info[1], elementBytes, at, count, data.order());
            at += count * elementBytes;
            return array;
        }
        if (type == ARRAY && info.length >= 5 && info[1] == STRUCT) {
            long elementBytes = structBytes(info, 1, info.length - 1, label);
            long count = info[info.length - 1];
            if (elementBytes == 0) {
                return new DmTag.Skipped(ARRAY);
            }
            skip((long) length(count, (int) elementBytes, label) * elementBytes, label);
            return new DmTag.Skipped(ARRAY);
        }
        throw reject("the data tag '" + label + "' has an encoding this reader does not know (type words " + Arrays.toString(info) + ")");
    }

    /** Bytes of one struct described by {@code info[from..to)}: 15, name length, field count, then a name length and a type per field. */
    private long structBytes(long[] info, int from, int to, String label) throws RejectedFileException {
        long fields = to - from >= 3 ? info[from + 2] : -1;
        if (fields < 0 || fields > MAX_STRUCT_FIELDS || to - from != 3 + 2 * fields) {
            throw reject("the struct tag '" + label + "' has " + (to - from) + " type words for " + fields + " fields");
        }
        long bytes = 0;
        for (int f = 0; f < fields; f++) {
            long fieldType = info[from + 4 + 2 * f];
            int fieldBytes = simpleBytes(fieldType);
            if (fieldBytes == 0) {
                throw reject("the struct tag '" + label + "' has a field of type " + fieldType + "; struct fields are simple values");
            }
            bytes += fieldBytes;
        }
        return bytes;
    }

    /** A count of elements of {@code elementBytes} each that the bytes left can hold. */
    private int length(long count, int elementBytes, String label) throws RejectedFileException {
        if (count < 0 || count > (file.length - at) / elementBytes) {
            throw reject("the data tag '" + label + "' claims " + count + " elements of " + elementBytes + " bytes, with "
                    + (file.length - at) + " bytes left");
        }
        return (int) count;
    }

    private void skip(long bytes, String label) throws RejectedFileException {
        need(bytes, "the value of '" + label + "'");
        at += (int) bytes;
    }

    private double number(int type, int offset) {
        return switch (type) {
            case INT16 -> data.getShort(offset);
            case UINT16 -> data.getShort(offset) & 0xffff;
            case INT32 -> data.getInt(offset);
            case UINT32 -> data.getInt(offset) & 0xffffffffL;
            case FLOAT32 -> data.getFloat(offset);
            case FLOAT64 -> data.getDouble(offset);
            case BOOL, OCTET -> file[offset] & 0xff;
            case CHAR -> file[offset];
            case INT64 -> data.getLong(offset);
            case UINT64 -> unsigned(data.getLong(offset));
            default -> throw new IllegalArgumentException("not a simple type: " + type);
        };
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
    }

    /** A count, size or info word: big-endian, 32-bit in DM3 and 64-bit in DM4. */
    private long word() throws RejectedFileException {
        need(wordBytes, "a count");
        long v = dm4 ? structure.getLong(at) : structure.getInt(at);
        at += wordBytes;
        return v;
    }

    private void need(long bytes, String what) throws RejectedFileException {
        if (bytes < 0 || bytes > file.length - at) {
            throw reject("it is truncated: " + what + " needs " + bytes + " bytes at offset " + at + ", the file has "
                    + (file.length - at) + " left");
        }
    }

    private RejectedFileException reject(String what) {
        return new RejectedFileException(fileName + " is not a readable DigitalMicrograph file: " + what);
    }

    /** Labels and strings: UTF-8 where they are valid UTF-8, else Latin-1 (older DigitalMicrograph versions). */
    static String text(byte[] bytes, int offset, int length) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
    }
}
