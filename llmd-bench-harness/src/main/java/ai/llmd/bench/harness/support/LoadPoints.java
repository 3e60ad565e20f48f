package ai.llmd.bench.harness.support;

import ai.llmd.bench.record.Redactor;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Ids;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Assembles the report of one load point the same way for every harness. */
public final class LoadPoints {
  private LoadPoints() {}

  /**
   * A 0.2.1 report: a fresh {@code run.uid}, the load with its {@code cfg_id} (hash of {@code
   * native}) and native arguments and configuration with secrets redacted.
   */
  public static BenchmarkReport report(
      BenchmarkReport.RunTime time,
      Scenario.LoadStandardized load,
      Map<String, Object> args,
      Object config,
      Results results) {
    Map<String, Object> nativeDoc = new LinkedHashMap<>();
    nativeDoc.put("args", Redactor.redact(args == null ? new LinkedHashMap<>() : args));
    nativeDoc.put("envars", new LinkedHashMap<>());
    if (config != null) {
      nativeDoc.put("config", Redactor.redact(config));
    }
    @SuppressWarnings("unchecked")
    Scenario.Native nativeConfig =
        new Scenario.Native(
            (Map<String, Object>) nativeDoc.get("args"),
            new LinkedHashMap<>(),
            nativeDoc.get("config"));
    return new BenchmarkReport(
        BenchmarkReport.VERSION,
        BenchmarkReport.Run.of(UUID.randomUUID().toString(), time),
        new Scenario(
            null,
            new Scenario.Load(
                new Scenario.LoadMetadata("0.0.1", Ids.cfgId(nativeDoc), null),
                load,
                nativeConfig)),
        results);
  }

  /** Run times from epoch seconds; {@code null} when both are unknown. */
  public static BenchmarkReport.RunTime time(Double startEpochSeconds, Double endEpochSeconds) {
    if (startEpochSeconds == null && endEpochSeconds == null) {
      return null;
    }
    String duration =
        startEpochSeconds != null && endEpochSeconds != null
            ? duration(endEpochSeconds - startEpochSeconds)
            : null;
    return new BenchmarkReport.RunTime(iso(startEpochSeconds), iso(endEpochSeconds), duration);
  }

  /** An ISO-8601 duration in decimal seconds, e.g. {@code PT49.97S}. */
  public static String duration(double seconds) {
    return "PT" + seconds + "S";
  }

  /** An ISO-8601 instant (UTC) from epoch seconds, to the microsecond. */
  public static String iso(Double epochSeconds) {
    if (epochSeconds == null) {
      return null;
    }
    long micros = Math.round(epochSeconds * 1_000_000);
    return Instant.EPOCH.plus(Duration.ofNanos(micros * 1000)).toString();
  }
}
