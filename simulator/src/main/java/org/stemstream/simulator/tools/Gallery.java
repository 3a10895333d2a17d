package org.stemstream.simulator.tools;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.Pyramid;
import org.stemstream.simulator.RandomStreams;
import org.stemstream.simulator.ScanRotation;
import org.stemstream.simulator.Scenarios;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;
import org.stemstream.simulator.Sphere;
import org.stemstream.simulator.Vec3;
import org.stemstream.simulator.io.PngWriter;
import org.stemstream.simulator.scenario.CornerPolicy;

/**
 * A labelled grid like the original study's figures, drawn from one seed: cuboids with 0, 2, 4,
 * 6 and 8 cut corners; the three shapes, noisy and noiseless; and rotation during the scan with
 * increasing angles. Each tile is a seed-benchmark image (128 x 128 px, 0.25 nm), contrast-stretched
 * on its own; the tiles of a row share the orientation and the noise seed.
 */
public final class Gallery {

    private static final int TILE = 128;
    private static final int GAP = 10;
    private static final int MARGIN = 10;
    private static final int HEADING = 22;
    private static final int LABEL = 18;
    private static final int COLUMNS = 5;
    private static final double CUT = 0.3;

    private record Tile(Image image, String label) {
    }

    private Gallery() {
    }

    public static BufferedImage render(long seed) {
        SimulationSpec base = Scenarios.named("seed-benchmark").sample(seed).withOffset(0, 0);
        Cuboid sampled = (Cuboid) base.particle();
        Cuboid cuboid = Cuboid.of(sampled.a(), sampled.b(), sampled.c());
        SplittableRandom rnd = RandomStreams.of(seed).geometry();
        List<List<Tile>> rows = List.of(deformations(base, cuboid, rnd), shapes(base, cuboid), rotations(base, cuboid));
        List<String> headings = List.of("Cuboids with 0, 2, 4, 6, 8 deformed corners (cut at f = " + CUT + ")",
                "Shapes: cuboid, triangular-based pyramid, sphere; noisy and noiseless",
                "Rotation during the scan about the lab y axis (per scan line), angle per frame");
        int width = 2 * MARGIN + COLUMNS * TILE + (COLUMNS - 1) * GAP;
        int rowHeight = HEADING + TILE + LABEL + GAP;
        int height = MARGIN + rows.size() * rowHeight;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            for (int r = 0; r < rows.size(); r++) {
                int top = MARGIN + r * rowHeight;
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                g.drawString(headings.get(r), MARGIN, top + HEADING - 7);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                List<Tile> tiles = rows.get(r);
                for (int c = 0; c < tiles.size(); c++) {
                    int x = MARGIN + c * (TILE + GAP);
                    g.drawImage(PngWriter.toGray8(tiles.get(c).image()), x, top + HEADING, null);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(tiles.get(c).label(), x, top + HEADING + TILE + LABEL - 5);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Renders the gallery of {@code seed} to a PNG file. */
    public static void write(long seed, Path png) throws IOException {
        PngWriter.write(render(seed), png);
    }

    private static List<Tile> deformations(SimulationSpec base, Cuboid cuboid, SplittableRandom rnd) {
        List<Tile> tiles = new ArrayList<>();
        for (int k = 0; k <= Cuboid.CORNERS; k += 2) {
            int[] corners = CornerPolicy.uniformSet(k, rnd);
            Cuboid deformed = cuboid;
            for (int corner : corners) {
                deformed = deformed.withCut(corner, CUT);
            }
            String which = k == 0 || k == Cuboid.CORNERS ? "" : ": " + Arrays.stream(corners).mapToObj(String::valueOf)
                    .collect(Collectors.joining(","));
            tiles.add(new Tile(noisy(base.withParticle(deformed)), "k = " + k + which));
        }
        return tiles;
    }

    private static List<Tile> shapes(SimulationSpec base, Cuboid cuboid) {
        SimulationSpec c = base.withParticle(cuboid.withCut(0, CUT).withCut(7, CUT));
        SimulationSpec p = base.withParticle(Pyramid.regularTetrahedron(14));
        SimulationSpec s = base.withParticle(new Sphere(6));
        return List.of(new Tile(noisy(c), "cuboid (k = 2: 0,7)"), new Tile(noisy(p), "pyramid"),
                new Tile(noisy(s), "sphere"), new Tile(Simulator.project(c), "cuboid, noiseless"),
                new Tile(Simulator.project(p), "pyramid, noiseless"));
    }

    private static List<Tile> rotations(SimulationSpec base, Cuboid cuboid) {
        SimulationSpec spec = base.withParticle(cuboid.withCut(3, CUT));
        List<Tile> tiles = new ArrayList<>();
        for (int degrees : new int[] {0, 15, 30, 60, 90}) {
            ScanRotation rotation = new ScanRotation(Vec3.Y, Math.toRadians(degrees), false);
            tiles.add(new Tile(noisy(spec.withScanRotation(rotation)), degrees + " deg per frame"));
        }
        return tiles;
    }

    private static Image noisy(SimulationSpec spec) {
        return Simulator.render(spec).image();
    }
}
