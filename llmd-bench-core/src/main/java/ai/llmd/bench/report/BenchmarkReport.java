package ai.llmd.bench.report;

import java.util.List;

/**
 * One llm-d benchmark report (version 0.2.1): one load point, the stack that served it, the load
 * that produced it and what was measured.
 *
 * <pre>{@code
 * BenchmarkReport report = Reports.read(Path.of("benchmark_report_v0.2.1,_stage_0.yaml"));
 * Statistics ttft = report.results().requestPerformance().aggregate().latency().timeToFirstToken();
 * }</pre>
 *
 * @param version always {@link #VERSION} for reports built or read by this library
 * @param run identifiers and timing of the run (required)
 * @param scenario the stack and the load (optional)
 * @param results the measurements (required, may be empty)
 */
public record BenchmarkReport(String version, Run run, Scenario scenario, Results results) {

  /** The report version this library writes. */
  public static final String VERSION = "0.2.1";

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
   */
  public record RunTime(String start, String end, String duration) {}
}
