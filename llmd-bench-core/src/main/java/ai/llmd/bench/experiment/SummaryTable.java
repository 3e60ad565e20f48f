package ai.llmd.bench.experiment;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Scenario;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line per load stage: requested and achieved rate, TTFT / ITL / end-to-end latency p50 and p99
 * (ms), output tokens/s, errors, and the verdict (what the stage measured). Built from universal
 * reports only, so it reads the output of any harness.
 *
 * <pre>{@code
 * System.out.print(SummaryTable.of(result.loadPoints()).render());
 * Files.writeString(dir.resolve("summary.csv"), SummaryTable.ofReports(reports).csv());
 * }</pre>
 *
 * @param rows the rows, in order
 * @since 0.1
 */
public record SummaryTable(List<Row> rows) {

  /**
   * One load stage.
   *
   * @param loadPoint {@code <stack>/<setup>/<run>/r<n>}, or empty outside an experiment
   * @param stage the stage within its load point, from 0
   * @param requested the requested load: {@code 20 req/s} or {@code 16 concurrent}
   * @param achievedRate requests per second achieved ({@code NaN} when not reported)
   * @param ttftP50Ms time to first token p50 in ms ({@code NaN}: not reported; same below)
   * @param ttftP99Ms time to first token p99 in ms
   * @param itlP50Ms inter-token latency p50 in ms
   * @param itlP99Ms inter-token latency p99 in ms
   * @param e2eP50Ms end-to-end request latency p50 in ms
   * @param e2eP99Ms end-to-end request latency p99 in ms
   * @param outputTokensPerSecond output tokens per second (mean over the stage)
   * @param requests requests sent
   * @param errors requests failed
   * @param verdict what the stage measured, from the report: {@code server failing: ...}, {@code
   *     client bottleneck: ...} (the load generator lagged), {@code interrupted ...}, {@code client
   *     kept up} (the built-in load generator reported nothing of the kind), or {@code -} when the
   *     harness does not say
   */
  public record Row(
      String loadPoint,
      int stage,
      String requested,
      double achievedRate,
      double ttftP50Ms,
      double ttftP99Ms,
      double itlP50Ms,
      double itlP99Ms,
      double e2eP50Ms,
      double e2eP99Ms,
      double outputTokensPerSecond,
      long requests,
      long errors,
      String verdict) {}

  /**
   * Copies the rows.
   *
   * @param rows the rows, in order
   */
  public SummaryTable {
    rows = List.copyOf(rows);
  }

  /** The rows of an experiment's load points. */
  public static SummaryTable of(List<LoadPoint> loadPoints) {
    List<Row> rows = new ArrayList<>();
    for (LoadPoint p : loadPoints) {
      for (int i = 0; i < p.reports().size(); i++) {
        rows.add(row(p.key(), i, p.reports().get(i)));
      }
    }
    return new SummaryTable(rows);
  }

