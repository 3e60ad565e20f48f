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

  /** Request-level performance: an aggregate over the load point and optional time series. */
  public record RequestPerformance(Aggregate aggregate, TimeSeries timeSeries) {}

  /** Aggregate request performance. */
  public record Aggregate(Requests requests, Latency latency, Throughput throughput) {}

  /**
   * Request counts and sizes.
   *
   * @param total requests sent
   * @param failures requests that returned an error
   * @param incomplete requests not completed
   * @param requestSize encoded request size (MEMORY units)
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

  /** Multimodal request content (0.2.1). */
  public record Multimodal(Media image, Media video, Media audio) {}

  /** Distributions over the media instances sent. */
  public record Media(
      Statistics count,
      Statistics filesize,
      Statistics pixels,
      Statistics aspectRatio,
      Statistics frames,
      Statistics duration) {}

  /** Latency distributions. */
  public record Latency(
      Statistics timeToFirstToken,
      Statistics normalizedTimePerOutputToken,
      Statistics timePerOutputToken,
      Statistics interTokenLatency,
      Statistics requestLatency) {}

  /** Throughput distributions. */
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

  /** Request-level time series. */
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
