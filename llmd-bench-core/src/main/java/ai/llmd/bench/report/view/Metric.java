package ai.llmd.bench.report.view;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * A measured quantity of a load point, read from a report in one display unit whatever unit the
 * harness wrote: latencies in ms (ms/token for TPOT), rates in their own units.
 *
 * <pre>{@code
 * OptionalDouble p99 = Metric.TTFT.value(report, "p99");   // ms, also for inference-perf (s)
 * }</pre>
 */
public enum Metric {
  TTFT("TTFT", "time to first token", "ms", false, l -> l.timeToFirstToken()),
  TPOT("TPOT", "time per output token", "ms/token", false, l -> l.timePerOutputToken()),
  ITL("ITL", "inter-token latency", "ms", false, l -> l.interTokenLatency()),
  E2E("E2E", "end-to-end request latency", "ms", false, l -> l.requestLatency()),
  REQUEST_RATE("req/s", "achieved request rate", "queries/s", true, null),
  OUTPUT_TOKEN_RATE("out tok/s", "output token rate", "tokens/s", true, null);

  private final String shortName;
  private final String description;
  private final String unit;
  private final boolean higherIsBetter;
  private final Function<Results.Latency, Statistics> latency;

  Metric(
      String shortName,
      String description,
      String unit,
      boolean higherIsBetter,
      Function<Results.Latency, Statistics> latency) {
    this.shortName = shortName;
    this.description = description;
    this.unit = unit;
    this.higherIsBetter = higherIsBetter;
    this.latency = latency;
  }

  /** A short column name, e.g. {@code TTFT}. */
  public String shortName() {
    return shortName;
  }

  /** What it measures, in words. */
  public String description() {
    return description;
  }

  /**
   * The unit of {@link #value}: {@code ms}, {@code ms/token}, {@code queries/s}, {@code tokens/s}.
   */
  public String unit() {
    return unit;
  }

  /** Whether a larger value is better (rates) or worse (latencies). */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** The report's statistics block for this metric, if the report has it. */
  public Optional<Statistics> statistics(BenchmarkReport report) {
    Optional<Results.Aggregate> aggregate =
        Optional.ofNullable(report.results())
            .map(Results::requestPerformance)
            .map(Results.RequestPerformance::aggregate);
    if (latency != null) {
      return aggregate.map(Results.Aggregate::latency).map(latency);
    }
    Optional<Results.Throughput> throughput = aggregate.map(Results.Aggregate::throughput);
    return this == REQUEST_RATE
        ? throughput.map(Results.Throughput::requestRate)
        : throughput.map(Results.Throughput::outputTokenRate);
  }

  /**
   * One value of this metric ({@code mean}, {@code p50}, {@code p99}, ...) in {@link #unit()}, or
   * empty when the report does not have it.
   */
  public OptionalDouble value(BenchmarkReport report, String key) {
    return statistics(report).map(s -> valueOf(s, key)).orElse(OptionalDouble.empty());
  }

  /** One value of a statistics block of this metric, converted to {@link #unit()}. */
  public OptionalDouble valueOf(Statistics s, String key) {
    Double raw = s.values().get(key);
    return raw == null ? OptionalDouble.empty() : OptionalDouble.of(raw * scale(s.units()));
  }

  /** Factor from a report unit to {@link #unit()}. */
  double scale(Units units) {
    if (units == Units.S || units == Units.S_PER_TOKEN) {
      return 1000.0;
    }
    return 1.0;
  }
}
