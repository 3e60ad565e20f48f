package ai.llmd.bench.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened in the library: a stack deployed, a workload's progress, a transform, an
 * upload. Every long-running part reports through this one shape, so one {@link EventListener}
 * (such as {@link ConsoleListener}) follows a whole experiment.
 *
 * <pre>{@code
 * EventListener listener = e -> System.out.println(e.type() + " " + e.context() + " " + e.message());
 * Experiment.builder()...listener(listener).build().run();
 * }</pre>
 *
 * @param time when it happened
 * @param type what happened
 * @param context the experiment, stack and treatment it belongs to (parts may be {@code null})
 * @param message a human-readable line, never holding a secret
 * @param progress the workload's progress, for {@link Type#WORKLOAD_PROGRESS}; else {@code null}
 * @param elapsed how long the step took, for the {@code *_DONE} types; else {@code null}
 * @since 0.1
 */
public record BenchEvent(
    Instant time, Type type, Context context, String message, Progress progress, Duration elapsed) {

  /** What happened. */
  public enum Type {
    /** An experiment began. */
    EXPERIMENT_STARTED,
    /** An experiment finished; {@code elapsed} is its duration. */
    EXPERIMENT_DONE,
    /** An experiment stopped on an error; the message says why. */
    EXPERIMENT_FAILED,
    /** A stack is being installed. */
    STACK_DEPLOYING,
    /** A stack's pods and gateway are Ready. */
    STACK_READY,
    /** A stack is being upgraded in place for a new setup treatment. */
    STACK_UPGRADING,
    /** A stack was torn down. */
    STACK_REMOVED,
    /** A harness run began. */
    WORKLOAD_STARTED,
    /** A running workload's counts; {@code progress} is set. */
    WORKLOAD_PROGRESS,
    /** A line of the harness's own output. */
    WORKLOAD_OUTPUT,
    /** A harness run finished. */
    WORKLOAD_DONE,
    /** Harness output was converted into benchmark reports. */
    TRANSFORM_DONE,
    /** Results began uploading to a store. */
    UPLOAD_STARTED,
    /** Upload progress. */
    UPLOAD_PROGRESS,
    /** Results were uploaded. */
    UPLOAD_DONE,
    /** A load point that an earlier run finished, taken from the journal. */
    TREATMENT_SKIPPED,
    /** A load point failed; the message says why. */
    TREATMENT_FAILED
  }

  /**
   * Where an event belongs.
   *
   * @param experiment the experiment id
   * @param stack the stack's model label or name
   * @param treatment the load point, e.g. {@code base/rate-20/r1}
   */
  public record Context(String experiment, String stack, String treatment) {
    /** No context. */
    public static final Context NONE = new Context(null, null, null);

    /** This context for another stack, without a treatment. */
    public Context withStack(String newStack) {
      return new Context(experiment, newStack, null);
    }

    /** This context for another treatment (load point) of the same stack. */
    public Context withTreatment(String newTreatment) {
      return new Context(experiment, stack, newTreatment);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (String part : new String[] {experiment, stack, treatment}) {
        if (part != null) {
          sb.append(sb.length() == 0 ? "" : " ").append(part);
        }
      }
      return sb.toString();
    }
  }

  /**
   * Progress of a running workload (or upload).
   *
   * @param stage the stage, from 0 (-1 during warm-up)
   * @param stages the number of stages (0 when unknown)
   * @param elapsed time into the stage
   * @param duration the stage's planned length ({@code null} when unknown)
   * @param sent requests sent (or bytes uploaded)
   * @param completed requests answered successfully
   * @param failed requests failed
   * @param inFlight requests outstanding now
   */
  public record Progress(
      int stage,
      int stages,
      Duration elapsed,
      Duration duration,
      long sent,
      long completed,
      long failed,
      int inFlight) {}

  /**
   * Defaults a null context to {@link Context#NONE} and a null message to empty.
   *
   * @param time when it happened
   * @param type what happened
   * @param context the experiment, stack and treatment it belongs to (parts may be {@code null})
   * @param message a human-readable line, never holding a secret
   * @param progress the workload's progress, for {@link Type#WORKLOAD_PROGRESS}; else {@code null}
   * @param elapsed how long the step took, for the {@code *_DONE} types; else {@code null}
   * @throws NullPointerException when the time or type is null
   */
  public BenchEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    context = context == null ? Context.NONE : context;
    message = message == null ? "" : message;
  }

  /** An event now. */
  public static BenchEvent of(Type type, Context context, String message) {
    return new BenchEvent(Instant.now(), type, context, message, null, null);
  }

  /** A finished step, with its duration. */
  public static BenchEvent done(Type type, Context context, String message, Duration elapsed) {
    return new BenchEvent(Instant.now(), type, context, message, null, elapsed);
  }

  /** A workload's progress. */
  public static BenchEvent progress(Context context, Progress progress) {
    return new BenchEvent(Instant.now(), Type.WORKLOAD_PROGRESS, context, "", progress, null);
  }
}
