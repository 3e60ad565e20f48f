package ai.llmd.bench.experiment;

import ai.llmd.bench.BenchException;
import java.nio.file.Path;

/**
 * An experiment that stopped: a load point failed, or the experiment on disk has another
 * definition. What finished is kept in the journal; running the same experiment again continues
 * from there.
 *
 * @since 0.1
 */
public class ExperimentException extends BenchException {
  /** The experiment id. */
  private final String experiment;

  /** The load point, or {@code null}. */
  private final String loadPoint;

  /** The experiment directory. */
  private final Path directory;

  /**
   * Creates the exception.
   *
   * @param experiment the experiment id
   * @param loadPoint the failed load point ({@code <stack>/<setup>/<run>/r<n>}), or {@code null}
   * @param directory the experiment's directory
   */
  public ExperimentException(
      String experiment, String loadPoint, Path directory, String message, Throwable cause) {
    super(message, cause);
    this.experiment = experiment;
    this.loadPoint = loadPoint;
    this.directory = directory;
  }

  /** The experiment id. */
  public String experiment() {
    return experiment;
  }

  /** The load point that failed ({@code <stack>/<setup>/<run>/r<n>}), or {@code null}. */
  public String loadPoint() {
    return loadPoint;
  }

  /** The experiment's directory. */
  public Path directory() {
    return directory;
  }
}
