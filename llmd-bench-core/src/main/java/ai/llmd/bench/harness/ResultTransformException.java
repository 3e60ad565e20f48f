package ai.llmd.bench.harness;

import ai.llmd.bench.BenchException;
import java.nio.file.Path;

/**
 * A harness output could not be converted. Names the harness, the file and the JSON path of the
 * problem.
 */
public class ResultTransformException extends BenchException {
  /** The harness id. */
  private final String harness;

  /** The file. */
  private final Path file;

  /** The JSON path, or {@code null}. */
  private final String jsonPath;

  /** Creates the exception without a cause; see the other constructor. */
  public ResultTransformException(String harness, Path file, String jsonPath, String message) {
    this(harness, file, jsonPath, message, null);
  }

  /**
   * Creates the exception; the message starts with the harness, file and JSON path.
   *
   * @param harness the harness id
   * @param file the output file that could not be converted
   * @param jsonPath the JSON path of the problem, or {@code null}
   * @param cause the parser's exception, or {@code null}
   */
  public ResultTransformException(
      String harness, Path file, String jsonPath, String message, Throwable cause) {
    super(
        harness + ": " + file + (jsonPath == null ? "" : " at " + jsonPath) + ": " + message,
        cause);
    this.harness = harness;
    this.file = file;
    this.jsonPath = jsonPath;
  }

  /** The harness whose output failed. */
  public String harness() {
    return harness;
  }

  /** The file that failed. */
  public Path file() {
    return file;
  }

  /**
   * The JSON path of the problem (e.g. {@code $.benchmarks[2].metrics.request_totals}), or {@code
   * null}.
   */
  public String jsonPath() {
    return jsonPath;
  }
}
