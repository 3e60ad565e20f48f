package ai.llmd.bench.tooling;

import ai.llmd.bench.BenchException;

/**
 * Cluster tooling could not be read, installed or removed; the message says which and why. When an
 * install fails part-way, {@link #partial()} is what it had done before (to uninstall it).
 */
public class ToolingException extends BenchException {
  private final transient ToolingReport partial;

  /** A failure with nothing done before it. */
  public ToolingException(String message) {
    this(message, null, null);
  }

  /** A failure with its cause and nothing done before it. */
  public ToolingException(String message, Throwable cause) {
    this(message, cause, null);
  }

  /**
   * A failure part-way through an install.
   *
   * @param partial what was done before the failure; {@code null} for nothing
   */
  public ToolingException(String message, Throwable cause, ToolingReport partial) {
    super(message, cause);
    this.partial = partial == null ? new ToolingReport(java.util.List.of()) : partial;
  }

  /** What the failed install had done before it failed (empty when nothing). */
  public ToolingReport partial() {
    return partial;
  }
}
