package ai.llmd.bench.report.view;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Scenario;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One load point of a series (a stack, a treatment, a run): its report and what a reader needs from
 * it.
 *
 * @param series the series it belongs to, e.g. {@code "baseline"} or {@code "decode=2"}
 * @param report the report of this load point
 */
public record LoadPoint(String series, BenchmarkReport report) {
  private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_EVEN);

  /** What load was asked for: {@code "20 req/s"}, {@code "concurrency 16"}, or the stage. */
  public String label() {
    Optional<Scenario.LoadStandardized> load = standardized();
    if (load.isPresent() && load.get().rateQps() != null) {
      return number(load.get().rateQps()) + " req/s";
    }
    if (load.isPresent() && load.get().concurrency() != null) {
      return load.get().concurrency().unbounded()
          ? "unbounded concurrency"
          : "concurrency " + load.get().concurrency().value();
    }
    if (load.isPresent() && load.get().stage() != null) {
      return "stage " + load.get().stage();
    }
    return report.run() != null && report.run().uid() != null ? report.run().uid() : "load point";
  }

  /** The requested rate in queries/s, when the load was a rate. */
  public OptionalDouble requestedRate() {
    return standardized()
        .map(Scenario.LoadStandardized::rateQps)
        .map(OptionalDouble::of)
        .orElse(OptionalDouble.empty());
  }

  /** Requests sent at this load point. */
  public OptionalLong total() {
    return requests().map(r -> r.total()).map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  /** Requests that failed. */
  public OptionalLong failures() {
    return requests().map(r -> r.failures()).map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  /** Requests that succeeded, the samples behind the latency figures; empty when unknown. */
  public OptionalLong successes() {
    OptionalLong total = total();
    if (total.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(0, total.getAsLong() - failures().orElse(0)));
  }

  /** Failed requests over requests sent, when both are known. */
  public OptionalDouble errorRate() {
    OptionalLong total = total();
    return total.isEmpty() || total.getAsLong() == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) failures().orElse(0) / total.getAsLong());
  }

  /** What a reader should be warned about: failed requests, a client bottleneck, caveats. */
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    long failed = failures().orElse(0);
    if (failed > 0) {
      warnings.add(
          failed
              + " of "
              + total().orElse(0)
              + " requests failed"
              + (successes().orElse(0) == 0 ? ": no request succeeded" : ""));
    }
    String description =
        Optional.ofNullable(report.scenario())
            .map(Scenario::load)
            .map(Scenario.Load::metadata)
            .map(Scenario.LoadMetadata::description)
            .orElse("");
    for (String line : description.split("\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.contains("bottleneck")
          || lower.contains("could not be merged")
          || lower.contains("caveat")
          || lower.startsWith("warning")) {
        warnings.add(line.trim());
      }
    }
    return warnings;
  }

  /** Whether the load generator, not the server, limited this load point. */
  public boolean clientBottleneck() {
    return warnings().stream()
        .anyMatch(w -> w.toLowerCase(Locale.ROOT).contains("client bottleneck"));
  }

  private Optional<Scenario.LoadStandardized> standardized() {
    return Optional.ofNullable(report.scenario())
        .map(Scenario::load)
        .map(Scenario.Load::standardized);
  }

  private Optional<Results.Requests> requests() {
    return Optional.ofNullable(report.results())
        .map(Results::requestPerformance)
        .map(Results.RequestPerformance::aggregate)
        .map(Results.Aggregate::requests);
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
