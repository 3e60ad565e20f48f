package ai.llmd.bench.tooling;

import ai.llmd.bench.BenchException;

/** Cluster tooling could not be read, installed or removed; the message says which and why. */
public class ToolingException extends BenchException {

  public ToolingException(String message) {
    super(message);
  }

  public ToolingException(String message, Throwable cause) {
    super(message, cause);
  }
}
