package org.stemstream.producers.feed.formats;

import java.nio.ByteBuffer;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.schemas.avro.PixelEncoding;

/**
 * The image data types of DigitalMicrograph ({@code ImageData.DataType}) that hold grey
 * intensities: a code in, the sample's size, how it is published and how one is read out. Codes as
 * in hyperspy/rosettasciio ({@code ImageObject.dtype}) and ercius/openNCEM
 * ({@code _DM2NPDataType}).
 */
enum DmDataType {
    INT16(1, 2), FLOAT32(2, 4), UINT8(6, 1), INT32(7, 4), INT8(9, 1), UINT16(10, 2), UINT32(11, 4), FLOAT64(12, 8);

    final int code;
    final int bytes;

    DmDataType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    int bits() {
        return 8 * bytes;
    }

    /** As for TIFF and PNG: unsigned integers of at most 16 bits as UINT16, values unchanged; all else as FLOAT32. */
    PixelEncoding encoding() {
        return this == UINT8 || this == UINT16 ? PixelEncoding.UINT16 : PixelEncoding.FLOAT32;
    }

    /** The sample at {@code offset} of {@code data}, whose byte order is the file's data order. */
    float read(ByteBuffer data, int offset) {
        return switch (this) {
            case INT16 -> data.getShort(offset);
            case FLOAT32 -> data.getFloat(offset);
            case UINT8 -> data.get(offset) & 0xff;
            case INT32 -> data.getInt(offset);
            case INT8 -> data.get(offset);
            case UINT16 -> data.getShort(offset) & 0xffff;
            case UINT32 -> data.getInt(offset) & 0xffffffffL;
            case FLOAT64 -> (float) data.getDouble(offset);
        };
    }

    /** The grey type with this code, or a refusal that says what the image holds instead. */
    static DmDataType of(long code, String fileName) throws RejectedFileException {
        for (DmDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        String what;
        if (code == 3 || code == 5 || code == 13 || code == 27 || code == 28) {
            what = "complex values (an FFT or exit wave)";
        } else if (code == 8 || code == 23) {
            what = "RGB colour";
        } else if (code == 14) {
            what = "a binary mask";
        } else {
            what = "an unknown DigitalMicrograph data type";
        }
        throw new RejectedFileException(fileName + " holds " + what + " (DataType " + code
                + "); the feed reads grey intensities: integer or real DataTypes 1, 2, 6, 7, 9, 10, 11, 12");
    }
}
