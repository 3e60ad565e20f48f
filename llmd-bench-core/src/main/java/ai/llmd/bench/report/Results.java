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

  /** Distributions over the media instances sent. */
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

  /** Latency time series. */
  public record LatencySeries(
      TimeSeriesData timeToFirstToken,
      TimeSeriesData normalizedTimePerOutputToken,
      TimeSeriesData timePerOutputToken,
      TimeSeriesData interTokenLatency,
      TimeSeriesData requestLatency) {}

  /** Throughput time series. */
  public record ThroughputSeries(
      Units units,
      TimeSeriesData inputTokenRate,
      TimeSeriesData outputTokenRate,
      TimeSeriesData totalTokenRate,
      TimeSeriesData requestRate) {}

  /** Session performance of multi-turn workloads. */
  public record SessionPerformance(Sessions sessions) {}

  /** Session counts and distributions. */
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
   */
  public record Observability(
      List<ObservedComponent> components,
      Statistics dropRate,
      Map<String, Object> podStartupTimes,
      Map<String, Object> replicaStatus,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

    /** A null {@code extra} becomes an empty (mutable, for reading) map. */
    public Observability {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /** Only the observed components. */
    public static Observability of(List<ObservedComponent> components) {
      return new Observability(components, null, null, null, null);
    }
  }

  /** Observations of one component (or one replica of it). */
  public record ObservedComponent(
      String componentLabel,
      String replicaId,
      ResourceMetrics aggregate,
      ResourceSeries timeSeries,
      String rawDataPath,
      String graphPath) {}

  /** Aggregate resource metrics of a component. */
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

  /** Resource time series of a component. */
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

  /** Health of one component's replicas. */
  public record ComponentHealth(
      String componentLabel,
      Long totalRestarts,
      Long failedReplicas,
      List<ReplicaHealth> replicaHealth) {}

  /** Health of one replica. */
  public record ReplicaHealth(String replicaId, Long restarts, Boolean healthy, String logs) {}
}
