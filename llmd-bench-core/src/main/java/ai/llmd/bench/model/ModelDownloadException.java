package ai.llmd.bench.model;

import ai.llmd.bench.BenchException;

/** A model download Job failed or did not finish in time; carries the tail of its log. */
public class ModelDownloadException extends BenchException {
  private final String logTail;

  public ModelDownloadException(String message, String logTail) {
    super(message + (logTail == null || logTail.isBlank() ? "" : "\n--- log tail ---\n" + logTail));
    this.logTail = logTail;
  }

  /** The last lines of the Job's log, or {@code null}. */
  public String logTail() {
    return logTail;
  }
}
