package ai.llmd.bench.harness.support;

import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import java.util.Map;

/** Builds {@link Statistics} from a harness's summary objects, with that harness's key names. */
public final class Stats {
  /** inference-perf summary keys to report keys. */
  public static final Map<String, String> INFERENCE_PERF =
      Map.ofEntries(
          Map.entry("mean", "mean"),
          Map.entry("min", "min"),
          Map.entry("max", "max"),
          Map.entry("p0.1", "p0p1"),
          Map.entry("p1", "p1"),
          Map.entry("p5", "p5"),
          Map.entry("p10", "p10"),
          Map.entry("p25", "p25"),
          Map.entry("median", "p50"),
          Map.entry("p50", "p50"),
          Map.entry("p75", "p75"),
          Map.entry("p90", "p90"),
          Map.entry("p95", "p95"),
          Map.entry("p99", "p99"),
          Map.entry("p99.9", "p99p9"));

  /** guidellm DistributionSummary percentile keys to report keys. */
  public static final Map<String, String> GUIDELLM_PERCENTILES =
      Map.ofEntries(
          Map.entry("p001", "p0p1"),
          Map.entry("p01", "p1"),
          Map.entry("p05", "p5"),
          Map.entry("p10", "p10"),
          Map.entry("p25", "p25"),
          Map.entry("p50", "p50"),
          Map.entry("p75", "p75"),
          Map.entry("p90", "p90"),
          Map.entry("p95", "p95"),
          Map.entry("p99", "p99"),
          Map.entry("p999", "p99p9"));

  private Stats() {}

  /**
   * Statistics from a summary object whose keys are mapped by {@code keys}; {@code null} when the
   * object or its mean is absent or null (e.g. TTFT of a non-streaming run).
   */
  public static Statistics from(Doc summary, Map<String, String> keys, Units units) {
    if (summary.isMissing() || !summary.has("mean")) {
      return null;
    }
    summary.object();
    Statistics.Builder b = Statistics.builder(units);
    keys.forEach(
        (nativeKey, reportKey) -> {
          if (summary.has(nativeKey)) {
            b.set(reportKey, summary.get(nativeKey).num());
          }
        });
    return b.build();
  }

  /** Statistics with only a mean, or {@code null} when the value is absent. */
  public static Statistics mean(Double value, Units units) {
    return value == null ? null : Statistics.mean(value, units);
  }
}