  /** The rows of reports outside an experiment (one per report). */
  public static SummaryTable ofReports(List<BenchmarkReport> reports) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      rows.add(row("", i, reports.get(i)));
    }
    return new SummaryTable(rows);
  }

  static Row row(String loadPoint, int stage, BenchmarkReport r) {
    Results.Aggregate a =
        r.results() == null || r.results().requestPerformance() == null
            ? null
            : r.results().requestPerformance().aggregate();
    Results.Latency l = a == null ? null : a.latency();
    Results.Throughput t = a == null ? null : a.throughput();
    Scenario.Load load = r.scenario() == null ? null : r.scenario().load();
    String requested = "-";
    String verdict = "-";
    if (load != null && load.standardized() != null) {
      var s = load.standardized();
      if (s.rateQps() != null) {
        requested = String.format(Locale.ROOT, "%.1f req/s", s.rateQps());
      } else if (s.concurrency() != null) {
        requested = s.concurrency() + " concurrent";
      }
    }
    String description =
        load == null || load.metadata() == null ? null : load.metadata().description();
    if (description != null
        && (description.startsWith("server failing")
            || description.startsWith("client bottleneck")
            || description.startsWith("interrupted"))) {
      verdict = description;
    } else if (load != null
        && load.standardized() != null
        && "loadgen".equals(load.standardized().tool())) {
      verdict = "client kept up";
    }
    return new Row(
        loadPoint,
        stage,
        requested,
        mean(t == null ? null : t.requestRate()),
        ms(l == null ? null : l.timeToFirstToken(), 50),
        ms(l == null ? null : l.timeToFirstToken(), 99),
        ms(l == null ? null : l.interTokenLatency(), 50),
        ms(l == null ? null : l.interTokenLatency(), 99),
        ms(l == null ? null : l.requestLatency(), 50),
        ms(l == null ? null : l.requestLatency(), 99),
        mean(t == null ? null : t.outputTokenRate()),
        a == null || a.requests() == null || a.requests().total() == null
            ? 0
            : a.requests().total(),
        a == null || a.requests() == null || a.requests().failures() == null
            ? 0
            : a.requests().failures(),
        verdict);
  }

  private static double mean(Statistics s) {
    return s == null || s.mean() == null ? Double.NaN : s.mean();
  }

  private static double ms(Statistics s, int p) {
    if (s == null) {
      return Double.NaN;
    }
    Double v = p == 50 ? s.p50() : s.p99();
    if (v == null) {
      return Double.NaN;
    }
    return s.units() == Units.S || s.units() == Units.S_PER_TOKEN ? v * 1000 : v;
  }

  /** The table as aligned text, with a header line. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    boolean named = rows.stream().anyMatch(r -> !r.loadPoint().isEmpty());
    int w = Math.max(10, rows.stream().mapToInt(r -> r.loadPoint().length()).max().orElse(0));
    String lp = named ? "%-" + w + "s " : "%s";
    sb.append(
        String.format(
            Locale.ROOT,
            lp + "%-5s %13s %9s %17s %15s %17s %10s %8s %6s  %s%n",
            named ? "load point" : "",
            "stage",
            "requested",
            "achieved",
            "TTFT p50/p99 ms",
            "ITL p50/p99 ms",
            "E2E p50/p99 ms",
            "out tok/s",
            "requests",
            "errors",
            "verdict"));
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              lp + "%-5d %13s %9s %17s %15s %17s %10s %8d %6d  %s%n",
              named ? r.loadPoint() : "",
              r.stage(),
              r.requested(),
              num(r.achievedRate(), "%.1f"),
              pair(r.ttftP50Ms(), r.ttftP99Ms()),
              pair(r.itlP50Ms(), r.itlP99Ms()),
              pair(r.e2eP50Ms(), r.e2eP99Ms()),
              num(r.outputTokensPerSecond(), "%.0f"),
              r.requests(),
              r.errors(),
              r.verdict()));
    }
    return sb.toString();
  }

  /** The table as CSV (one header line; numbers in ms and per second; empty when unknown). */
  public String csv() {
    StringBuilder sb =
        new StringBuilder(
            "load_point,stage,requested,achieved_rate,ttft_p50_ms,ttft_p99_ms,itl_p50_ms,itl_p99_ms,"
                + "e2e_p50_ms,e2e_p99_ms,output_tokens_per_s,requests,errors,verdict\n");
    for (Row r : rows) {
      sb.append(
          String.join(
              ",",
              r.loadPoint(),
              Integer.toString(r.stage()),
              r.requested(),
              csvNum(r.achievedRate()),
              csvNum(r.ttftP50Ms()),
              csvNum(r.ttftP99Ms()),
              csvNum(r.itlP50Ms()),
              csvNum(r.itlP99Ms()),
              csvNum(r.e2eP50Ms()),
              csvNum(r.e2eP99Ms()),
              csvNum(r.outputTokensPerSecond()),
              Long.toString(r.requests()),
              Long.toString(r.errors()),
              "\"" + r.verdict().replace("\"", "\"\"") + "\""));
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String num(double v, String format) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
  }

  private static String pair(double a, double b) {
    return Double.isNaN(a) ? "-" : String.format(Locale.ROOT, "%.1f / %.1f", a, b);
  }

  private static String csvNum(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
  }
}
