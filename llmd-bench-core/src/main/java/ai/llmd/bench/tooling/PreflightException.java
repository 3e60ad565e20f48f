package ai.llmd.bench.tooling;

import ai.llmd.bench.BenchException;

/** A cluster failed its preflight checks; the message lists the failures with their hints. */
public class PreflightException extends BenchException {
  private final transient PreflightReport report;

  /**
   * Creates the exception; the message starts with {@code what} and lists the report's failures and
   * its table.
   */
  public PreflightException(String what, PreflightReport report) {
    super(what + ": " + report.failureMessage() + "\n" + report.table());
    this.report = report;
  }

  /** All checks. */
  public PreflightReport report() {
    return report;
  }
}
