package org.stemstream.consumers.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * PNGs of a training report, drawn with Java2D (no plotting library): {@value #CURVE} (losses and
 * validation accuracy per task over the epochs) and {@code confusion-<task>.png} per task (row-
 * normalised heat map with counts; rows truth, columns prediction).
 */
public final class ReportPlots {
    public static final String CURVE = "curve.png";
    private static final Color[] SERIES = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private ReportPlots() {
    }

    /** One epoch of the curve: losses and validation accuracy per task. */
    public record Point(int epoch, double trainLoss, double validationLoss, Map<String, Double> accuracy) {
    }

    /** Writes the curve and one confusion matrix per score into {@code dir}; returns the files. */
    public static List<Path> write(Path dir, List<Point> curve, List<TaskScore> scores, String title) throws IOException {
        List<Path> files = new ArrayList<>();
        Path curveFile = dir.resolve(CURVE);
        ImageIO.write(curve(curve, title), "png", curveFile.toFile());
        files.add(curveFile);
        for (TaskScore s : scores) {
            Path f = dir.resolve("confusion-" + s.task() + ".png");
            ImageIO.write(confusion(s, title), "png", f.toFile());
            files.add(f);
        }
        return files;
    }

    static BufferedImage curve(List<Point> curve, String title) {
        int w = 1000;
        int h = 420;
        BufferedImage img = canvas(w, h);
        Graphics2D g = img.createGraphics();
        setup(g);
        g.drawString(title, 20, 22);
        Map<String, List<double[]>> losses = new LinkedHashMap<>();
        Map<String, List<double[]>> accuracy = new LinkedHashMap<>();
        for (Point p : curve) {
            losses.computeIfAbsent("train loss", k -> new ArrayList<>()).add(new double[] {p.epoch(), p.trainLoss()});
            losses.computeIfAbsent("validation loss", k -> new ArrayList<>()).add(new double[] {p.epoch(), p.validationLoss()});
            p.accuracy().forEach((task, a) -> accuracy.computeIfAbsent(task, k -> new ArrayList<>()).add(new double[] {p.epoch(), a}));
        }
        double maxLoss = losses.values().stream().flatMap(List::stream).mapToDouble(v -> v[1]).filter(Double::isFinite).max().orElse(1);
        int epochs = curve.isEmpty() ? 1 : curve.get(curve.size() - 1).epoch();
        panel(g, 60, 50, 400, 320, "loss", losses, epochs, 0, maxLoss * 1.05);
        panel(g, 560, 50, 400, 320, "validation accuracy", accuracy, epochs, 0, 1);
        g.dispose();
        return img;
    }

    private static void panel(Graphics2D g, int x0, int y0, int pw, int ph, String name, Map<String, List<double[]>> series,
                              int epochs, double ymin, double ymax) {
        g.setColor(Color.DARK_GRAY);
        g.drawRect(x0, y0, pw, ph);
        g.drawString(name, x0, y0 - 8);
        for (int i = 0; i <= 4; i++) {
            double v = ymin + (ymax - ymin) * i / 4;
            int y = y0 + ph - (int) Math.round(ph * i / 4.0);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x0 + 1, y, x0 + pw - 1, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", v), x0 - 45, y + 5);
        }
        g.drawString("epoch", x0 + pw / 2 - 15, y0 + ph + 35);
        for (int e = 1; e <= epochs; e += Math.max(1, epochs / 10)) {
            g.drawString(Integer.toString(e), xOf(e, epochs, x0, pw) - 4, y0 + ph + 17);
        }
        int s = 0;
        for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
            Color c = SERIES[s % SERIES.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            int[] prev = null;
            for (double[] p : entry.getValue()) {
                int[] q = {xOf(p[0], epochs, x0, pw), y0 + ph - (int) Math.round(ph * (p[1] - ymin) / Math.max(ymax - ymin, 1e-12))};
                g.fillOval(q[0] - 3, q[1] - 3, 6, 6);
                if (prev != null) {
                    g.drawLine(prev[0], prev[1], q[0], q[1]);
                }
                prev = q;
            }
            g.setStroke(new BasicStroke(1f));
            g.drawString(entry.getKey(), x0 + 10, y0 + 18 + 16 * s);
            s++;
        }
    }

    private static int xOf(double epoch, int epochs, int x0, int pw) {
        return x0 + (int) Math.round(pw * (epochs <= 1 ? 0.5 : (epoch - 1) / (epochs - 1.0)));
    }

    static BufferedImage confusion(TaskScore score, String title) {
        int n = score.classes().size();
        int cell = Math.max(40, 360 / n);
        int x0 = 130;
        int y0 = 70;
        BufferedImage img = canvas(x0 + n * cell + 40, y0 + n * cell + 60);
        Graphics2D g = img.createGraphics();
        setup(g);
        g.drawString(String.format(Locale.ROOT, "%s %s: accuracy %.1f %% (95 %% CI %.1f-%.1f), n = %d", title, score.task(),
                100 * score.accuracy(), 100 * score.ci95()[0], 100 * score.ci95()[1], score.count()), 10, 22);
        g.drawString("rows: truth, columns: predicted", 10, 42);
        long[][] m = score.confusion();
        for (int r = 0; r < n; r++) {
            long rowSum = 0;
            for (long v : m[r]) {
                rowSum += v;
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString(score.classes().get(r), 10, y0 + r * cell + cell / 2 + 5);
            for (int c = 0; c < n; c++) {
                double f = rowSum == 0 ? 0 : (double) m[r][c] / rowSum;
                g.setColor(new Color((int) (255 - 200 * f), (int) (255 - 140 * f), 255));
                g.fillRect(x0 + c * cell, y0 + r * cell, cell, cell);
                g.setColor(f > 0.6 ? Color.WHITE : Color.BLACK);
                g.drawString(Long.toString(m[r][c]), x0 + c * cell + 6, y0 + r * cell + cell / 2 + 5);
            }
        }
        g.setColor(Color.DARK_GRAY);
        for (int c = 0; c < n; c++) {
            String label = score.classes().get(c);
            g.drawString(label.length() > 6 ? label.substring(0, 6) : label, x0 + c * cell + 4, y0 + n * cell + 18);
        }
        g.dispose();
        return img;
    }

    private static BufferedImage canvas(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static void setup(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.BLACK);
    }
}
