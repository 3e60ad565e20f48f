package ai.llmd.bench.tooling;

import java.util.ArrayList;
import java.util.List;

/**
 * The results of {@link Preflight#check}: one {@link Check} per question, each pass, warn or fail
 * with a hint.
 *
 * <pre>{@code
 * PreflightReport r = Preflight.check(client, "bench");
 * System.out.print(r.table());
 * if (!r.ok()) throw new IllegalStateException(r.failureMessage());
 * }</pre>
 *
 * @param checks in the order they ran
 */
public record PreflightReport(List<Check> checks) {

  /**
   * Copies the checks.
   *
   * @param checks in the order they ran
   */
  public PreflightReport {
    checks = List.copyOf(checks);
  }

  /** The outcome of one check. */
  public enum Status {
    /** The cluster has what is needed. */
    PASS,
    /** Possibly a problem, e.g. it could not be checked; does not fail {@link #ok()}. */
    WARN,
    /** A deploy would fail; see the check's hint. */
    FAIL
  }

  /**
   * One check.
   *
   * @param name what was checked, e.g. {@code gpus}
   * @param status pass, warn or fail
   * @param detail what was found
   * @param hint what to do about a warning or failure (empty when passed)
   */
  public record Check(String name, Status status, String detail, String hint) {}

  /** Whether nothing failed (warnings allowed). */
  public boolean ok() {
    return failures().isEmpty();
  }

  /** The checks that failed, in order; empty when {@link #ok()}. */
  public List<Check> failures() {
    return checks.stream().filter(c -> c.status() == Status.FAIL).toList();
  }

  /** The check of a name, or {@code null}. */
  public Check check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  /** The failed checks, one per line with their hints, for exception messages. */
  public String failureMessage() {
    StringBuilder sb = new StringBuilder("preflight failed:");
    for (Check c : failures()) {
      sb.append("\n  ").append(c.name()).append(": ").append(c.detail());
      if (!c.hint().isEmpty()) {
        sb.append(" (").append(c.hint()).append(')');
      }
    }
    return sb.toString();
  }

  /** All checks as an aligned text table. */
  public String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"check", "status", "detail", "hint"});
    for (Check c : checks) {
      rows.add(new String[] {c.name(), c.status().name().toLowerCase(), c.detail(), c.hint()});
    }
    return Tables.format(rows);
  }
}
