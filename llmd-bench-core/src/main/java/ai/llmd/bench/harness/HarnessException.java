package ai.llmd.bench.harness;

import ai.llmd.bench.BenchException;
import java.nio.file.Path;

/** A harness run failed: the tool, its exit code, where its output is, and the tail of its log. */
public class HarnessException extends BenchException {
  private final String harness;
  private final Integer exitCode;
  private final Path resultsDirectory;
  private final String logTail;

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

  public String logTail() {
    return logTail;
  }
}
