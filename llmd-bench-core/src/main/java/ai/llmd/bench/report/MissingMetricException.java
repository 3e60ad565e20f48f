package ai.llmd.bench.report;

import ai.llmd.bench.BenchException;

/**
 * A report does not carry a value that was asked for, e.g. {@code report.require(Metric.ITL)} on a
 * harness that does not measure inter-token latency. The message names the report, its load point
 * and where the value would be.
 */
public class MissingMetricException extends BenchException {
  /** Where the value would be. */
  private final String path;

  /**
   * @param report the report that lacks the value (named in the message)
   * @param what the value, in words
   * @param path where it would be in the report
   */
  public MissingMetricException(BenchmarkReport report, String what, String path) {
    super(
        "report "
            + report.name()
            + " has no "
            + what
            + " ("
            + path
            + ")"
            + report.tool().map(t -> "; harness " + t + " did not record it").orElse(""));
    this.path = path;
  }

  /** Where the missing value would be in the report. */
  public String path() {
    return path;
  }
}
