package org.stemstream.simulator.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
    /** The layout numpy.load reads: magic, version 1.0, a little-endian header length, the header dict padded to 64 bytes, the data. */
    @Test
    void theFileIsNumpysFormatOneWithItsShapeAndLittleEndianData(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.npy");
        try (NpyWriter w = NpyWriter.float32(file, 2, 3)) {
            w.write(new float[] {1, 2, 3});
            w.write(new float[] {4.5f, -1, 0});
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes[0] & 0xff).isEqualTo(0x93);
        assertThat(new String(bytes, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(bytes[6]).isEqualTo((byte) 1);
        assertThat(bytes[7]).isEqualTo((byte) 0);
        int headerLength = b.getShort(8) & 0xffff;
        assertThat((10 + headerLength) % 64).isZero();
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").endsWith("\n");
        assertThat(bytes.length).isEqualTo(10 + headerLength + 6 * 4);
        assertThat(b.getFloat(10 + headerLength + 3 * 4)).isEqualTo(4.5f);
        assertThat(b.getFloat(10 + headerLength + 4 * 4)).isEqualTo(-1f);
    }

    @Test
    void aOneDimensionalShapeIsATupleOfOneAndAShortFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("b.npy");
        try (NpyWriter w = NpyWriter.int32(file, 2)) {
            w.write(new int[] {7, -8});
        }
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII)).contains("'descr': '<i4'").contains("'shape': (2,)");
        assertThatThrownBy(() -> {
            try (NpyWriter w = NpyWriter.int32(dir.resolve("c.npy"), 3)) {
                w.write(new int[] {1});
            }
        }).hasMessage("the array's header states 3 elements; 1 were written");
        assertThatThrownBy(() -> {
            try (NpyWriter w = NpyWriter.int32(dir.resolve("d.npy"), 1)) {
                w.write(new int[] {1, 2});
            }
        }).hasMessageContaining("holds 1 elements; 2 written");
    }
}
