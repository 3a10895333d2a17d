package org.stemstream.consumers.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.Labels;
import org.stemstream.simulator.NoisyImage;
import org.stemstream.simulator.RandomStreams;
import org.stemstream.simulator.Scenario;
import org.stemstream.simulator.Scenarios;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;
import org.stemstream.schemas.mapping.RequestMapper;

/**
 * Renders labelled images with the pipeline's own functions ({@link Simulator#project}, as the
 * simulator worker calls it, then {@link Simulator#applyNoise}, as the noise stage calls it) and
 * caches them on disk, because rendering costs about as much as training (seed-benchmark.md).
 * Image {@code i} is {@code scenario.sample(RandomStreams.childSeed(seed, i))}; the file
 * {@code <scenario>-n<count>-s<seed>-sim<version>-c.bin} holds a header, the labels, the projected
 * corners and the uint16 counts. A cached file is reused when its key matches.
 */
public final class DatasetCache {
    private static final int MAGIC = 0x53544D32; // "STM2": with corner positions

    /** Called after each rendered image, from rendering threads. */
    public interface Progress {
        void rendered(int done, int total);
    }

    private DatasetCache() {
    }

    public static Path file(Path cacheDir, String scenario, int count, long seed) {
        return cacheDir.resolve(String.format(Locale.ROOT, "%s-n%d-s%d-sim%s-c.bin", scenario, count, seed, Simulator.VERSION));
    }

    /** The cached dataset, rendering and writing it first when absent. */
    public static LabelledImages load(Path cacheDir, String scenario, int count, long seed, Progress progress) throws IOException {
        Path file = file(cacheDir, scenario, count, seed);
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        LabelledImages images = render(scenario, count, seed, progress);
        Files.createDirectories(cacheDir);
        Path tmp = Files.createTempFile(cacheDir, "partial-", ".bin");
        write(images, tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return images;
    }

    /** Renders in parallel (common pool); deterministic for a given scenario, count and seed. */
    public static LabelledImages render(String scenarioName, int count, long seed, Progress progress) {
        Scenario scenario = Scenarios.named(scenarioName);
        return render(scenarioName, seed, count, i -> scenario.sample(RandomStreams.childSeed(seed, i)), progress);
    }

    /**
     * Renders image {@code i} from {@code spec.apply(i)} (all of one size) as the pipeline does:
     * projection, then noise with the seed the noise stage derives from the spec's seed.
     */
    public static LabelledImages render(String name, long seed, int count, IntFunction<SimulationSpec> spec, Progress progress) {
        SimulationSpec first = spec.apply(0);
        int width = first.width();
        int height = first.height();
        int area = width * height;
        int[] k = new int[count];
        int[] arrangement = new int[count];
        String[] shape = new String[count];
        short[] pixels = new short[Math.multiplyExact(count, area)];
        float[] corners = LabelledImages.unknownCorners(count);
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, count).parallel().forEach(i -> {
            SimulationSpec s = i == 0 ? first : spec.apply(i);
            if (s.width() != width || s.height() != height) {
                throw new IllegalStateException(name + " mixes image sizes: " + s.width() + "x" + s.height() + " vs " + width + "x" + height);
            }
            Image clean = Simulator.project(s);
            NoisyImage noisy = Simulator.applyNoise(clean, s.imaging(), s.pixelSizeNm(), RequestMapper.noiseSeed(s.seed()));
            float[] counts = noisy.image().pixels();
            for (int p = 0; p < area; p++) {
                pixels[i * area + p] = (short) Math.max(0, Math.min(65535, Math.round(counts[p])));
            }
            k[i] = Labels.deformedCount(s.particle());
            arrangement[i] = Labels.arrangement(s.particle()).map(Enum::ordinal).orElse(-1);
            shape[i] = s.particle().getClass().getSimpleName().toLowerCase(Locale.ROOT);
            Labels.projectedCorners(s).ifPresent(uv -> {
                java.util.List<Integer> cut = Labels.deformedCorners(s.particle());
                for (int c = 0; c < uv.length / 2; c++) {
                    int at = i * LabelledImages.CORNER_VALUES + 3 * c;
                    corners[at] = (float) uv[2 * c];
                    corners[at + 1] = (float) uv[2 * c + 1];
                    corners[at + 2] = cut.contains(c) ? 1 : 0;
                }
            });
            if (progress != null) {
                progress.rendered(done.incrementAndGet(), count);
            }
        });
        return new LabelledImages(name, seed, width, height, k, arrangement, shape, corners, LabelledImages.allTasks(count), pixels);
    }

    static void write(LabelledImages images, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            out.writeInt(MAGIC);
            out.writeUTF(images.scenario());
            out.writeLong(images.seed());
            out.writeInt(images.count());
            out.writeInt(images.width());
            out.writeInt(images.height());
            for (int i = 0; i < images.count(); i++) {
                out.writeByte(images.k()[i]);
                out.writeByte(images.arrangement()[i]);
                out.writeUTF(images.shape()[i]);
            }
            for (float c : images.corners()) {
                out.writeFloat(c);
            }
            for (short p : images.pixels()) {
                out.writeShort(p);
            }
        }
    }

    static LabelledImages read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a stem-stream dataset");
            }
            String scenario = in.readUTF();
            long seed = in.readLong();
            int count = in.readInt();
            int width = in.readInt();
            int height = in.readInt();
            int[] k = new int[count];
            int[] arrangement = new int[count];
            String[] shape = new String[count];
            for (int i = 0; i < count; i++) {
                k[i] = in.readByte();
                arrangement[i] = in.readByte();
                shape[i] = in.readUTF();
            }
            float[] corners = new float[Math.multiplyExact(count, LabelledImages.CORNER_VALUES)];
            for (int c = 0; c < corners.length; c++) {
                corners[c] = in.readFloat();
            }
            short[] pixels = new short[Math.multiplyExact(count, width * height)];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = in.readShort();
            }
            return new LabelledImages(scenario, seed, width, height, k, arrangement, shape, corners,
                    LabelledImages.allTasks(count), pixels);
        }
    }
}
