package ai.llmd.bench.report;

import ai.llmd.bench.BenchException;
import java.util.List;

/** A report breaks one or more rules of the format; {@link #violations()} lists every one. */
public class ReportValidationException extends BenchException {
  /** The violations. */
  private final List<String> violations;

  /** Creates the exception; the message lists every violation ({@code "<json path>: <rule>"}). */
  public ReportValidationException(List<String> violations) {
    super(
        "benchmark report is invalid ("
            + violations.size()
            + " violation"
            + (violations.size() == 1 ? "" : "s")
            + "):\n  "
            + String.join("\n  ", violations));
    this.violations = List.copyOf(violations);
  }

  /** Each violation as {@code "<json path>: <rule>"}. */
  public List<String> violations() {
    return violations;
  }
}
