package dev.granular.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the rows as a PNG with Java2D (headless): one horizontal bar per row, its length the ratio
 * on a log scale from 0.01 to 100, green when the goal is met, red when missed, grey when skipped;
 * a black tick marks the goal.
 */
final class ResultsChart {

  private static final int WIDTH = 1000;
  private static final int ROW_HEIGHT = 48;
  private static final int LEFT = 190;
  private static final int RIGHT = 200;
  private static final double MIN = 0.01;
  private static final double MAX = 100;

  private ResultsChart() {}

  static void write(List<Row> rows, String title, Path file) throws IOException {
    int height = 70 + rows.size() * ROW_HEIGHT + 40;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, 12, 24);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      axis(g, 60 + rows.size() * ROW_HEIGHT);
      for (int i = 0; i < rows.size(); i++) {
        bar(g, rows.get(i), 50 + i * ROW_HEIGHT);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void bar(Graphics2D g, Row row, int top) {
    g.setColor(Color.BLACK);
    g.drawString(row.name(), 10, top + 22);
    if (row.ratio() != null) {
      g.setColor(row.pass() ? new Color(60, 160, 80) : new Color(210, 70, 60));
      int end = x(row.ratio());
      g.fillRect(LEFT, top + 8, Math.max(2, end - LEFT), 22);
    } else {
      g.setColor(new Color(200, 200, 200));
      g.fillRect(LEFT, top + 8, 30, 22);
    }
    int goal = x(row.goal().bound());
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(3));
    g.drawLine(goal, top + 2, goal, top + 36);
    g.setStroke(new BasicStroke(1));
    String label =
        row.ratio() == null ? "skipped" : String.format(Locale.ROOT, "%.3f", row.ratio());
    g.drawString(label + "  (goal " + row.goal() + ")", WIDTH - RIGHT + 8, top + 22);
  }

  private static void axis(Graphics2D g, int y) {
    g.setColor(Color.GRAY);
    g.drawLine(LEFT, y, WIDTH - RIGHT, y);
    for (double tick : new double[] {0.01, 0.1, 1, 10, 100}) {
      int x = x(tick);
      g.drawLine(x, 45, x, y + 4);
      g.drawString(tick < 1 ? String.valueOf(tick) : String.valueOf((int) tick), x - 10, y + 18);
    }
    g.drawString("ratio (log scale); black tick = goal", LEFT, y + 34);
  }

  private static int x(double ratio) {
    double clamped = Math.max(MIN, Math.min(MAX, ratio));
    double share = (Math.log10(clamped) - Math.log10(MIN)) / (Math.log10(MAX) - Math.log10(MIN));
    return LEFT + (int) Math.round(share * (WIDTH - LEFT - RIGHT));
  }
}
