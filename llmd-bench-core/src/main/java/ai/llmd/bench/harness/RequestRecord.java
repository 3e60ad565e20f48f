package ai.llmd.bench.harness;

/**
 * One request as a harness recorded it, in seconds, for merging the output of parallel pods: their
 * percentiles are computed again from every pod's records.
 *
 * <pre>{@code
 * new RequestRecord(true, 0.021, 0.140, 128, 16, null);
 * }</pre>
 *
 * @param ok whether the request succeeded
 * @param ttft time to first token, or {@code null} when unknown
 * @param latency end-to-end latency
 * @param inputTokens prompt tokens
 * @param outputTokens generated tokens
 * @param gaps the gaps between output tokens, or {@code null} when the tool does not record them
 */
public record RequestRecord(
    boolean ok, Double ttft, double latency, long inputTokens, long outputTokens, double[] gaps) {}
