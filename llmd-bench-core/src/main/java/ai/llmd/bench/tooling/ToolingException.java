package ai.llmd.bench.tooling;

import ai.llmd.bench.BenchException;

/**
 * Cluster tooling could not be read, installed or removed; the message says which and why. When an
 * install fails part-way, {@link #partial()} is what it had done before (to uninstall it).
 */
public class ToolingException extends BenchException {
  private final transient ToolingReport partial;

  public ToolingException(String message) {
    this(message, null, null);
  }

  public ToolingException(String message, Throwable cause) {
    this(message, cause, null);
  }

  public ToolingException(String message, Throwable cause, ToolingReport partial) {
    super(message, cause);
    this.partial = partial == null ? new ToolingReport(java.util.List.of()) : partial;
  }

  /** What the failed install had done before it failed (empty when nothing). */
  public ToolingReport partial() {
    return partial;
  }
}
