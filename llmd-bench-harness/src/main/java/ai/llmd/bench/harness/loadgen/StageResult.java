package ai.llmd.bench.harness.loadgen;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Results;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one stage of a load run did, as the client saw it, and its benchmark report.
 *
 * <pre>{@code
 * StageResult s = result.stages().get(0);
 * if (s.serverFailing()) {
 *   System.out.println(s.errorSamples());       // {http_404={"error": {"message": "model x not found"...}}}
 * }
 * Statistics ttft = s.latency().timeToFirstToken();   // ms, null without streaming or successes
 * }</pre>
 *
 * @param index stage number, from 0
 * @param stage what was requested
 * @param sent requests sent; always {@code completed + failed}
 * @param completed requests answered successfully
 * @param failed requests that failed, by kind in {@code errors}
 * @param errors failures by kind ({@code resolve}, {@code connect}, {@code tls}, {@code timeout},
 *     {@code io}, {@code protocol}, {@code stream_error}, {@code http_<status>}, {@code cancelled},
 *     {@code client})
 * @param errorSamples the first failure of each kind in words: the server's error body or the
 *     exception's message, at most about 1,000 characters each
 * @param achievedRate requests sent per second over the stage
 * @param scheduleDelayP50Ms median delay between a request's scheduled and actual send time
 * @param scheduleDelayP99Ms 99th percentile of that delay
 * @param clientBottleneck whether the load generator could not keep up, so the stage measured the
 *     client; never set when the server was failing (the lag is then not attributed)
 * @param bottleneckReasons signs that the client lagged, in words (also when not attributed)
 * @param interrupted whether the run was interrupted or cancelled during this stage (the stage's
 *     figures then cover the time until the stop)
 * @param report the stage's benchmark report (v0.2.1), computed from its per-request file
 */
public record StageResult(
    int index,
    Stage stage,
    long sent,
    long completed,
    long failed,
    Map<String, Long> errors,
    Map<String, String> errorSamples,
    double achievedRate,
    double scheduleDelayP50Ms,
    double scheduleDelayP99Ms,
    boolean clientBottleneck,
    List<String> bottleneckReasons,
    boolean interrupted,
    BenchmarkReport report) {

  /** Share of failed requests above which a stage counts as failed by the server. */
  public static final double SERVER_FAILING_ERROR_RATE = 0.05;

  /**
   * Copies the error maps and bottleneck reasons.
   *
   * @param index stage number, from 0
   * @param stage what was requested
   * @param sent requests sent; always {@code completed + failed}
   * @param completed requests answered successfully
   * @param failed requests that failed, by kind in {@code errors}
   * @param errors failures by kind ({@code resolve}, {@code connect}, {@code tls}, {@code timeout},
   *     {@code io}, {@code protocol}, {@code stream_error}, {@code http_<status>}, {@code
   *     cancelled}, {@code client})
   * @param errorSamples the first failure of each kind in words: the server's error body or the
   *     exception's message, at most about 1,000 characters each
   * @param achievedRate requests sent per second over the stage
   * @param scheduleDelayP50Ms median delay between a request's scheduled and actual send time
   * @param scheduleDelayP99Ms 99th percentile of that delay
   * @param clientBottleneck whether the load generator could not keep up, so the stage measured the
   *     client; never set when the server was failing (the lag is then not attributed)
   * @param bottleneckReasons signs that the client lagged, in words (also when not attributed)
   * @param interrupted whether the run was interrupted or cancelled during this stage (the stage's
   *     figures then cover the time until the stop)
   * @param report the stage's benchmark report (v0.2.1), computed from its per-request file
   */
  public StageResult {
    errors = Map.copyOf(errors);
    errorSamples = Map.copyOf(errorSamples);
    bottleneckReasons = List.copyOf(bottleneckReasons);
  }

  /** Failed requests as a fraction of those sent (0 when none was sent). */
  public double errorRate() {
    return sent == 0 ? 0 : failed / (double) sent;
  }

  /**
   * Whether the server was unreachable or failing in this stage: nothing succeeded, or more than
   * {@value #SERVER_FAILING_ERROR_RATE} of the requests failed.
   */
  public boolean serverFailing() {
    return sent > 0 && (completed == 0 || errorRate() > SERVER_FAILING_ERROR_RATE);
  }

  /**
   * The latency figures of the stage's successful requests (TTFT, TPOT, ITL, end-to-end, in ms);
   * each is {@code null} when it could not be measured (no success, or no streaming for TTFT/ITL).
   */
  public Results.Latency latency() {
    return report.results().requestPerformance().aggregate().latency();
  }

  /**
   * What the stage showed, in words: {@code server failing: ...}, {@code client bottleneck: ...},
   * {@code interrupted ...} or {@code client kept up}.
   */
  public String verdict() {
    StringBuilder v = new StringBuilder();
    if (serverFailing()) {
      v.append(
          String.format(
              Locale.ROOT,
              "server failing: %d of %d requests failed (%s)",
              failed,
              sent,
              errorList()));
    } else if (clientBottleneck) {
      v.append("client bottleneck: ").append(String.join("; ", bottleneckReasons));
    } else {
      v.append("client kept up");
      if (failed > 0) {
        v.append(
            String.format(
                Locale.ROOT, "; %d of %d requests failed (%s)", failed, sent, errorList()));
      }
    }
    if (interrupted) {
      v.append("; interrupted");
    }
    return v.toString();
  }

  private String errorList() {
    return errors.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " x" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** A one-line summary (the report is left out). */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "StageResult[stage %d: %s, sent %d, ok %d, failed %d, achieved %.1f req/s, %s]",
        index,
        stage,
        sent,
        completed,
        failed,
        achievedRate,
        verdict());
  }
}
