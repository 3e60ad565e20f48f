package ai.llmd.bench.report;

import ai.llmd.bench.BenchException;
import java.nio.file.Path;

/** A report file could not be read or written. Names the file and, where known, the JSON path. */
public class ReportException extends BenchException {
  /** The file. */
  private final Path file;

  /** The JSON path, or {@code null}. */
  private final String jsonPath;

  /**
   * Creates the exception; the message starts with the file and JSON path.
   *
   * @param jsonPath the JSON path of the offending value, or {@code null} when not known
   * @param cause the parser's or file system's exception, or {@code null}
   */
  public ReportException(Path file, String jsonPath, String message, Throwable cause) {
    super(file + (jsonPath == null ? "" : " at " + jsonPath) + ": " + message, cause);
    this.file = file;
    this.jsonPath = jsonPath;
  }

  /** The file that failed. */
  public Path file() {
    return file;
  }

  /** The JSON path of the offending value, or {@code null}. */
  public String jsonPath() {
    return jsonPath;
  }
}
