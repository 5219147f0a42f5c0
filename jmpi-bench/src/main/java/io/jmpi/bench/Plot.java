package io.jmpi.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A log-log line chart written as PNG with Java2D (headless), so the report needs no tools. */
final class Plot {
    private static final Color[] COLORS = {new Color(0xd6, 0x27, 0x28), new Color(0x1f, 0x77, 0xb4),
            new Color(0x2c, 0xa0, 0x2c), new Color(0xff, 0x7f, 0x0e), new Color(0x94, 0x67, 0xbd),
            new Color(0x8c, 0x56, 0x4b)};
    private static final int W = 800;
    private static final int H = 500;
    private static final int LEFT = 80;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    /** A line: color is an index into the palette; dashed lines are drawn dashed. */
    record Series(String name, long[] x, double[] y, int color, boolean dashed) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    Plot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    Plot add(String name, long[] x, double[] y) {
        return add(name, x, y, -1, false);
    }

    /** Adds a line in palette color {@code color} (-1: the next one), solid or dashed. */
    Plot add(String name, long[] x, double[] y, int color, boolean dashed) {
        series.add(new Series(name, x, y, color < 0 ? series.size() : color, dashed));
        return this;
    }

    void write(Path file) throws IOException {
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (s.x[i] > 0 && s.y[i] > 0 && !Double.isNaN(s.y[i])) {
                    minX = Math.min(minX, s.x[i]);
                    maxX = Math.max(maxX, s.x[i]);
                    minY = Math.min(minY, s.y[i]);
                    maxY = Math.max(maxY, s.y[i]);
                }
            }
        }
        double lx0 = Math.floor(Math.log10(minX));
        double lx1 = Math.ceil(Math.log10(maxX));
        double ly0 = Math.floor(Math.log10(minY));
        double ly1 = Math.ceil(Math.log10(maxY));
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        g.setColor(new Color(0xdd, 0xdd, 0xdd));
        for (double d = lx0; d <= lx1; d++) {
            int px = LEFT + (int) ((d - lx0) / Math.max(1, lx1 - lx0) * pw);
            g.drawLine(px, TOP, px, TOP + ph);
            g.setColor(Color.DARK_GRAY);
            g.drawString(label(Math.pow(10, d)), px - 12, TOP + ph + 18);
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
        }
        for (double d = ly0; d <= ly1; d++) {
            int py = TOP + ph - (int) ((d - ly0) / Math.max(1, ly1 - ly0) * ph);
            g.drawLine(LEFT, py, LEFT + pw, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(label(Math.pow(10, d)), 10, py + 4);
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, TOP - 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(xLabel, LEFT + pw / 2 - 40, H - 15);
        g.drawString(yLabel, 10, TOP - 15 + 0);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(COLORS[s.color % COLORS.length]);
            g.setStroke(s.dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f) : new BasicStroke(2f));
            int prevX = -1;
            int prevY = -1;
            for (int i = 0; i < s.x.length; i++) {
                if (s.x[i] <= 0 || !(s.y[i] > 0)) {
                    prevX = -1;
                    continue;
                }
                int px = LEFT + (int) ((Math.log10(s.x[i]) - lx0) / Math.max(1, lx1 - lx0) * pw);
                int py = TOP + ph - (int) ((Math.log10(s.y[i]) - ly0) / Math.max(1, ly1 - ly0) * ph);
                g.fillOval(px - 3, py - 3, 6, 6);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                prevX = px;
                prevY = py;
            }
            g.drawLine(LEFT + pw + 10, TOP + 16 + k * 20, LEFT + pw + 28, TOP + 16 + k * 20);
            g.setColor(Color.BLACK);
            g.drawString(s.name, LEFT + pw + 32, TOP + 21 + k * 20);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static String label(double v) {
        if (v >= 1 << 20 && v % (1 << 20) == 0) {
            return (long) v / (1 << 20) + "M";
        }
        if (v >= 1000) {
            return String.format("%.0e", v).replace("e+0", "e");
        }
        return v >= 1 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
