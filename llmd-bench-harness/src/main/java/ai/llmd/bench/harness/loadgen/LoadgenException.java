package ai.llmd.bench.harness.loadgen;

import ai.llmd.bench.BenchException;

/**
 * A load run stopped before its end: interrupted, cancelled, refused by a {@code failOn...} policy,
 * or broken by an error of the load generator itself. The files of the stages that ran are
 * complete; {@link #result()} describes them.
 *
 * <pre>{@code
 * try {
 *   generator.run(dir);
 * } catch (LoadgenException e) {
 *   e.result().stages().forEach(System.out::println);
 * }
 * }</pre>
 */
public class LoadgenException extends BenchException {
  private final transient LoadgenResult result;

  /**
   * Creates the exception.
   *
   * @param result the stages that ran until the stop
   * @param cause what stopped the run, or {@code null}
   */
  public LoadgenException(String message, LoadgenResult result, Throwable cause) {
    super(message, cause);
    this.result = result;
  }

  /** The stages that ran until the stop (the last one possibly interrupted). */
  public LoadgenResult result() {
    return result;
  }
}
