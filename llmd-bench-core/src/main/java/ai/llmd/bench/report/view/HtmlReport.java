package ai.llmd.bench.report.view;

import ai.llmd.bench.io.Paths2;
import ai.llmd.bench.record.ExperimentRecord;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Metric;
import ai.llmd.bench.report.Reports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A self-contained HTML page over a set of reports: latency against throughput charts (inline SVG,
 * one colour per series, p50 solid and p99 dashed), a table per series, warnings, the stack and
 * workload summary of the records, and optionally a comparison with a baseline. The page needs no
 * network; the charts are also written as SVG files for documents.
 *
 * <pre>{@code
 * Path page = HtmlReport.builder()
 *     .title("Rate sweep on the simulator")
 *     .series("simulator", reports)          // the stages of a sweep
 *     .series("decode=2", otherReports)      // a treatment, a stack, a second run ...
 *     .record(record)
 *     .build()
 *     .write(Path.of("results/html"));       // index.html and charts/*.svg
 * }</pre>
 */
public final class HtmlReport {
  private static final String[] PERCENTILES = {"p50", "p99"};

  private final String title;
  private final Map<String, List<LoadPoint>> series;
  private final List<ExperimentRecord> records;
  private final Comparison comparison;
  private final List<SvgChart> charts;
  private final List<String> renderedCharts;

