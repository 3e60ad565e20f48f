package ai.llmd.bench.report.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn as a standalone SVG document: axes with round ticks, one polyline per line,
 * one {@code circle.point} per data point with its value as a tooltip, and a legend.
 */
final class SvgChart {
  static final String[] PALETTE = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#7f7f7f", "#bcbd22"
  };
  private static final int WIDTH = 560;
  private static final int PLOT_HEIGHT = 300;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 34;
  private static final int AXIS_SPACE = 46;
  private static final int LEGEND_ROW = 18;

  /** A data point with the text shown when hovering it. */
  record Point(double x, double y, String tooltip) {}

  /** A line: its legend name, its colour (index into the palette), and solid or dashed. */
  record Line(String name, int color, boolean dashed, List<Point> points) {}

  private final String id;
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Line> lines = new ArrayList<>();

  SvgChart(String id, String title, String xLabel, String yLabel) {
    this.id = id;
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  SvgChart add(Line line) {
    if (!line.points().isEmpty()) {
      lines.add(line);
    }
    return this;
  }

  String id() {
    return id;
  }

  String title() {
    return title;
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  /** Points drawn, over every line. */
  int pointCount() {
    return lines.stream().mapToInt(l -> l.points().size()).sum();
  }

  /** The chart as an {@code <svg>} element that is also a valid standalone SVG file. */
  String render() {
    int legendRows = (lines.size() + 1) / 2;
    int height = TOP + PLOT_HEIGHT + AXIS_SPACE + legendRows * LEGEND_ROW + 6;
    double[] xr = range(true);
    double[] yr = range(false);
    double[] xt = ticks(xr[0], xr[1]);
    double[] yt = ticks(yr[0], yr[1]);
    double x0 = xt[0];
    double x1 = xt[xt.length - 1];
    double y0 = yt[0];
    double y1 = yt[yt.length - 1];
    int plotWidth = WIDTH - LEFT - RIGHT;
    Scale sx = v -> LEFT + (x1 == x0 ? plotWidth / 2.0 : (v - x0) / (x1 - x0) * plotWidth);
    Scale sy =
        v ->
            TOP + PLOT_HEIGHT - (y1 == y0 ? PLOT_HEIGHT / 2.0 : (v - y0) / (y1 - y0) * PLOT_HEIGHT);

    StringBuilder s = new StringBuilder(4096);
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"")
        .append(Html.escape(id))
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
    s.append(text(WIDTH / 2.0, 18, "middle", "13", "bold", title));
    for (double t : yt) {
      double y = sy.at(t);
      s.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>\n",
              LEFT,
              WIDTH - RIGHT,
              y,
              y));
      s.append(text(LEFT - 6, y + 4, "end", "11", "normal", LoadPoint.number(t)));
    }
    for (double t : xt) {
      double x = sx.at(t);
      s.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#f0f0f0\"/>\n",
              x,
              x,
              TOP,
              TOP + PLOT_HEIGHT));
      s.append(text(x, TOP + PLOT_HEIGHT + 15, "middle", "11", "normal", LoadPoint.number(t)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
            LEFT,
            TOP,
            plotWidth,
            PLOT_HEIGHT));
    s.append(
        text(LEFT + plotWidth / 2.0, TOP + PLOT_HEIGHT + 33, "middle", "11", "normal", xLabel));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>\n",
            TOP + PLOT_HEIGHT / 2.0,
            TOP + PLOT_HEIGHT / 2.0,
            Html.escape(yLabel)));

    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      String color = PALETTE[Math.floorMod(line.color(), PALETTE.length)];
      List<Point> points = new ArrayList<>(line.points());
      points.sort((a, b) -> Double.compare(a.x(), b.x()));
      s.append("<g class=\"series\" data-series=\"")
          .append(Html.escape(line.name()))
          .append("\">\n");
      StringBuilder path = new StringBuilder();
      for (Point p : points) {
        appendCoordinate(path, sx.at(p.x())).append(',');
        appendCoordinate(path, sy.at(p.y())).append(' ');
      }
      s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\"");
      if (line.dashed()) {
        s.append(" stroke-dasharray=\"6 4\"");
      }
      s.append(" points=\"").append(path.toString().trim()).append("\"/>\n");
      for (Point p : points) {
        s.append(
            String.format(
                Locale.ROOT,
                "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s</title></circle>\n",
                sx.at(p.x()),
                sy.at(p.y()),
                color,
                Html.escape(p.tooltip())));
      }
      int row = i / 2;
      double lx = LEFT + (i % 2) * (plotWidth / 2.0);
      double ly = TOP + PLOT_HEIGHT + AXIS_SPACE + row * LEGEND_ROW;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
              lx,
              lx + 22,
              ly - 4,
              ly - 4,
              color,
              line.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
      s.append(text(lx + 28, ly, "start", "11", "normal", line.name()));
      s.append("</g>\n");
    }
    if (lines.isEmpty()) {
      s.append(
          text(
              LEFT + plotWidth / 2.0,
              TOP + PLOT_HEIGHT / 2.0,
              "middle",
              "12",
              "normal",
              "no data"));
    }
    return s.append("</svg>\n").toString();
  }

  /** Appends a coordinate with one decimal, as String.format("%.1f") would, without its cost. */
  static StringBuilder appendCoordinate(StringBuilder b, double v) {
    long tenths = Math.round(v * 10);
    if (tenths < 0) {
      b.append('-');
      tenths = -tenths;
    }
    return b.append(tenths / 10).append('.').append(tenths % 10);
  }

  private interface Scale {
    double at(double v);
  }

  private double[] range(boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Line l : lines) {
      for (Point p : l.points()) {
        double v = x ? p.x() : p.y();
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo > hi) {
      return new double[] {0, 1};
    }
    // Latency and rate axes start at zero, so slopes read honestly.
    return new double[] {Math.min(0, lo), hi};
  }

  /** Round tick values covering [lo, hi]: 1, 2 or 5 times a power of ten apart. */
  static double[] ticks(double lo, double hi) {
    if (hi <= lo) {
      hi = lo == 0 ? 1 : lo + Math.abs(lo);
    }
    double rough = (hi - lo) / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    double step = magnitude;
    for (double m : new double[] {1, 2, 5, 10}) {
      step = m * magnitude;
      if (step >= rough) {
        break;
      }
    }
    double start = Math.floor(lo / step) * step;
    double end = Math.ceil(hi / step) * step;
    int n = (int) Math.round((end - start) / step) + 1;
    double[] ticks = new double[n];
    for (int i = 0; i < n; i++) {
      ticks[i] = start + i * step;
    }
    return ticks;
  }

  private static String text(
      double x, double y, String anchor, String size, String weight, String content) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%s\" font-weight=\"%s\">%s</text>\n",
        x,
        y,
        anchor,
        size,
        weight,
        Html.escape(content));
  }
}
