package ai.llmd.bench;

import ai.llmd.bench.record.Redactor;

/**
 * Root of the library's unchecked exceptions. Subclasses carry the data needed to diagnose the
 * failure. Messages go through {@link Redactor#scrub}: a registered secret never appears in one.
 */
public class BenchException extends RuntimeException {

  /** Creates the exception; registered secrets are scrubbed from {@code message}. */
  public BenchException(String message) {
    super(Redactor.scrub(message));
  }

  /** Creates the exception with its cause; registered secrets are scrubbed from {@code message}. */
  public BenchException(String message, Throwable cause) {
    super(Redactor.scrub(message), cause);
  }
}
