package org.stemstream.producers;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Particle;
import org.stemstream.simulator.Pyramid;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Scenario;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;
import org.stemstream.simulator.Sphere;

/**
 * Requests listed in a file: JSON lines ({@code .jsonl}) or CSV with a header ({@code .csv}).
 * Each row names what it wants and takes everything else from the scenario's draw for that row:
 * <pre>
 * {"shape": "cuboid", "a": 10, "b": 11, "c": 12, "corners": "0:0.25;3:0.3", "qw": 1, "qx": 0, "qy": 0, "qz": 0,
 *  "seed": 5, "objectId": "p-17", "views": 3, "widthPx": 128, "pixelSizeNm": 0.25, "dose": 10, "probeSigmaNm": 0.2}
 * </pre>
 * Columns/keys: {@code shape} (cuboid, pyramid, sphere), {@code a,b,c} (cuboid edges, nm),
 * {@code corners} ("corner:depth;..." with corner 0..7 and depth f), {@code edge} (regular
 * tetrahedron, nm), {@code radius} (nm), {@code qw,qx,qy,qz}, {@code seed}, {@code objectId},
 * {@code views}, {@code widthPx}, {@code heightPx}, {@code pixelSizeNm}, {@code dose},
 * {@code probeSigmaNm}. Every row is validated when the file is read: a bad row fails the
 * campaign with its line number before anything is sent.
 */
public final class FileCampaign implements RequestSource {
    private final String campaignId;
    private final List<SimulationSpec> specs = new ArrayList<>();
    private final List<String> objectIds = new ArrayList<>();
    private final List<Integer> views = new ArrayList<>();

    public FileCampaign(String campaignId, Path file, Scenario defaults, long seed) throws IOException {
        this.campaignId = campaignId;
        List<Map<String, Object>> rows = read(file);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            int line = file.toString().endsWith(".csv") ? i + 2 : i + 1;
            try {
                SimulationSpec spec = spec(row, defaults.sample(seed ^ (i + 1) * 0x9E3779B97F4A7C15L));
                Simulator.validate(spec);
                specs.add(spec);
                objectIds.add(row.containsKey("objectId") ? row.get("objectId").toString() : campaignId + "-p" + i);
                views.add(row.containsKey("views") ? (int) number(row, "views") : 1);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + line + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String campaignId() {
        return campaignId;
    }

    @Override
    public long size() {
        return views.stream().mapToLong(Integer::longValue).sum();
    }

    @Override
    public Stream<SimulationRequest> requests(Instant requestedAt) {
        return IntStream.range(0, specs.size()).boxed().flatMap(i -> Campaign.views(campaignId, objectIds.get(i),
                campaignId + "-r" + i, specs.get(i), new ViewPlan.Independent(views.get(i)), requestedAt));
    }

    private static List<Map<String, Object>> read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".csv")) {
            CsvMapper csv = new CsvMapper();
            try (MappingIterator<Map<String, Object>> it = csv.readerFor(Map.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
                return it.readAll();
            }
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            ObjectMapper json = new ObjectMapper();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    rows.add(json.readValue(line, Map.class));
                }
            }
            return rows;
        }
        throw new IllegalArgumentException("campaign file " + file + " must end in .csv or .jsonl");
    }

    static SimulationSpec spec(Map<String, Object> row, SimulationSpec base) {
        SimulationSpec spec = base;
        if (row.containsKey("seed")) {
            spec = spec.withSeed((long) number(row, "seed"));
        }
        if (row.containsKey("shape")) {
            spec = spec.withParticle(particle(row));
        } else if (row.containsKey("corners") && spec.particle() instanceof Cuboid c) {
            spec = spec.withParticle(cuts(Cuboid.of(c.a(), c.b(), c.c()), row.get("corners").toString()));
        }
        if (row.containsKey("qw")) {
            spec = spec.withOrientation(Quaternion.of(number(row, "qw"), number(row, "qx"), number(row, "qy"), number(row, "qz")));
        }
        if (row.containsKey("widthPx") || row.containsKey("heightPx") || row.containsKey("pixelSizeNm")) {
            int w = row.containsKey("widthPx") ? (int) number(row, "widthPx") : spec.width();
            int h = row.containsKey("heightPx") ? (int) number(row, "heightPx") : row.containsKey("widthPx") ? w : spec.height();
            spec = spec.withRaster(w, h, row.containsKey("pixelSizeNm") ? number(row, "pixelSizeNm") : spec.pixelSizeNm());
        }
        var im = spec.imaging();
        if (row.containsKey("dose")) {
            im = new org.stemstream.simulator.Imaging(im.probeSigmaNm(), number(row, "dose"), im.carbon(), im.readNoiseSigma(), im.scanJitterPx());
        }
        if (row.containsKey("probeSigmaNm")) {
            im = new org.stemstream.simulator.Imaging(number(row, "probeSigmaNm"), im.dose(), im.carbon(), im.readNoiseSigma(), im.scanJitterPx());
        }
        return spec.withImaging(im);
    }

    private static Particle particle(Map<String, Object> row) {
        String shape = row.get("shape").toString().trim().toLowerCase();
        return switch (shape) {
            case "cuboid" -> cuts(Cuboid.of(number(row, "a"), number(row, "b"), number(row, "c")),
                    row.containsKey("corners") ? row.get("corners").toString() : "");
            case "sphere" -> new Sphere(number(row, "radius"));
            case "pyramid" -> Pyramid.regularTetrahedron(number(row, "edge"));
            default -> throw new IllegalArgumentException("unknown shape '" + shape + "' (cuboid, pyramid, sphere)");
        };
    }

    private static Cuboid cuts(Cuboid cuboid, String corners) {
        Cuboid out = cuboid;
        for (String part : corners.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split(":");
            if (kv.length != 2) {
                throw new IllegalArgumentException("corners must read 'corner:depth;...', got '" + corners + "'");
            }
            out = out.withCut(Integer.parseInt(kv[0].trim()), Double.parseDouble(kv[1].trim()));
        }
        return out;
    }

    private static double number(Map<String, Object> row, String key) {
        Object v = row.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException("missing " + key);
        }
        try {
            return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }
}
