package ai.llmd.bench.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report measured ({@code results}); every part is optional.
 *
 * @param profiling free-form profiling data
 * @param requestPerformance client-side request performance
 * @param sessionPerformance multi-turn session performance
 * @param observability server-side observations
 * @param componentHealth health of the stack's components
 */
public record Results(
    RequestPerformance requestPerformance,
    SessionPerformance sessionPerformance,
    Observability observability,
    Object profiling,
    List<ComponentHealth> componentHealth) {

  /** Results with only client-side request performance. */
  public static Results of(Aggregate aggregate) {
    return new Results(new RequestPerformance(aggregate, null), null, null, null, null);
  }

  /** This block with another observability section. */
  public Results withObservability(Observability newObservability) {
    return new Results(
        requestPerformance, sessionPerformance, newObservability, profiling, componentHealth);
  }

  /**
   * Request-level performance: an aggregate over the load point and optional time series.
   *
   * @param aggregate over the whole load point
   * @param timeSeries the same over time, or {@code null}
   */
  public record RequestPerformance(Aggregate aggregate, TimeSeries timeSeries) {}

  /**
   * Aggregate request performance.
   *
   * @param requests request counts and sizes
   * @param latency latency distributions
   * @param throughput throughput distributions
   */
  public record Aggregate(Requests requests, Latency latency, Throughput throughput) {}

  /**
   * Request counts and sizes.
   *
   * @param total requests sent
   * @param failures requests that returned an error
   * @param incomplete requests not completed
   * @param requestSize encoded request size (MEMORY units)
   * @param inputLength input tokens per request (QUANTITY units)
   * @param outputLength output tokens per request (QUANTITY units)
   * @param multimodal media sent, or {@code null}
   */
  public record Requests(
      Long total,
      Long failures,
      Long incomplete,
      Statistics inputLength,
      Statistics outputLength,
      Statistics requestSize,
      Multimodal multimodal) {

    /** Only the request counts: {@code total} sent, {@code failures} failed (or {@code null}). */
    public static Requests counts(long total, Long failures) {
      return new Requests(total, failures, null, null, null, null, null);
    }
  }

  /**
   * Multimodal request content (0.2.1).
   *
   * @param image images sent
   * @param video videos sent
   * @param audio audio clips sent
   */
  public record Multimodal(Media image, Media video, Media audio) {}

  /**
   * Distributions over the media instances sent.
   *
   * @param count media instances per request (QUANTITY)
   * @param filesize size of each instance (MEMORY, e.g. bytes)
   * @param pixels pixels of each image or video frame (QUANTITY), or {@code null}
   * @param aspectRatio width / height of each image or video (RATIO), or {@code null}
   * @param frames frames of each video (QUANTITY), or {@code null}
   * @param duration length of each audio clip (TIME), or {@code null}
   */
  public record Media(
      Statistics count,
      Statistics filesize,
      Statistics pixels,
      Statistics aspectRatio,
      Statistics frames,
      Statistics duration) {}

  /**
   * Latency distributions.
   *
   * @param timeToFirstToken time to first token (TIME units: ms or s by harness; read unit-safely
   *     with {@link Statistics#duration})
   * @param normalizedTimePerOutputToken request latency divided by output tokens (GEN_LATENCY
   *     units: ms/token or s/token)
   * @param timePerOutputToken time per output token after the first (GEN_LATENCY units: ms/token or
   *     s/token)
   * @param interTokenLatency time between streamed tokens (GEN_LATENCY units: ms/token or s/token)
   * @param requestLatency end-to-end request latency (TIME units: ms or s by harness; read
   *     unit-safely with {@link Statistics#duration})
   */
  public record Latency(
      Statistics timeToFirstToken,
      Statistics normalizedTimePerOutputToken,
      Statistics timePerOutputToken,
      Statistics interTokenLatency,
      Statistics requestLatency) {}

  /**
   * Throughput distributions.
   *
   * @param inputTokenRate input tokens/s
   * @param outputTokenRate output tokens/s
   * @param totalTokenRate input and output tokens/s
   * @param requestRate requests (queries)/s
   * @param imageRate images/s, or {@code null}
   * @param videoRate videos/s, or {@code null}
   * @param audioRate audio clips/s, or {@code null}
   */
  public record Throughput(
      Statistics inputTokenRate,
      Statistics outputTokenRate,
      Statistics totalTokenRate,
      Statistics requestRate,
      Statistics imageRate,
      Statistics videoRate,
      Statistics audioRate) {

    /**
     * Token and request rates without the multimodal ones.
     *
     * @param input input tokens per second
     * @param output output tokens per second
     * @param total input and output tokens per second
     * @param requests requests per second
     */
    public Throughput(Statistics input, Statistics output, Statistics total, Statistics requests) {
      this(input, output, total, requests, null, null, null);
    }
  }

  /**
   * Request-level time series.
   *
   * @param latency latency over time
   * @param throughput throughput over time
   */
  public record TimeSeries(LatencySeries latency, ThroughputSeries throughput) {}

  /**
   * Latency time series.
   *
   * @param timeToFirstToken time to first token over time (TIME units)
   * @param normalizedTimePerOutputToken request latency divided by output tokens over time
   *     (GEN_LATENCY units)
   * @param timePerOutputToken time per output token after the first over time (GEN_LATENCY units)
   * @param interTokenLatency time between streamed tokens over time (GEN_LATENCY units)
   * @param requestLatency end-to-end request latency over time (TIME units)
   */
  public record LatencySeries(
      TimeSeriesData timeToFirstToken,
      TimeSeriesData normalizedTimePerOutputToken,
      TimeSeriesData timePerOutputToken,
      TimeSeriesData interTokenLatency,
      TimeSeriesData requestLatency) {}

  /**
   * Throughput time series.
   *
   * @param units the unit of the token rates (default {@code tokens/s})
   * @param inputTokenRate input tokens/s over time
   * @param outputTokenRate output tokens/s over time
   * @param totalTokenRate input and output tokens/s over time
   * @param requestRate requests (queries)/s over time
   */
  public record ThroughputSeries(
      Units units,
      TimeSeriesData inputTokenRate,
      TimeSeriesData outputTokenRate,
      TimeSeriesData totalTokenRate,
      TimeSeriesData requestRate) {}

  /**
   * Session performance of multi-turn workloads.
   *
   * @param sessions session counts and distributions
   */
  public record SessionPerformance(Sessions sessions) {}

  /**
   * Session counts and distributions.
   *
   * @param total sessions in all (required by the schema)
   * @param succeeded sessions that completed
   * @param failed sessions that failed
   * @param totalEvents events (turns) in all sessions
   * @param totalEventsCompleted events that completed
   * @param totalEventsCancelled events cancelled
   * @param sessionRate sessions per second (REQUEST_THROUGHPUT units)
   * @param sessionDuration duration of a session (TIME units)
   * @param eventsPerSession events per session (QUANTITY)
   * @param eventsCancelledPerSession cancelled events per session (QUANTITY)
   * @param inputTokensPerSession input tokens per session (QUANTITY)
   * @param outputTokensPerSession output tokens per session (QUANTITY)
   */
  public record Sessions(
      Long total,
      Long succeeded,
      Long failed,
      Long totalEvents,
      Long totalEventsCompleted,
      Long totalEventsCancelled,
      Statistics sessionRate,
      Statistics sessionDuration,
      Statistics eventsPerSession,
      Statistics eventsCancelledPerSession,
      Statistics inputTokensPerSession,
      Statistics outputTokensPerSession) {}

  /**
   * Server-side observations. Keys the schema does not define (upstream writes many {@code epp_*}
   * and {@code vllm_*} blocks) are kept in {@code extra}.
   *
   * @param components what was observed per component (or replica)
   * @param dropRate fraction of requests dropped (PORTION units)
   * @param podStartupTimes pod startup times as upstream writes them ({@code pods}, {@code
   *     aggregate} in s, ...)
   * @param replicaStatus controller replica counts as upstream writes them
   * @param extra the other keys, kept as read (e.g. upstream {@code epp_*} and {@code vllm_*}
   *     blocks)
   */
  public record Observability(
      List<ObservedComponent> components,
      Statistics dropRate,
      Map<String, Object> podStartupTimes,
      Map<String, Object> replicaStatus,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

    /**
     * A null {@code extra} becomes an empty (mutable, for reading) map.
     *
     * @param components what was observed per component (or replica)
     * @param dropRate fraction of requests dropped (PORTION units)
     * @param podStartupTimes pod startup times as upstream writes them ({@code pods}, {@code
     *     aggregate} in s, ...)
     * @param replicaStatus controller replica counts as upstream writes them
     * @param extra the other keys, kept as read (e.g. upstream {@code epp_*} and {@code vllm_*}
     *     blocks)
     */
    public Observability {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /** Only the observed components. */
    public static Observability of(List<ObservedComponent> components) {
      return new Observability(components, null, null, null, null);
    }
  }

  /**
   * Observations of one component (or one replica of it).
   *
   * @param componentLabel the component, as a {@code scenario.stack[].metadata.label}
   * @param replicaId the replica (pod), or {@code null} for the whole component
   * @param aggregate aggregate resource metrics, or {@code null}
   * @param timeSeries resource time series, or {@code null}
   * @param rawDataPath where the raw scraped data is, or {@code null}
   * @param graphPath where a graph of it is, or {@code null}
   */
  public record ObservedComponent(
      String componentLabel,
      String replicaId,
      ResourceMetrics aggregate,
      ResourceSeries timeSeries,
      String rawDataPath,
      String graphPath) {}

  /**
   * Aggregate resource metrics of a component.
   *
   * @param kvCacheUsage KV-cache usage (PORTION)
   * @param cacheHitRate prefix-cache hit rate (PORTION)
   * @param gpuCacheUsage GPU KV-cache usage (PORTION)
   * @param cpuCacheUsage CPU KV-cache usage (PORTION)
   * @param gpuUtilization GPU utilisation (PORTION)
   * @param cpuUtilization CPU utilisation (PORTION)
   * @param gpuMemoryUsage GPU memory used (MEMORY)
   * @param cpuMemoryUsage CPU memory used (MEMORY)
   * @param storageUsage storage used (MEMORY)
   * @param powerConsumption power drawn (POWER, e.g. W)
   * @param runningRequests requests running (QUANTITY)
   * @param waitingRequests requests waiting (QUANTITY)
   * @param swappedRequests requests swapped out (QUANTITY)
   * @param preemptions preemptions (QUANTITY)
   */
  public record ResourceMetrics(
      Statistics kvCacheUsage,
      Statistics cacheHitRate,
      Statistics gpuCacheUsage,
      Statistics cpuCacheUsage,
      Statistics gpuUtilization,
      Statistics cpuUtilization,
      Statistics gpuMemoryUsage,
      Statistics cpuMemoryUsage,
      Statistics storageUsage,
      Statistics powerConsumption,
      Statistics runningRequests,
      Statistics waitingRequests,
      Statistics swappedRequests,
      Statistics preemptions) {}

  /**
   * Resource time series of a component.
   *
   * @param kvCacheUsage KV-cache usage (PORTION)
   * @param gpuCacheUsage GPU KV-cache usage (PORTION)
   * @param cpuCacheUsage CPU KV-cache usage (PORTION)
   * @param gpuUtilization GPU utilisation (PORTION)
   * @param cpuUtilization CPU utilisation (PORTION)
   * @param gpuMemoryUsage GPU memory used (MEMORY)
   * @param cpuMemoryUsage CPU memory used (MEMORY)
   * @param storageUsage storage used (MEMORY)
   * @param powerConsumption power drawn (POWER)
   * @param numRequestsRunning requests running, {@code vllm:num_requests_running} (QUANTITY)
   * @param numRequestsWaiting requests waiting, {@code vllm:num_requests_waiting} (QUANTITY)
   * @param numPreemptions preemptions, {@code vllm:num_preemptions_total} (QUANTITY)
   * @param prefixCacheQueries prefix-cache queries, {@code vllm:prefix_cache_queries_total}
   *     (QUANTITY)
   * @param prefixCacheHits prefix-cache hits, {@code vllm:prefix_cache_hits_total} (QUANTITY)
   * @param externalPrefixCacheQueries external prefix-cache queries (QUANTITY)
   * @param externalPrefixCacheHits external prefix-cache hits (QUANTITY)
   * @param promptTokens prompt tokens, {@code vllm:prompt_tokens_total} (QUANTITY)
   * @param generationTokens generated tokens, {@code vllm:generation_tokens_total} (QUANTITY)
   * @param poolAvgQueueSize the InferencePool's average queue size (QUANTITY)
   * @param poolAvgRunningRequests the InferencePool's average running requests (QUANTITY)
   * @param poolReadyPods the InferencePool's ready pods (QUANTITY)
   * @param prefixCacheHitRate prefix-cache hit rate (PORTION; upstream writes percent)
   * @param externalPrefixCacheHitRate external prefix-cache hit rate (PORTION)
   * @param poolAvgKvCacheUtilization the InferencePool's average KV-cache utilisation (PORTION)
   */
  public record ResourceSeries(
      TimeSeriesData kvCacheUsage,
      TimeSeriesData gpuCacheUsage,
      TimeSeriesData cpuCacheUsage,
      TimeSeriesData gpuUtilization,
      TimeSeriesData cpuUtilization,
      TimeSeriesData gpuMemoryUsage,
      TimeSeriesData cpuMemoryUsage,
      TimeSeriesData storageUsage,
      TimeSeriesData powerConsumption,
      TimeSeriesData numRequestsRunning,
      TimeSeriesData numRequestsWaiting,
      TimeSeriesData numPreemptions,
      TimeSeriesData prefixCacheQueries,
      TimeSeriesData prefixCacheHits,
      TimeSeriesData externalPrefixCacheQueries,
      TimeSeriesData externalPrefixCacheHits,
      TimeSeriesData promptTokens,
      TimeSeriesData generationTokens,
      TimeSeriesData poolAvgQueueSize,
      TimeSeriesData poolAvgRunningRequests,
      TimeSeriesData poolReadyPods,
      TimeSeriesData prefixCacheHitRate,
      TimeSeriesData externalPrefixCacheHitRate,
      TimeSeriesData poolAvgKvCacheUtilization) {}

  /**
   * Health of one component's replicas.
   *
   * @param componentLabel the component, as a {@code scenario.stack[].metadata.label}
   * @param totalRestarts container restarts of all its replicas
   * @param failedReplicas replicas that failed
   * @param replicaHealth health per replica
   */
  public record ComponentHealth(
      String componentLabel,
      Long totalRestarts,
      Long failedReplicas,
      List<ReplicaHealth> replicaHealth) {}

  /**
   * Health of one replica.
   *
   * @param replicaId the replica (pod)
   * @param restarts its container restarts
   * @param healthy whether it was healthy
   * @param logs a log excerpt, or {@code null}
   */
  public record ReplicaHealth(String replicaId, Long restarts, Boolean healthy, String logs) {}
}