  private HtmlReport(Builder b) {
    this.title = b.title;
    this.series = new LinkedHashMap<>(b.series);
    this.records = List.copyOf(b.records);
    this.comparison = b.comparison;
    this.charts = charts();
    this.renderedCharts = charts.stream().map(SvgChart::render).toList();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The charts drawn, by file name ({@code ttft-vs-request-rate.svg}) and point count. */
  public Map<String, Integer> chartPoints() {
    Map<String, Integer> points = new LinkedHashMap<>();
    charts.forEach(c -> points.put(c.id() + ".svg", c.pointCount()));
    return points;
  }

  /** The page as one HTML document. */
  public String html() {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(Html.escape(title))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(Html.escape(title))
        .append("</h1>\n");
    summary(h);
    warnings(h);
    h.append("<h2>Latency against throughput</h2>\n")
        .append("<p class=\"hint\">p50 solid, p99 dashed; click a legend entry to hide or show")
        .append(" a series. Hover a point for its values.</p>\n<div class=\"charts\">\n");
    renderedCharts.forEach(h::append);
    h.append("</div>\n");
    tables(h);
    if (comparison != null) {
      comparison(h);
    }
    h.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  /**
   * Writes {@code index.html} and {@code charts/<chart>.svg} into {@code directory} (created if
   * needed), each atomically, and returns the page's path.
   */
  public Path write(Path directory) {
    try {
      for (int i = 0; i < charts.size(); i++) {
        Paths2.writeAtomically(
            directory.resolve("charts").resolve(charts.get(i).id() + ".svg"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + renderedCharts.get(i));
      }
      Path page = directory.resolve("index.html");
      Paths2.writeAtomically(page, html());
      return page;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the HTML report into " + directory, e);
    }
  }

  @Override
  public String toString() {
    int points = series.values().stream().mapToInt(List::size).sum();
    return "HtmlReport[" + title + ": " + series.size() + " series, " + points + " load points]";
  }

  private List<SvgChart> charts() {
    List<SvgChart> result = new ArrayList<>();
    Metric[] latencies = {Metric.TTFT, Metric.TPOT, Metric.ITL, Metric.E2E};
    Metric[] throughputs = {Metric.REQUEST_RATE, Metric.OUTPUT_TOKEN_RATE};
    for (Metric x : throughputs) {
      for (Metric y : latencies) {
        SvgChart chart =
            new SvgChart(
                slug(y.name())
                    + "-vs-"
                    + (x == Metric.REQUEST_RATE ? "request-rate" : "output-token-rate"),
                y.name() + " against " + x.description(),
                x.description() + " (" + Figures.unit(x) + ")",
                y.name() + " (" + Figures.unit(y) + ")");
        int color = 0;
        for (var e : series.entrySet()) {
          for (int k = 0; k < PERCENTILES.length; k++) {
            List<SvgChart.Point> points = new ArrayList<>();
            for (LoadPoint p : e.getValue()) {
              OptionalDouble xv = Figures.value(p.report(), x, "mean");
              if (xv.isEmpty() && x == Metric.REQUEST_RATE) {
                xv =
                    p.report()
                        .requestedRate()
                        .map(OptionalDouble::of)
                        .orElse(OptionalDouble.empty());
              }
              OptionalDouble yv = Figures.value(p.report(), y, PERCENTILES[k]);
              if (xv.isPresent() && yv.isPresent()) {
                points.add(
                    new SvgChart.Point(
                        xv.getAsDouble(),
                        yv.getAsDouble(),
                        e.getKey()
                            + ", "
                            + p.label()
                            + ": "
                            + y.name()
                            + " "
                            + PERCENTILES[k]
                            + " "
                            + LoadPoint.number(yv.getAsDouble())
                            + " "
                            + Figures.unit(y)
                            + " at "
                            + LoadPoint.number(xv.getAsDouble())
                            + " "
                            + Figures.unit(x)));
              }
            }
            chart.add(new SvgChart.Line(e.getKey() + " " + PERCENTILES[k], color, k > 0, points));
          }
          color++;
        }
        if (!chart.isEmpty()) {
          result.add(chart);
        }
      }
    }
    return result;
  }

  private void summary(StringBuilder h) {
    h.append("<h2>What ran</h2>\n<table class=\"kv\">\n");
    List<String> tools = new ArrayList<>();
    for (List<LoadPoint> points : series.values()) {
      for (LoadPoint p : points) {
        var load = p.report().scenario() == null ? null : p.report().scenario().load();
        if (load != null && load.standardized() != null && load.standardized().tool() != null) {
          String tool =
              load.standardized().tool()
                  + (load.standardized().toolVersion() == null
                          || "unknown".equals(load.standardized().toolVersion())
                      ? ""
                      : " " + load.standardized().toolVersion());
          if (!tools.contains(tool)) {
            tools.add(tool);
          }
        }
      }
    }
    row(h, "series", String.join(", ", series.keySet()));
    row(h, "load points", Integer.toString(series.values().stream().mapToInt(List::size).sum()));
    if (!tools.isEmpty()) {
      row(h, "harness", String.join(", ", tools));
    }
    for (ExperimentRecord r : records) {
      row(h, "experiment", r.experimentId() + " (llmd-bench " + r.libraryVersion() + ")");
      if (r.start() != null) {
        row(h, "time", r.start() + (r.end() == null ? "" : " to " + r.end()));
      }
      if (r.environment() != null && r.environment().kubernetesVersion() != null) {
        row(h, "Kubernetes", r.environment().kubernetesVersion());
      }
      for (ExperimentRecord.Release rel : r.releases()) {
        row(
            h,
            rel.step(),
            rel.name() + ": " + rel.chart() + " " + Objects.toString(rel.resolvedVersion(), ""));
      }
      Map<String, Integer> workloads = new LinkedHashMap<>();
      for (ExperimentRecord.Workload w : r.workloads()) {
        workloads.merge(w.harness() + " / " + w.profileName(), 1, Integer::sum);
      }
      workloads.forEach((w, n) -> row(h, "workload", w + (n > 1 ? " (" + n + " runs)" : "")));
    }
    h.append("</table>\n");
  }

  private void warnings(StringBuilder h) {
    List<String> warnings = new ArrayList<>();
    series.forEach(
        (name, points) ->
            points.forEach(
                p -> p.warnings().forEach(w -> warnings.add(name + ", " + p.label() + ": " + w))));
    if (warnings.isEmpty()) {
      return;
    }
    h.append("<h2>Warnings</h2>\n<ul class=\"warnings\">\n");
    warnings.forEach(w -> h.append("<li>").append(Html.escape(w)).append("</li>\n"));
    h.append("</ul>\n");
  }

  private void tables(StringBuilder h) {
    Metric[] latencies = {Metric.TTFT, Metric.TPOT, Metric.ITL, Metric.E2E};
    for (var e : series.entrySet()) {
      h.append("<h2>").append(Html.escape(e.getKey())).append("</h2>\n<table class=\"points\">\n");
      h.append("<tr><th>load point</th><th>requests</th><th>failed</th><th>req/s</th>")
          .append("<th>out tok/s</th>");
      for (Metric m : latencies) {
        h.append("<th>")
            .append(m.name())
            .append(" p50 / p99 (")
            .append(Html.escape(Figures.unit(m).text()))
            .append(")</th>");
      }
      h.append("</tr>\n");
      for (LoadPoint p : e.getValue()) {
        boolean flagged = !p.warnings().isEmpty();
        h.append(flagged ? "<tr class=\"flagged\">" : "<tr>");
        cell(h, p.label());
        BenchmarkReport r = p.report();
        cell(h, r.totalRequests().isPresent() ? Long.toString(r.totalRequests().getAsLong()) : "");
        cell(
            h, r.failedRequests().isPresent() ? Long.toString(r.failedRequests().getAsLong()) : "");
        cell(h, format(Figures.value(r, Metric.REQUEST_RATE, "mean")));
        cell(h, format(Figures.value(r, Metric.OUTPUT_TOKEN_RATE, "mean")));
        for (Metric m : latencies) {
          String p50 = format(Figures.value(r, m, "p50"));
          String p99 = format(Figures.value(r, m, "p99"));
          cell(h, p50.isEmpty() && p99.isEmpty() ? "" : p50 + " / " + p99);
        }
        h.append("</tr>\n");
      }
      h.append("</table>\n");
    }
  }

  private void comparison(StringBuilder h) {
    h.append("<h2>Comparison with the baseline</h2>\n<p>")
        .append(Html.escape(comparison.toString()))
        .append("</p>\n<table class=\"points\">\n")
        .append("<tr><th>load point</th><th>metric</th><th>baseline</th><th>candidate</th>")
        .append("<th>change</th><th>verdict</th><th>why</th></tr>\n");
    for (Comparison.Change c : comparison.changes()) {
      String cls = c.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-');
      h.append("<tr class=\"").append(cls).append("\">");
      cell(h, c.loadPoint());
      cell(h, c.metric());
      cell(h, LoadPoint.number(c.baseline()) + " " + c.unit());
      cell(h, LoadPoint.number(c.candidate()) + " " + c.unit());
      cell(h, Comparison.percent(c.relativeChange()));
      cell(h, c.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '));
      cell(h, c.reason());
      h.append("</tr>\n");
    }
    h.append("</table>\n");
    comparison
        .notes()
        .forEach(n -> h.append("<p class=\"hint\">").append(Html.escape(n)).append("</p>\n"));
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>")
        .append(Html.escape(key))
        .append("</th><td>")
        .append(Html.escape(value))
        .append("</td></tr>\n");
  }

  private static void cell(StringBuilder h, String value) {
    h.append("<td>").append(Html.escape(value)).append("</td>");
  }

  private static String format(OptionalDouble v) {
    return v.isPresent() ? LoadPoint.number(v.getAsDouble()) : "";
  }

  private static String slug(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  /** Collects the series, records and comparison of a page. */
  public static final class Builder {
    private String title = "llmd-bench report";
    private final Map<String, List<LoadPoint>> series = new LinkedHashMap<>();
    private final List<ExperimentRecord> records = new ArrayList<>();
    private Comparison comparison;

    private Builder() {}

    /** The page title. */
    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title");
      return this;
    }

    /**
     * Adds a series: the load points of one stack, treatment or run, drawn as one colour.
     *
     * @throws IllegalArgumentException for a name used twice or no reports
     */
    public Builder series(String name, List<BenchmarkReport> reports) {
      Objects.requireNonNull(name, "series name");
      Objects.requireNonNull(reports, "reports of series " + name);
      if (series.containsKey(name)) {
        throw new IllegalArgumentException("series '" + name + "' is added twice");
      }
      if (reports.isEmpty()) {
        throw new IllegalArgumentException("series '" + name + "' has no reports");
      }
      series.put(name, reports.stream().map(r -> new LoadPoint(name, r)).toList());
      return this;
    }

    /**
     * Adds a series from a directory of reports (every {@code .yaml}, {@code .yml} and {@code
     * .json} file directly in it, by name), read with {@link Reports#read}.
     */
    public Builder series(String name, Path reportsDirectory) {
      List<BenchmarkReport> reports =
          Paths2.files(reportsDirectory, n -> n.matches(".*\\.(ya?ml|json)$")).stream()
              .map(Reports::read)
              .toList();
      if (reports.isEmpty()) {
        throw new IllegalArgumentException(
            "series '" + name + "': no .yaml or .json report in " + reportsDirectory);
      }
      return series(name, reports);
    }

    /** Adds an experiment record, shown in the summary (stack releases, workloads). */
    public Builder record(ExperimentRecord record) {
      records.add(Objects.requireNonNull(record, "record"));
      return this;
    }

    /** Adds a comparison table (see {@link Comparison}). */
    public Builder comparison(Comparison comparison) {
      this.comparison = Objects.requireNonNull(comparison, "comparison");
      return this;
    }

    /**
     * The page.
     *
     * @throws IllegalStateException when no series was added
     */
    public HtmlReport build() {
      if (series.isEmpty()) {
        throw new IllegalStateException("an HTML report needs at least one series of reports");
      }
      return new HtmlReport(this);
    }
  }

  private static final String CSS =
      """
      body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1240px; }
      h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
      table { border-collapse: collapse; font-size: 13px; }
      th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: right; }
      table.kv th, table.kv td { text-align: left; }
      th { background: #f5f5f5; }
      tr.flagged td { background: #fff4e5; }
      tr.regression td { background: #fde8e8; } tr.improvement td { background: #e8f6e8; }
      .charts { display: flex; flex-wrap: wrap; gap: 12px; }
      svg.chart { border: 1px solid #eee; }
      svg.chart g.series { cursor: pointer; } svg.chart g.series.hidden { opacity: 0.12; }
      ul.warnings li { color: #a35200; }
      .hint { color: #666; font-size: 12px; }
      """;

  private static final String SCRIPT =
      """
      (function () {
        var groups = document.querySelectorAll('svg.chart g.series');
        groups.forEach(function (g) {
          g.addEventListener('click', function () {
            var name = g.getAttribute('data-series');
            var hide = !g.classList.contains('hidden');
            groups.forEach(function (other) {
              if (other.getAttribute('data-series') === name) {
                other.classList.toggle('hidden', hide);
              }
            });
          });
        });
        document.body.setAttribute('data-charts', String(document.querySelectorAll('svg.chart').length));
        document.body.setAttribute('data-points', String(document.querySelectorAll('svg.chart circle.point').length));
      })();
      """;
}
