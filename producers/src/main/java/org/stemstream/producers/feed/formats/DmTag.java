package org.stemstream.producers.feed.formats;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One node of a DigitalMicrograph tag tree as {@link DmTagParser} leaves it: a group of labelled
 * entries, a number, a string, an array of simple values (left in the file's bytes, not copied: the
 * image data is one), or an encoding the reader skips (structs, arrays of structs).
 */
sealed interface DmTag permits DmTag.Group, DmTag.Number, DmTag.Text, DmTag.Array, DmTag.Skipped {

    /** An entry of a group; DigitalMicrograph leaves the label empty in lists (images, dimensions). */
    record Entry(String label, DmTag tag) {
    }

    /** A tag group: its entries in file order. */
    record Group(List<Entry> entries) implements DmTag {
        public Group {
            entries = List.copyOf(entries);
        }

        /** The first entry with this label, or null. */
        public DmTag get(String label) {
            for (Entry e : entries) {
                if (e.label().equals(label)) {
                    return e.tag();
                }
            }
            return null;
        }

        /** The entries that are groups, in file order: the items of a list such as {@code ImageList}. */
        public List<Group> groups() {
            List<Group> groups = new ArrayList<>();
            for (Entry e : entries) {
                if (e.tag() instanceof Group g) {
                    groups.add(g);
                }
            }
            return groups;
        }

        /** The first group with this label, or null (also when the label names something else). */
        public Group group(String label) {
            return get(label) instanceof Group g ? g : null;
        }
    }

    /** A simple value; integers up to 2^53 are exact, which covers every size a readable image has. */
    record Number(int encodedType, double value) implements DmTag {
        public boolean isInteger() {
            return DmTagParser.isInteger(encodedType);
        }
    }

    /** A string tag (encoded type 18): one byte per character. */
    record Text(String value) implements DmTag {
    }

    /**
     * An array of simple values: {@code count} elements of {@code elementBytes} bytes each from
     * {@code offset} of the file's bytes, in {@code order}. The parser has checked that they lie
     * within the file.
     */
    record Array(int elementType, int elementBytes, int offset, int count, ByteOrder order) implements DmTag {
        public long byteLength() {
            return (long) elementBytes * count;
        }

        /**
         * The array read as text, or null when it holds no text or more than {@code maxChars}:
         * DigitalMicrograph writes strings such as units as uint16 arrays of UTF-16 code units,
         * some writers as 1-byte characters.
         */
        public String asText(byte[] file, int maxChars) {
            if (count > maxChars) {
                return null;
            }
            if (elementType == DmTagParser.UINT16) {
                StringBuilder s = new StringBuilder(count);
                for (int i = 0; i < count; i++) {
                    int at = offset + 2 * i;
                    int lo = order == ByteOrder.LITTLE_ENDIAN ? file[at] & 0xff : file[at + 1] & 0xff;
                    int hi = order == ByteOrder.LITTLE_ENDIAN ? file[at + 1] & 0xff : file[at] & 0xff;
                    s.append((char) (hi << 8 | lo));
                }
                return s.toString();
            }
            if (elementBytes == 1) {
                return new String(file, offset, count, StandardCharsets.ISO_8859_1);
            }
            return null;
        }
    }

    /** A value the reader steps over without reading (a struct, an array of structs). */
    record Skipped(int encodedType) implements DmTag {
    }
}
