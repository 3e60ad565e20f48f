package ai.llmd.bench.report.view;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Scenario;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One load point of a series (a stack, a treatment, a run): its report and what a reader needs from
 * it beyond the report's own shortcuts.
 *
 * @param series the series it belongs to, e.g. {@code "baseline"} or {@code "decode=2"}
 * @param report the report of this load point
 */
record LoadPoint(String series, BenchmarkReport report) {
  private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_EVEN);

  /** What load was asked for: {@code "20 req/s"}, {@code "concurrency 16"}, or the stage. */
  String label() {
    if (report.requestedRate().isPresent()) {
      return number(report.requestedRate().get()) + " req/s";
    }
    if (report.requestedConcurrency().isPresent()) {
      return report.requestedConcurrency().get().unbounded()
          ? "unbounded concurrency"
          : "concurrency " + report.requestedConcurrency().get().value();
    }
    if (report.stage().isPresent()) {
      return "stage " + report.stage().get();
    }
    return report.run() != null && report.run().uid() != null ? report.run().uid() : "load point";
  }

  /** Requests that succeeded, the samples behind the latency figures; 0 when unknown. */
  long successes() {
    return Math.max(0, report.totalRequests().orElse(0) - report.failedRequests().orElse(0));
  }

  /**
   * What a reader must know before trusting the figures: failed requests; what the load generator
   * noted (server failing, client bottleneck, interrupted stage); percentiles that could not be
   * merged across the pods of a parallel run, or pods missing from it.
   */
  List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    long failed = report.failedRequests().orElse(0);
    if (failed > 0) {
      warnings.add(
          failed
              + " of "
              + report.totalRequests().orElse(0)
              + " requests failed"
              + (successes() == 0 ? ": no request succeeded" : ""));
    }
    Optional<Scenario.Load> load = Optional.ofNullable(report.scenario()).map(Scenario::load);
    String description =
        load.map(Scenario.Load::metadata).map(Scenario.LoadMetadata::description).orElse("");
    if (description.contains("server failing")
        || description.contains("client bottleneck")
        || description.contains("interrupted")) {
      warnings.add(description);
    }
    if (load.map(Scenario.Load::nativeConfig).map(Scenario.Native::config).orElse(null)
            instanceof Map<?, ?> config
        && config.get("parallel") instanceof Map<?, ?> parallel
        && parallel.get("note") instanceof String note
        && (note.contains("could not be merged") || note.contains("missing pods"))) {
      warnings.add(note);
    }
    return warnings;
  }

  /** A number for people: whole from 100 up, otherwise three significant digits. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (Math.abs(v) >= 100 || v == Math.rint(v)) {
      return Long.toString(Math.round(v));
    }
    return new BigDecimal(v).round(THREE_DIGITS).stripTrailingZeros().toPlainString();
  }
}
