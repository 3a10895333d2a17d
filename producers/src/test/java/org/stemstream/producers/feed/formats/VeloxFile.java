package org.stemstream.producers.feed.formats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Velox EMD files as Talos and Spectra microscopes save them, written with jhdf's HDF5 writer:
 * images in, the file's bytes out. Layout as hyperspy/rosettasciio ({@code _emd_velox.py}) and
 * ercius/openNCEM ({@code emdVelox.py}) read it, independently of {@link VeloxEmd}: a
 * {@code Version} document; {@code /Data/Image/<uuid>/Data}, (height, width, frames); beside it
 * {@code Metadata}, uint8 (bytes, frames), each column the frame's JSON padded with NULs, with the
 * strings-for-numbers and the {@code BinaryResult} and {@code Detectors} sections Velox writes;
 * spectra under {@code /Data/SpectrumStream}. jhdf writes HDF5 1.10-style files (superblock v2,
 * checksummed headers) where Velox uses the HDF5 library's defaults; the layout is the same.
 */
final class VeloxFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Img> images = new ArrayList<>();
    private boolean spectrumStream;

    /** One image group: its data as a Java array (height, width[, frames]) and what its metadata says. */
    static final class Img {
        private final String detector;
        private final Object data;
        private boolean unsigned;
        private boolean detectorByIndex;
        private boolean metadata = true;
        private String width = "2.5e-10";
        private String height = "2.5e-10";
        private String unit = "m";
        private int[] chunks;

        private Img(String detector, Object data) {
            this.detector = detector;
            this.data = data;
        }

        /** Written as unsigned integers (uint8, uint16, uint32), as Velox stores detector counts. */
        Img unsigned() {
            this.unsigned = true;
            return this;
        }

        /** {@code BinaryResult.PixelSize} as Velox writes it: strings, in {@code unit} ("m"). */
        Img pixelSize(String width, String height, String unit) {
            this.width = width;
            this.height = height;
            this.unit = unit;
            return this;
        }

        /** No {@code BinaryResult.Detector}: the name only in {@code Detectors.Detector-<DetectorIndex>}. */
        Img detectorByIndex() {
            this.detectorByIndex = true;
            return this;
        }

        Img noMetadata() {
            this.metadata = false;
            return this;
        }

        /** Chunked in these dimensions and deflated (gzip). */
        Img deflated(int... chunks) {
            this.chunks = chunks;
            return this;
        }
    }

    static Img image(String detector, Object data) {
        return new Img(detector, data);
    }

    static VeloxFile of(Img... images) {
        VeloxFile file = new VeloxFile();
        file.images.addAll(List.of(images));
        return file;
    }

    /** An EDS spectrum stream beside the images, as a spectrum image's file holds. */
    VeloxFile withSpectrumStream() {
        this.spectrumStream = true;
        return this;
    }

    byte[] bytes() {
        try {
            Path path = Files.createTempFile("velox", ".emd");
            try {
                try (WritableHdfFile file = HdfFile.write(path)) {
                    file.putDataset("Version", new String[] {"{\"format\": \"Velox\", \"version\": \"11\"}"});
                    // jhdf cannot read back an empty group it wrote: a file of neither images nor spectra has no /Data
                    if (!images.isEmpty() || spectrumStream) {
                        writeData(file.putGroup("Data"));
                    }
                }
                return Files.readAllBytes(path);
            } finally {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeData(WritableGroup data) {
        WritableGroup imageGroup = images.isEmpty() ? null : data.putGroup("Image");
        for (int i = 0; i < images.size(); i++) {
            write(imageGroup.putGroup(uuid(i)), images.get(i), i);
        }
        if (spectrumStream) {
            WritableGroup stream = data.putGroup("SpectrumStream").putGroup(uuid(99));
            stream.putDataset("Data", new int[][] {{65535}, {3}, {17}, {65535}}, DatasetCreationOptions.builder().unsigned().build());
        }
    }

    private static void write(WritableGroup group, Img image, int index) {
        DatasetCreationOptions.Builder options = DatasetCreationOptions.builder();
        if (image.unsigned) {
            options.unsigned();
        }
        if (image.chunks != null) {
            options.chunkDimensions(image.chunks).deflate();
        }
        group.putDataset("Data", image.data, options.build());
        if (image.metadata) {
            group.putDataset("Metadata", metadata(image, index, frames(image.data)), DatasetCreationOptions.builder().unsigned().build());
        }
    }

    /** The third axis's length of a (height, width, frames) array; 1 for (height, width). */
    private static int frames(Object data) {
        Object row = Array.get(Array.get(data, 0), 0);
        return row.getClass().isArray() ? Array.getLength(row) : 1;
    }

    /** The JSON document, one NUL-padded column per frame. */
    private static byte[][] metadata(Img image, int index, int frames) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("Core").put("MetadataDefinitionVersion", "7.9").put("MetadataSchemaVersion", "v1/2013/07");
        ObjectNode binary = root.putObject("BinaryResult");
        if (!image.detectorByIndex) {
            binary.put("Detector", image.detector);
        }
        binary.put("DetectorIndex", Integer.toString(index + 2)).put("Encoding", "").put("PixelUnitX", image.unit).put("PixelUnitY", image.unit);
        binary.putObject("PixelSize").put("width", image.width).put("height", image.height);
        binary.putObject("Offset").put("x", "-1.6e-09").put("y", "-1.0e-09");
        root.putObject("Detectors").putObject("Detector-" + (index + 2)).put("DetectorName", image.detector).put("DetectorType", "ScanningDetector");
        root.putObject("Scan").put("DwellTime", "1e-06").put("FrameTime", "0.5");
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        byte[][] columns = new byte[json.length + 13][frames];
        for (int i = 0; i < json.length; i++) {
            for (int f = 0; f < frames; f++) {
                columns[i][f] = json[i];
            }
        }
        return columns;
    }

    /** Velox names each data group by a UUID without dashes. */
    private static String uuid(int index) {
        return String.format("%08x2b5e4b7c9a1d%012d", 0x6f1c0000 + index, index);
    }
}
