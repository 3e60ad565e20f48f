package ai.llmd.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One llm-d benchmark report (version 0.2.1): one load point, the stack that served it, the load
 * that produced it and what was measured.
 *
 * <pre>{@code
 * BenchmarkReport report = Reports.read(Path.of("benchmark_report_v0.2.1,_stage_0.yaml"));
 * Duration p99 = report.require(Metric.TTFT).duration("p99").orElseThrow();
 * double errors = report.errorRate().orElse(0.0);
 * }</pre>
 *
 * <p>The shortcuts ({@link #ttft()}, {@link #require(Metric)}, {@link #errorRate()}, ...) spare the
 * six nullable levels of {@code results().requestPerformance().aggregate().latency()...}; read
 * their values unit-safely with {@link Statistics#duration} or {@link Statistics#in}.
 *
 * @param version always {@link #VERSION} for reports built or read by this library
 * @param run identifiers and timing of the run (required)
 * @param scenario the stack and the load (optional)
 * @param results the measurements (required, may be empty)
 */
public record BenchmarkReport(String version, Run run, Scenario scenario, Results results) {

  /** The report version this library writes. */
  public static final String VERSION = "0.2.1";

  /** One distribution of the request aggregate, or empty when the report lacks it. */
  public Optional<Statistics> statistics(Metric metric) {
    return metric.read(aggregate());
  }

  /**
   * One distribution of the request aggregate.
   *
   * @throws MissingMetricException naming the report, its load point and the report path
   */
  public Statistics require(Metric metric) {
    return statistics(metric)
        .orElseThrow(() -> new MissingMetricException(this, metric.description(), metric.path()));
  }

  /** Time to first token, or empty. */
  public Optional<Statistics> ttft() {
    return statistics(Metric.TTFT);
  }

  /** Time per output token, or empty. */
  public Optional<Statistics> tpot() {
    return statistics(Metric.TPOT);
  }

  /** Inter-token latency, or empty. */
  public Optional<Statistics> itl() {
    return statistics(Metric.ITL);
  }

  /** End-to-end request latency, or empty. */
  public Optional<Statistics> e2e() {
    return statistics(Metric.E2E);
  }

  /** Output tokens per second, or empty. */
  public Optional<Statistics> outputTokenRate() {
    return statistics(Metric.OUTPUT_TOKEN_RATE);
  }

  /** Completed requests per second, or empty. */
  public Optional<Statistics> requestRate() {
    return statistics(Metric.REQUEST_RATE);
  }

  /** Requests sent ({@code results.request_performance.aggregate.requests.total}), or empty. */
  public OptionalLong totalRequests() {
    Results.Requests r = requests();
    return r == null || r.total() == null ? OptionalLong.empty() : OptionalLong.of(r.total());
  }

  /** Requests that failed, or empty when the report does not count them. */
  public OptionalLong failedRequests() {
    Results.Requests r = requests();
    return r == null || r.failures() == null ? OptionalLong.empty() : OptionalLong.of(r.failures());
  }

  /**
   * Failed requests as a fraction of requests sent (0.02 is 2 %), or empty when the report lacks
   * either count. Zero requests sent give an error rate of 0.
   */
  public Optional<Double> errorRate() {
    OptionalLong total = totalRequests();
    OptionalLong failed = failedRequests();
    if (total.isEmpty() || failed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        total.getAsLong() == 0 ? 0.0 : (double) failed.getAsLong() / total.getAsLong());
  }

  /** The harness that produced this report ({@code scenario.load.standardized.tool}), or empty. */
  public Optional<String> tool() {
    return load().map(Scenario.LoadStandardized::tool);
  }

  /** The index of this load point within its run, or empty. */
  public Optional<Integer> stage() {
    return load().map(Scenario.LoadStandardized::stage);
  }

  /** The requested rate in queries/s, or empty (e.g. for a concurrency sweep). */
  public Optional<Double> requestedRate() {
    return load().map(Scenario.LoadStandardized::rateQps);
  }

  /** The requested concurrency, or empty (e.g. for a rate sweep). */
  public Optional<Concurrency> requestedConcurrency() {
    return load().map(Scenario.LoadStandardized::concurrency);
  }

  /**
   * Whether the load generator kept up with the requested load, or empty when the harness does not
   * say (only the built-in {@code loadgen} records it). A stage where the client fell behind
   * measured the client, not the server.
   */
  public Optional<Boolean> clientKeptUp() {
    if (scenario == null || scenario.load() == null || scenario.load().nativeConfig() == null) {
      return Optional.empty();
    }
    if (scenario.load().nativeConfig().config() instanceof Map<?, ?> config
        && config.get("stage_summary") instanceof Map<?, ?> summary
        && summary.get("client_bottleneck") instanceof Boolean bottleneck) {
      return Optional.of(!bottleneck);
    }
    return Optional.empty();
  }

  /**
   * The load point in words, e.g. {@code stage 1, 50 queries/s} or {@code concurrency 32}; {@code
   * unknown load point} when the report does not say.
   */
  public String loadPoint() {
    StringBuilder sb = new StringBuilder();
    stage().ifPresent(s -> sb.append("stage ").append(s));
    requestedRate()
        .ifPresent(
            r ->
                sb.append(sb.isEmpty() ? "" : ", ")
                    .append(Statistics.format(r))
                    .append(" queries/s"));
    requestedConcurrency()
        .ifPresent(
            c ->
                sb.append(sb.isEmpty() ? "" : ", ")
                    .append("concurrency ")
                    .append(c.unbounded() ? "unbounded" : Long.toString(c.value())));
    return sb.isEmpty() ? "unknown load point" : sb.toString();
  }

  /** The run uid with the harness and load point, to name this report in messages. */
  public String name() {
    String uid = run == null || run.uid() == null ? "(no uid)" : run.uid();
    return uid + " (" + tool().map(t -> t + " ").orElse("") + loadPoint() + ")";
  }

  /**
   * A short summary: uid, harness, load point, requests and the TTFT, ITL and end-to-end medians
   * and 99th percentiles in milliseconds. Use {@link Reports#toYaml} for the whole report.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("BenchmarkReport[").append(name());
    totalRequests()
        .ifPresent(
            t ->
                sb.append(", requests ")
                    .append(t)
                    .append(
                        failedRequests().isPresent()
                            ? " (" + failedRequests().getAsLong() + " failed)"
                            : ""));
    for (Metric m : new Metric[] {Metric.TTFT, Metric.ITL, Metric.E2E}) {
      statistics(m)
          .filter(st -> st.units() != null && st.units().isTime())
          .ifPresent(st -> sb.append(", ").append(m.name()).append(' ').append(summary(st)));
    }
    outputTokenRate()
        .flatMap(st -> st.get("mean"))
        .ifPresent(v -> sb.append(", ").append(Statistics.format(v)).append(" output tokens/s"));
    return sb.append(']').toString();
  }

  private static String summary(Statistics st) {
    String unit =
        st.units() == Units.MS_PER_TOKEN || st.units() == Units.S_PER_TOKEN ? " ms/token" : " ms";
    if (st.p50() == null && st.p99() == null) {
      return "mean " + ms(st, "mean") + unit;
    }
    return "p50/p99 " + ms(st, "p50") + "/" + ms(st, "p99") + unit;
  }

  private static String ms(Statistics st, String key) {
    Units target = st.units().unitClass() == Units.UnitClass.TIME ? Units.MS : Units.MS_PER_TOKEN;
    return st.get(key, target).map(v -> String.format(Locale.ROOT, "%.1f", v)).orElse("-");
  }

  private Results.Aggregate aggregate() {
    return results == null || results.requestPerformance() == null
        ? null
        : results.requestPerformance().aggregate();
  }

  private Results.Requests requests() {
    Results.Aggregate a = aggregate();
    return a == null ? null : a.requests();
  }

  private Optional<Scenario.LoadStandardized> load() {
    return scenario == null || scenario.load() == null
        ? Optional.empty()
        : Optional.ofNullable(scenario.load().standardized());
  }

  /** This report with another scenario. */
  public BenchmarkReport withScenario(Scenario newScenario) {
    return new BenchmarkReport(version, run, newScenario, results);
  }

  /**
   * Identifiers and timing of a run.
   *
   * @param uid unique id of this report
   * @param eid experiment id shared by the reports of one experiment
   * @param cid cluster id
   * @param pid id of the load-generating pod
   * @param time start, end and duration of the run, or {@code null}
   * @param user who ran it, or {@code null}
   * @param description free text, or {@code null}
   * @param keywords free-form tags, or {@code null}
   */
  public record Run(
      String uid,
      String eid,
      String cid,
      String pid,
      RunTime time,
      String user,
      String description,
      List<String> keywords) {

    /** A run block with only a uid and times. */
    public static Run of(String uid, RunTime time) {
      return new Run(uid, null, null, null, time, null, null, null);
    }
  }

  /**
   * Start, end and duration of a run, as ISO-8601 strings.
   *
   * @param duration an ISO-8601 duration such as {@code PT49.97S}
   * @param start ISO-8601 date-time the run started
   * @param end ISO-8601 date-time the run ended
   */
  public record RunTime(String start, String end, String duration) {}
}
