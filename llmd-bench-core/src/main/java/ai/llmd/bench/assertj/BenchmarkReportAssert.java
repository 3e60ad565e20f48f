package ai.llmd.bench.assertj;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Metric;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import ai.llmd.bench.report.view.Comparison;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on one {@link BenchmarkReport} (one load point): latency percentiles at most a
 * {@link Duration}, throughput at least a value, error rate at most a fraction, client kept up.
 *
 * <pre>{@code
 * BenchAssertions.assertThat(report)
 *     .ttftAtMost(99, Duration.ofMillis(200))
 *     .itlAtMost(99, Duration.ofMillis(20))
 *     .outputTokenRateAtLeast(400)
 *     .errorRateAtMost(0.01)
 *     .clientKeptUp();
 * }</pre>
 *
 * <p>Values are compared in the report's own units after conversion, so a report in seconds and one
 * in milliseconds give the same verdict. A failure names the report, its load point, the sample
 * count, the measured value, the limit and the unit. A report that lacks the value fails (it does
 * not pass silently).
 */
public class BenchmarkReportAssert extends AbstractAssert<BenchmarkReportAssert, BenchmarkReport> {

  /** Prefer {@link BenchAssertions#assertThat(BenchmarkReport)}. */
  public BenchmarkReportAssert(BenchmarkReport actual) {
    super(actual, BenchmarkReportAssert.class);
  }

  /** The {@code percentile} (e.g. 99, 99.9, 50) of time to first token is at most {@code limit}. */
  public BenchmarkReportAssert ttftAtMost(double percentile, Duration limit) {
    return latencyAtMost(Metric.TTFT, percentile, limit);
  }

  /** The {@code percentile} of time per output token is at most {@code limit} (per token). */
  public BenchmarkReportAssert tpotAtMost(double percentile, Duration limit) {
    return latencyAtMost(Metric.TPOT, percentile, limit);
  }

  /** The {@code percentile} of inter-token latency is at most {@code limit}. */
  public BenchmarkReportAssert itlAtMost(double percentile, Duration limit) {
    return latencyAtMost(Metric.ITL, percentile, limit);
  }

  /** The {@code percentile} of end-to-end request latency is at most {@code limit}. */
  public BenchmarkReportAssert e2eAtMost(double percentile, Duration limit) {
    return latencyAtMost(Metric.E2E, percentile, limit);
  }

  /**
   * The {@code percentile} of a latency metric is at most {@code limit}.
   *
   * @throws IllegalArgumentException for a throughput metric or a percentile the report format has
   *     no key for (98)
   */
  public BenchmarkReportAssert latencyAtMost(Metric metric, double percentile, Duration limit) {
    if (!metric.isLatency()) {
      throw new IllegalArgumentException(metric + " is not a latency; use throughputAtLeast");
    }
    String key = Statistics.percentileKey(percentile);
    isNotNull();
    Optional<Statistics> stats = actual.statistics(metric);
    String what = key + " " + metric.description();
    if (stats.isEmpty() || stats.get().get(key).isEmpty()) {
      return missing(what, metric.path() + (stats.isEmpty() ? "" : "." + key));
    }
    Statistics s = stats.get();
    Duration measured = s.duration(key).orElseThrow();
    if (measured.compareTo(limit) > 0) {
      boolean perToken = s.units().unitClass() == Units.UnitClass.GEN_LATENCY;
      String unit = perToken ? "ms/token" : "ms";
      failWithMessage(
          "Expected %s of %s to be at most %s %s but was %s %s (%s in the report)",
          what,
          describe(),
          ms(limit),
          unit,
          ms(measured),
          unit,
          s.get(key).orElseThrow() + " " + s.units());
    }
    return this;
  }

  /** Mean output tokens per second is at least {@code tokensPerSecond}. */
  public BenchmarkReportAssert outputTokenRateAtLeast(double tokensPerSecond) {
    return throughputAtLeast(Metric.OUTPUT_TOKEN_RATE, tokensPerSecond, Units.TOKENS_PER_S);
  }

  /** Mean completed requests per second is at least {@code queriesPerSecond}. */
  public BenchmarkReportAssert requestRateAtLeast(double queriesPerSecond) {
    return throughputAtLeast(Metric.REQUEST_RATE, queriesPerSecond, Units.QUERIES_PER_S);
  }

