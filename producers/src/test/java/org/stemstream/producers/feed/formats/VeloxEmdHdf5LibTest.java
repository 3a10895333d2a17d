package org.stemstream.producers.feed.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stemstream.producers.feed.AcquiredImages;
import org.stemstream.producers.feed.RejectedFileException;
import org.stemstream.schemas.avro.PixelEncoding;

/**
 * {@link VeloxEmd} on a file the HDF5 C library wrote, as Velox's files are (superblock v0,
 * symbol-table groups, v1 B-trees, unchecksummed headers: paths of jhdf that its own writer's
 * files never take). {@code velox-hdf5lib.py} beside the file wrote it: a BF image, then a HAADF
 * stack of 3 frames of 5 x 3 floats in deflated, shuffled, checksummed 2 x 2 x 1 chunks, whose
 * detector is named only under {@code Detectors}; an emptied spectrum stream.
 */
class VeloxEmdHdf5LibTest {
    private static final String FILE = "velox-hdf5lib.emd";

    @Test
    void theHaadfStackIsReadFrameByFrameWithItsPixelSize() throws Exception {
        AcquiredImages.Decoded decoded = VeloxEmd.decode(file(), FILE);

        assertThat(decoded.frames()).hasSize(3);
        for (int f = 0; f < 3; f++) {
            float[] expected = new float[15];
            for (int i = 0; i < expected.length; i++) { // written as (y, x, frame) = 15 y + 3 x + f
                expected[i] = 15 * (i / 5) + 3 * (i % 5) + f;
            }
            assertThat(decoded.frames().get(f).pixels()).as("frame %d", f).containsExactly(expected);
            assertThat(decoded.frames().get(f).width()).isEqualTo(5);
        }
        assertThat(decoded.bitsPerSample()).isEqualTo(32);
        assertThat(decoded.encoding()).isEqualTo(PixelEncoding.FLOAT32);
        assertThat(decoded.pixelSizeNm()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void aShuffleOfAnotherElementSizeIsRefusedBeforeJhdfLoopsOverIt() throws IOException {
        byte[] file = file();
        // the filter pipeline message: "shuffle" NUL-padded to 8 bytes, then its one parameter, the element size
        int name = indexOf(file, "shuffle\0".getBytes(StandardCharsets.US_ASCII));
        assertThat(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(name + 8)).isEqualTo(4);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(name + 8, 1_040_187_396);

        Throwable thrown = catchThrowable(() -> VeloxEmd.decode(file, FILE));
        assertThat(thrown).isInstanceOf(RejectedFileException.class)
                .hasMessage(FILE + "'s image data is shuffled as elements of 1040187396 bytes; its elements take 4");
    }

    @Test
    void cutAnywhereZeroFilledOrCorruptedItIsDecodedOrRefusedAndNothingElseIsThrown() throws IOException {
        byte[] whole = file();
        for (int cut = 0; cut < whole.length; cut += 3) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThat(catchThrowable(() -> VeloxEmd.decode(part, "cut.emd"))).as("cut at %d", cut).isInstanceOf(RejectedFileException.class);
            assertDecodedOrRefused(Arrays.copyOf(part, whole.length), "zeros from " + cut);
        }
        Random random = new Random(1);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] corrupt = whole.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            assertDecodedOrRefused(corrupt, "trial " + trial);
        }
    }

    private static void assertDecodedOrRefused(byte[] bytes, String what) {
        Throwable thrown = catchThrowable(() -> VeloxEmd.decode(bytes, "fuzz.emd"));
        if (thrown != null) {
            assertThat(thrown).as(what).isInstanceOf(RejectedFileException.class);
        }
    }

    private static byte[] file() throws IOException {
        try (InputStream in = VeloxEmdHdf5LibTest.class.getResourceAsStream(FILE)) {
            assertThat(in).as(FILE + " on the test class path").isNotNull();
            return in.readAllBytes();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not in the file");
    }
}
