package ai.llmd.bench.stack;

import ai.llmd.bench.BenchException;
import java.util.List;

/**
 * A stack did not become ready. {@link #notReady()} lists each requirement that was not met, with
 * the pods' phases, reasons, recent events and log tails.
 */
public class StackDeploymentException extends BenchException {
  /** What was not ready. */
  private final List<NotReady> notReady;

  /**
   * One unmet readiness requirement.
   *
   * @param what e.g. {@code decode pods (llm-d.ai/model=qwen,llm-d.ai/role=decode)}
   * @param expected pods that had to be Ready
   * @param ready pods that were
   * @param pods what each matching pod looked like: name, phase, reasons, events, log tail
   */
  public record NotReady(String what, int expected, int ready, List<String> pods) {
    @Override
    public String toString() {
      return what
          + ": "
          + ready
          + "/"
          + expected
          + " ready"
          + (pods.isEmpty() ? ", no pod found" : "\n      " + String.join("\n      ", pods));
    }
  }

  /**
   * Creates the exception; the message lists each part that is not ready.
   *
   * @param notReady the parts not ready when the deployment gave up; may be empty
   */
  public StackDeploymentException(String message, List<NotReady> notReady, Throwable cause) {
    super(
        message
            + (notReady.isEmpty()
                ? ""
                : ":\n  "
                    + String.join("\n  ", notReady.stream().map(NotReady::toString).toList())),
        cause);
    this.notReady = List.copyOf(notReady);
  }

  /** The parts that were not ready, with their pods' states; empty when none was found. */
  public List<NotReady> notReady() {
    return notReady;
  }
}