  /**
   * The mean of a throughput metric is at least {@code limit} in {@code units}.
   *
   * @throws IllegalArgumentException for a latency metric
   */
  public BenchmarkReportAssert throughputAtLeast(Metric metric, double limit, Units units) {
    if (metric.isLatency()) {
      throw new IllegalArgumentException(metric + " is a latency; use latencyAtMost");
    }
    isNotNull();
    String what = "mean " + metric.description();
    Optional<Double> mean = actual.statistics(metric).flatMap(s -> s.get("mean", units));
    if (mean.isEmpty()) {
      return missing(what, metric.path() + ".mean");
    }
    if (mean.get() < limit) {
      failWithMessage(
          "Expected %s of %s to be at least %s %s but was %s %s",
          what, describe(), num(limit), units, num(mean.get()), units);
    }
    return this;
  }

  /** Failed requests are at most {@code fraction} of requests sent (0.01 is 1 %). */
  public BenchmarkReportAssert errorRateAtMost(double fraction) {
    isNotNull();
    Optional<Double> rate = actual.errorRate();
    if (rate.isEmpty()) {
      return missing(
          "error rate", "results.request_performance.aggregate.requests.total and .failures");
    }
    if (rate.get() > fraction) {
      failWithMessage(
          "Expected error rate of %s to be at most %s (fraction) but was %s (%d of %d requests"
              + " failed)",
          describe(),
          num(fraction),
          num(rate.get()),
          actual.failedRequests().getAsLong(),
          actual.totalRequests().getAsLong());
    }
    return this;
  }

  /** At least {@code count} requests were sent, so that percentiles mean something. */
  public BenchmarkReportAssert hasAtLeastRequests(long count) {
    isNotNull();
    if (actual.totalRequests().isEmpty()) {
      return missing("request count", "results.request_performance.aggregate.requests.total");
    }
    if (actual.totalRequests().getAsLong() < count) {
      failWithMessage(
          "Expected %s to have at least %d requests but had %d",
          describe(), count, actual.totalRequests().getAsLong());
    }
    return this;
  }

  /**
   * The load generator kept up with the requested load, so the report measured the server. Fails
   * when the report says the client was the bottleneck, and when it does not say (only the built-in
   * {@code loadgen} harness records it).
   */
  public BenchmarkReportAssert clientKeptUp() {
    isNotNull();
    Optional<Boolean> keptUp = actual.clientKeptUp();
    if (keptUp.isEmpty()) {
      return missing(
          "client bottleneck verdict",
          "scenario.load.native.config.stage_summary.client_bottleneck");
    }
    if (!keptUp.get()) {
      String why =
          actual.scenario().load().metadata() == null
              ? "client bottleneck"
              : actual.scenario().load().metadata().description();
      failWithMessage(
          "Expected the client to keep up in %s but it did not (%s): the stage measured the load"
              + " generator, not the server",
          describe(), why);
    }
    return this;
  }

  /**
   * No figure of this load point is worse than the same figure of {@code baseline} beyond {@code
   * tolerance} and beyond the noise of the two measurements (see {@link Comparison}): TTFT, TPOT,
   * ITL and end-to-end p50 and p99, request and output token rates, error rate.
   *
   * <pre>{@code
   * assertThat(report).isNoWorseThan(baselineReport, 0.05);   // 5 % tolerance
   * }</pre>
   */
  public BenchmarkReportAssert isNoWorseThan(BenchmarkReport baseline, double tolerance) {
    isNotNull();
    Comparison comparison = Comparison.of(baseline, actual, tolerance);
    if (comparison.changes().isEmpty()) {
      failWithMessage(
          "Expected %s to be compared with baseline %s but they share no figure",
          describe(), baseline.name());
    }
    if (comparison.hasRegressions()) {
      StringBuilder lines = new StringBuilder();
      comparison.regressions().forEach(c -> lines.append("\n  ").append(c));
      failWithMessage(
          "Expected %s to be no worse than baseline %s (tolerance %s) but %d figures regressed:%s",
          describe(), baseline.name(), num(tolerance), comparison.regressions().size(), lines);
    }
    return this;
  }

  private BenchmarkReportAssert missing(String what, String path) {
    failWithMessage(
        "Expected %s in %s but the report has none (%s)%s",
        what,
        describe(),
        path,
        actual.tool().map(t -> "; harness " + t + " did not record it").orElse(""));
    return this;
  }

  private String describe() {
    String samples =
        actual.totalRequests().isPresent()
            ? actual.totalRequests().getAsLong() + " requests"
            : "sample count unknown";
    return "report " + actual.name() + " [" + samples + "]";
  }

  private static String ms(Duration d) {
    return num(d.toNanos() / 1e6);
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
  }
}
