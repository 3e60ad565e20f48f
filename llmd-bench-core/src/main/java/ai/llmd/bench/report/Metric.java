package ai.llmd.bench.report;

import java.util.Optional;
import java.util.function.Function;

/**
 * The request-level distributions a report commonly carries, with their place in the report.
 *
 * <pre>{@code
 * Statistics ttft = report.require(Metric.TTFT);
 * Optional<Statistics> tpot = report.statistics(Metric.TPOT);
 * }</pre>
 */
public enum Metric {
  /** Time to first token. */
  TTFT("time to first token", "latency.time_to_first_token", a -> lat(a).timeToFirstToken()),
  /** Time per output token (after the first). */
  TPOT("time per output token", "latency.time_per_output_token", a -> lat(a).timePerOutputToken()),
  /** Request latency divided by output tokens. */
  NTPOT(
      "normalized time per output token",
      "latency.normalized_time_per_output_token",
      a -> lat(a).normalizedTimePerOutputToken()),
  /** Inter-token latency. */
  ITL("inter-token latency", "latency.inter_token_latency", a -> lat(a).interTokenLatency()),
  /** End-to-end request latency. */
  E2E("end-to-end request latency", "latency.request_latency", a -> lat(a).requestLatency()),
  /** Output tokens per second. */
  OUTPUT_TOKEN_RATE(
      "output token throughput", "throughput.output_token_rate", a -> thr(a).outputTokenRate()),
  /** Input tokens per second. */
  INPUT_TOKEN_RATE(
      "input token throughput", "throughput.input_token_rate", a -> thr(a).inputTokenRate()),
  /** Input and output tokens per second. */
  TOTAL_TOKEN_RATE(
      "total token throughput", "throughput.total_token_rate", a -> thr(a).totalTokenRate()),
  /** Completed requests per second. */
  REQUEST_RATE("request throughput", "throughput.request_rate", a -> thr(a).requestRate());

  private static final String AGGREGATE = "results.request_performance.aggregate.";

  private final String description;
  private final String path;
  private final Function<Results.Aggregate, Statistics> read;

  Metric(String description, String path, Function<Results.Aggregate, Statistics> read) {
    this.description = description;
    this.path = AGGREGATE + path;
    this.read = read;
  }

  /** In words, e.g. {@code time to first token}. */
  public String description() {
    return description;
  }

  /** Where it sits in a report, e.g. {@code results.request_performance.aggregate.latency...}. */
  public String path() {
    return path;
  }

  /** Whether its values are times (latencies), as opposed to rates. */
  public boolean isLatency() {
    return ordinal() <= E2E.ordinal();
  }

  Optional<Statistics> read(Results.Aggregate aggregate) {
    return Optional.ofNullable(aggregate).map(a -> read.apply(a));
  }

  private static Results.Latency lat(Results.Aggregate a) {
    return a.latency() == null ? new Results.Latency(null, null, null, null, null) : a.latency();
  }

  private static Results.Throughput thr(Results.Aggregate a) {
    return a.throughput() == null ? new Results.Throughput(null, null, null, null) : a.throughput();
  }
}
