package ai.llmd.bench.harness.loadgen;

import java.util.List;
import java.util.Map;

/**
 * What one stage of a load run did, as the client saw it.
 *
 * @param index stage number, from 0
 * @param stage what was requested
 * @param sent requests sent
 * @param completed requests answered successfully
 * @param failed requests that failed, by kind in {@code errors}
 * @param errors failures by kind ({@code connect}, {@code timeout}, {@code http_503}, {@code
 *     protocol}, ...)
 * @param achievedRate requests sent per second over the stage
 * @param scheduleDelayP50Ms median delay between a request's scheduled and actual send time
 * @param scheduleDelayP99Ms 99th percentile of that delay
 * @param clientBottleneck whether the load generator could not keep up, so the stage measured the
 *     client
 * @param bottleneckReasons why, in words
 */
public record StageResult(
    int index,
    Stage stage,
    long sent,
    long completed,
    long failed,
    Map<String, Long> errors,
    double achievedRate,
    double scheduleDelayP50Ms,
    double scheduleDelayP99Ms,
    boolean clientBottleneck,
    List<String> bottleneckReasons) {}
