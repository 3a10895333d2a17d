package org.stemstream.producers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Requests listed in a file: CSV with a header ({@code .csv}, comma-separated) or JSON lines, one
 * object per line ({@code .jsonl} or {@code .json}). Each row names what it wants and takes
 * everything else from the scenario's draw for that row:
 * <pre>
 * {"shape": "cuboid", "a": 10, "b": 11, "c": 12, "corners": "0:0.25;3:0.3", "qw": 1, "qx": 0, "qy": 0, "qz": 0,
 *  "seed": 5, "objectId": "p-17", "views": 3, "widthPx": 128, "pixelSizeNm": 0.25, "dose": 10, "probeSigmaNm": 0.2}
 * </pre>
 * Columns/keys: {@code shape} (cuboid, pyramid, sphere), {@code a,b,c} (cuboid edges, nm),
 * {@code corners} ("corner:depth;..." with corner 0..7 and depth f), {@code edge} (regular
 * tetrahedron, nm), {@code radius} (nm), {@code qw,qx,qy,qz}, {@code seed}, {@code objectId},
 * {@code views}, {@code widthPx}, {@code heightPx}, {@code pixelSizeNm}, {@code dose},
 * {@code probeSigmaNm} ({@link #COLUMNS}). Names are case-sensitive, and any other column or key
 * is refused with the known ones: a misspelt one would otherwise leave the scenario's value.
 *
 * <p>A blank cell is a missing one: the scenario's value stands. A shape's own fields (a, b, c
 * and corners of a cuboid, edge of a pyramid, radius of a sphere) need that shape; the one
 * exception is corners without shape, which re-cuts the scenario's cuboid (its edges kept, its
 * drawn cuts replaced) and is refused where the scenario drew another shape. An orientation takes
 * all four of qw..qz. Every row is validated when the file is read, its views included: a bad row
 * fails the campaign with the file's line number before anything is sent. Seeds are read as exact
 * 64-bit integers; blank lines are skipped; a UTF-8 byte-order mark is ignored.
 */
public final class FileCampaign implements RequestSource {
    /** The columns of a CSV file, the keys of a JSON-lines object; any other is refused. */
    public static final List<String> COLUMNS = List.of("shape", "a", "b", "c", "corners", "edge", "radius",
            "qw", "qx", "qy", "qz", "seed", "objectId", "views", "widthPx", "heightPx", "pixelSizeNm", "dose", "probeSigmaNm");
    /** Each shape's own fields: a row may give them only with that shape. */
    private static final Map<String, List<String>> SHAPE_FIELDS = Map.of(
            "cuboid", List.of("a", "b", "c", "corners"), "pyramid", List.of("edge"), "sphere", List.of("radius"));
    private static final List<String> QUATERNION = List.of("qw", "qx", "qy", "qz");
    private final String campaignId;
    private final List<SimulationSpec> specs = new ArrayList<>();
    private final List<String> objectIds = new ArrayList<>();
    private final List<ViewPlan> views = new ArrayList<>();

    public FileCampaign(String campaignId, Path file, Scenario defaults, long seed) throws IOException {
        this.campaignId = campaignId;
        List<CampaignFile.Row> rows = CampaignFile.read(file, COLUMNS);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i).values();
            try {
                SimulationSpec spec = spec(row, defaults.sample(seed ^ (i + 1) * 0x9E3779B97F4A7C15L));
                Simulator.validate(spec);
                specs.add(spec);
                objectIds.add(has(row, "objectId") ? row.get("objectId").toString().trim() : campaignId + "-p" + i);
                views.add(has(row, "views") ? new ViewPlan.Independent(Math.toIntExact(integer(row, "views"))) : ViewPlan.single());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + rows.get(i).line() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String campaignId() {
        return campaignId;
    }

    @Override
    public long size() {
        return views.stream().mapToLong(ViewPlan::views).sum();
    }

    @Override
    public Stream<SimulationRequest> requests(Instant requestedAt) {
        return IntStream.range(0, specs.size()).boxed().flatMap(i -> Campaign.views(campaignId, objectIds.get(i),
                campaignId + "-r" + i, specs.get(i), views.get(i), requestedAt));
    }

    /** The keys of {@code keys} that the row gives, in that order. */
    private static List<String> given(Map<String, Object> row, List<String> keys) {
        return keys.stream().filter(k -> has(row, k)).toList();
    }

    /** The shape whose field {@code field} is. */
    private static String shapeOf(String field) {
        return SHAPE_FIELDS.entrySet().stream().filter(e -> e.getValue().contains(field)).map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** Present and not blank: a blank CSV cell leaves the scenario's value. */
    private static boolean has(Map<String, Object> row, String key) {
        Object v = row.get(key);
        return v != null && !v.toString().isBlank();
    }

    static SimulationSpec spec(Map<String, Object> row, SimulationSpec base) {
        SimulationSpec spec = base;
        if (has(row, "seed")) {
            spec = spec.withSeed(integer(row, "seed"));
        }
        if (has(row, "shape")) {
            spec = spec.withParticle(particle(row));
        } else {
            List<String> sized = given(row, List.of("a", "b", "c", "edge", "radius"));
            if (!sized.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", sized) + " without shape: the particle would be the scenario's "
                        + spec.particle().shape() + " drawn for this row, with its own size; give shape " + shapeOf(sized.get(0)));
            }
            if (has(row, "corners")) {
                if (!(spec.particle() instanceof Cuboid c)) {
                    throw new IllegalArgumentException("corners without shape cut the scenario's cuboid, but it drew a "
                            + spec.particle().shape() + " for this row; give shape cuboid with a, b, c");
                }
                spec = spec.withParticle(cuts(Cuboid.of(c.a(), c.b(), c.c()), row.get("corners").toString()));
            }
        }
        List<String> orientation = given(row, QUATERNION);
        if (!orientation.isEmpty()) {
            if (orientation.size() < QUATERNION.size()) {
                throw new IllegalArgumentException("an orientation needs all of qw, qx, qy, qz; got only " + String.join(", ", orientation));
            }
            spec = spec.withOrientation(Quaternion.of(number(row, "qw"), number(row, "qx"), number(row, "qy"), number(row, "qz")));
        }
        if (has(row, "widthPx") || has(row, "heightPx") || has(row, "pixelSizeNm")) {
            int w = has(row, "widthPx") ? (int) number(row, "widthPx") : spec.width();
            int h = has(row, "heightPx") ? (int) number(row, "heightPx") : has(row, "widthPx") ? w : spec.height();
            spec = spec.withRaster(w, h, has(row, "pixelSizeNm") ? number(row, "pixelSizeNm") : spec.pixelSizeNm());
        }
        var im = spec.imaging();
        if (has(row, "dose")) {
            im = new org.stemstream.simulator.Imaging(im.probeSigmaNm(), number(row, "dose"), im.carbon(), im.readNoiseSigma(), im.scanJitterPx());
        }
        if (has(row, "probeSigmaNm")) {
            im = new org.stemstream.simulator.Imaging(number(row, "probeSigmaNm"), im.dose(), im.carbon(), im.readNoiseSigma(), im.scanJitterPx());
        }
        return spec.withImaging(im);
    }

    private static Particle particle(Map<String, Object> row) {
        String shape = row.get("shape").toString().trim().toLowerCase(java.util.Locale.ROOT);
        List<String> own = SHAPE_FIELDS.get(shape);
        if (own != null) {
            List<String> foreign = given(row, SHAPE_FIELDS.values().stream().flatMap(List::stream).filter(f -> !own.contains(f)).toList());
            if (!foreign.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", foreign) + " with shape " + shape + ", which takes "
                        + String.join(", ", own) + " only");
            }
        }
        return switch (shape) {
            case "cuboid" -> cuts(Cuboid.of(number(row, "a"), number(row, "b"), number(row, "c")),
                    has(row, "corners") ? row.get("corners").toString() : "");
            case "sphere" -> new Sphere(number(row, "radius"));
            case "pyramid" -> Pyramid.regularTetrahedron(number(row, "edge"));
            default -> throw new IllegalArgumentException("unknown shape '" + shape + "' (cuboid, pyramid, sphere)");
        };
    }

    /** {@code corners} = "corner:depth;...": each corner 0..7 once, each depth a number (its range is the validator's). */
    private static Cuboid cuts(Cuboid cuboid, String corners) {
        Cuboid out = cuboid;
        Set<Integer> seen = new HashSet<>();
        for (String part : corners.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split(":", -1);
            if (kv.length != 2) {
                throw new IllegalArgumentException("corners must read 'corner:depth;...', got '" + corners + "'");
            }
            String corner = kv[0].trim();
            if (!corner.matches("[0-7]")) {
                throw new IllegalArgumentException("corners '" + corners + "': corner '" + corner + "' is not a corner index 0..7");
            }
            if (!seen.add(Integer.parseInt(corner))) {
                throw new IllegalArgumentException("corners '" + corners + "': corner " + corner + " is given twice");
            }
            double depth;
            try {
                depth = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("corners '" + corners + "': depth '" + kv[1].trim() + "' of corner " + corner
                        + " is not a number");
            }
            out = out.withCut(Integer.parseInt(corner), depth);
        }
        return out;
    }

    /** An exact integer: a JSON integer of any size that fits a long, or its digits in a CSV cell (no fraction, no exponent). */
    private static long integer(Map<String, Object> row, String key) {
        Object v = row.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException("missing " + key);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
            try {
                return v instanceof java.math.BigInteger b ? b.longValueExact() : ((Number) v).longValue();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(key + " " + v + " does not fit 64 bits");
            }
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
        }
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
