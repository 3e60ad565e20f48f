package ai.llmd.bench.harness;

import ai.llmd.bench.BenchException;
import java.nio.file.Path;

/**
 * A harness output could not be converted. Names the harness, the file and the JSON path of the
 * problem.
 */
public class ResultTransformException extends BenchException {
  private final String harness;
  private final Path file;
  private final String jsonPath;

  public ResultTransformException(String harness, Path file, String jsonPath, String message) {
    this(harness, file, jsonPath, message, null);
  }

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
