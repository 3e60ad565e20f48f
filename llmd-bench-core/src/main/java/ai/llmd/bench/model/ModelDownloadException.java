package ai.llmd.bench.model;

import ai.llmd.bench.BenchException;

/** A model download Job failed or did not finish in time; carries the tail of its log. */
public class ModelDownloadException extends BenchException {
  /** The log tail, or {@code null}. */
  private final String logTail;

  /** Creates the exception; a non-blank {@code logTail} is appended to the message. */
  public ModelDownloadException(String message, String logTail) {
    super(message + (logTail == null || logTail.isBlank() ? "" : "\n--- log tail ---\n" + logTail));
    this.logTail = logTail;
  }

  /** The last lines of the Job's log, or {@code null}. */
  public String logTail() {
    return logTail;
  }
}
