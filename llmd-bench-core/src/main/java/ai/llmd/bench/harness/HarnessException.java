package ai.llmd.bench.harness;

import ai.llmd.bench.BenchException;
import java.nio.file.Path;

/** A harness run failed: the tool, its exit code, where its output is, and the tail of its log. */
public class HarnessException extends BenchException {
  /** The harness id. */
  private final String harness;

  /** The exit code, or {@code null}. */
  private final Integer exitCode;

  /** The results directory, or {@code null}. */
  private final Path resultsDirectory;

  /** The log tail, or {@code null}. */
  private final String logTail;

  /**
   * Creates the exception; the message names the harness, the exit code, where the output is kept
   * and the log tail.
   *
   * @param harness the harness id, e.g. {@code guidellm}
   * @param exitCode the tool's exit code, or {@code null} when it did not exit
   * @param resultsDirectory where the output is kept, or {@code null}
   * @param logTail the last lines the tool printed, or {@code null}
   */
  public HarnessException(
      String harness, Integer exitCode, Path resultsDirectory, String message, String logTail) {
    super(
        harness
            + ": "
            + message
            + (exitCode == null ? "" : " (exit code " + exitCode + ")")
            + (resultsDirectory == null ? "" : "; output kept in " + resultsDirectory)
            + (logTail == null || logTail.isBlank()
                ? ""
                : "\n  log tail:\n    " + logTail.strip().replace("\n", "\n    ")));
    this.harness = harness;
    this.exitCode = exitCode;
    this.resultsDirectory = resultsDirectory;
    this.logTail = logTail;
  }

  /** The harness id, e.g. {@code guidellm}. */
  public String harness() {
    return harness;
  }

  /** The tool's exit code, or {@code null} when it did not exit (timeout, start failure). */
  public Integer exitCode() {
    return exitCode;
  }

  /** The results directory, with what output was collected. */
  public Path resultsDirectory() {
    return resultsDirectory;
  }

  /** The last lines the tool printed (secrets scrubbed), or {@code null}. */
  public String logTail() {
    return logTail;
  }
}
