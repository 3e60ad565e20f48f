package ai.llmd.bench;

/**
 * Root of the library's unchecked exceptions. Subclasses carry the data needed to diagnose the
 * failure.
 */
public class BenchException extends RuntimeException {

  public BenchException(String message) {
    super(message);
  }

  public BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
