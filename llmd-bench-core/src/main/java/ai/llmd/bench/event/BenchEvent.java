package ai.llmd.bench.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing that happened in the library: a stack deployed, a workload's progress, a line of a
 * harness's output, an object uploaded, a model downloaded. Every long-running part reports through
 * this one shape, so one {@link EventListener} (such as {@link ConsoleListener}) follows a whole
 * experiment, and the same listener plugs into each part on its own ({@code
 * LoadGenerator.builder().listener(...)}, {@code Executor.local().withEvents(...)}, {@code
 * S3Store.builder().listener(...)}, {@code ModelDownload.builder().listener(...)}).
 *
 * <p>The {@link Type} says what happened and which {@link Detail} comes with it ({@link
 * Type#detail()}): a listener switches on the type and reads the matching accessor ({@link
 * #progress()}, {@link #output()}, {@link #upload()}, {@link #retry()}), which is never {@code
 * null} for that type.
 *
 * <pre>{@code
 * EventListener listener = e -> {
 *   switch (e.type()) {
 *     case WORKLOAD_PROGRESS -> System.out.println(e.context().treatment() + " " + e.progress());
 *     case UPLOAD_PROGRESS -> System.out.println(e.upload().bytesDone() + " bytes uploaded");
 *     default -> System.out.println(e.type() + " " + e.context() + " " + e.message());
 *   }
 * };
 * Experiment.builder()...listener(listener).build().run();
 * }</pre>
 *
 * @param time when it happened
 * @param type what happened
 * @param context the experiment, stack and treatment it belongs to (parts may be {@code null})
 * @param message a human-readable line, never holding a secret
 * @param detail the figures of the event, of the class {@link Type#detail()} names ({@code null}
 *     for types without a detail)
 * @param elapsed how long the step took, for the {@code *_DONE} types; else {@code null}
 * @since 0.1
 */
public record BenchEvent(
    Instant time, Type type, Context context, String message, Detail detail, Duration elapsed) {

  /** What happened, and the {@link Detail} an event of the type carries. */
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
    /** A running workload's counts, about once a second: {@link #progress()}. */
    WORKLOAD_PROGRESS(Progress.class),
    /** A line of the harness's own output (its process or pod): {@link #output()}. */
    WORKLOAD_OUTPUT(Output.class),
    /** A harness run finished. */
    WORKLOAD_DONE,
    /** Harness output was converted into benchmark reports. */
    TRANSFORM_DONE,
    /** Results began uploading to a store. */
    UPLOAD_STARTED,
    /** A part or an object was uploaded (or found already there): {@link #upload()}. */
    UPLOAD_PROGRESS(Upload.class),
    /** A request of an upload failed transiently and will be retried: {@link #retry()}. */
    UPLOAD_RETRYING(Retry.class),
    /** Results were uploaded. */
    UPLOAD_DONE,
    /** A load point that an earlier run finished, taken from the journal. */
    TREATMENT_SKIPPED,
    /** A load point failed; the message says why. */
    TREATMENT_FAILED,
    /** A model download Job started (or an earlier one is being waited for). */
    MODEL_DOWNLOADING,
    /** A line of the model download Job's log (the download tool's progress): {@link #output()}. */
    MODEL_DOWNLOAD_OUTPUT(Output.class),
    /** A model download finished; the message says whether it was already complete. */
    MODEL_DOWNLOADED;

    private final Class<? extends Detail> detail;

    Type() {
      this(null);
    }

    Type(Class<? extends Detail> detail) {
      this.detail = detail;
    }

    /** The class of {@link BenchEvent#detail()} for this type, or {@code null}: none. */
    public Class<? extends Detail> detail() {
      return detail;
    }
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

  /** The figures an event carries; which one is fixed by its {@link Type#detail()}. */
  public sealed interface Detail permits Progress, Output, Upload, Retry {}

  /**
   * A progress snapshot of a running workload, delivered about once a second.
   *
   * @param stage the stage, from 0 (-1 during warm-up)
   * @param stages the number of stages (0 when unknown)
   * @param elapsed time into the stage
   * @param duration the stage's planned length ({@code null} when unknown)
   * @param sent requests sent in the stage so far
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
      int inFlight)
      implements Detail {

    /** Reads like {@code stage 2/3 elapsed 1.0 s of 20.0 s sent 40 ok 38 failed 0 in flight 2}. */
    @Override
    public String toString() {
      return (stage < 0 ? "warm-up" : "stage " + (stage + 1) + "/" + (stages > 0 ? stages : "?"))
          + "  elapsed "
          + seconds(elapsed)
          + " of "
          + (duration == null ? "?" : seconds(duration))
          + "  sent "
          + sent
          + "  ok "
          + completed
          + "  failed "
          + failed
          + "  in flight "
          + inFlight;
    }

    private static String seconds(Duration d) {
      return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }
  }

  /**
   * A line a tool printed.
   *
   * @param source where it came from: the harness id for a local process, {@code pod/<name>} for a
   *     pod
   * @param line the line, without its line break, with secrets scrubbed where the library knows
   *     them
   */
  public record Output(String source, String line) implements Detail {}

  /**
   * Progress of an upload to a result store. Objects already stored and identical count as done
   * ({@link Step#OBJECT_SKIPPED}); so do the parts of a resumed multipart upload the server held.
   *
   * @param key the object the event is about
   * @param step what happened to it
   * @param part for {@link Step#PART_SENT}, the part's number, from 1; else 0
   * @param parts the object's number of parts for a multipart upload; else 0
   * @param objectsDone objects of this upload stored or skipped so far
   * @param objects objects of this upload
   * @param bytesDone bytes of this upload done so far: of objects stored or skipped, and of parts
   *     sent
   * @param bytes bytes of this upload
   */
  public record Upload(
      String key,
      Step step,
      int part,
      int parts,
      int objectsDone,
      int objects,
      long bytesDone,
      long bytes)
      implements Detail {

    /** What happened to the object. */
    public enum Step {
      /** A part of a multipart upload was stored. */
      PART_SENT,
      /** The object's bytes were sent; its verification comes next. */
      OBJECT_SENT,
      /** The object was stored and verified. */
      OBJECT_STORED,
      /** The object was already stored, identical: nothing was sent. */
      OBJECT_SKIPPED
    }

    /** Reads like {@code part 2/3 of run/big.bin} or {@code stored run/a.txt}. */
    @Override
    public String toString() {
      return switch (step) {
        case PART_SENT -> "part " + part + "/" + parts + " of " + key;
        case OBJECT_SENT -> "sent " + key;
        case OBJECT_STORED -> "stored " + key;
        case OBJECT_SKIPPED -> "skipped " + key + " (unchanged)";
      };
    }
  }

  /**
   * A request that failed with a transient error and will be tried again.
   *
   * @param key the object it was about ({@code null} for a bucket-level request)
   * @param attempt the attempt that failed, from 1
   * @param reason what went wrong, never holding a secret
   */
  public record Retry(String key, int attempt, String reason) implements Detail {
    /** Reads like {@code retrying run/a.txt (attempt 1 failed): SlowDown}. */
    @Override
    public String toString() {
      return "retrying "
          + (key == null ? "the bucket" : key)
          + " (attempt "
          + attempt
          + " failed): "
          + reason;
    }
  }

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
   * @throws IllegalArgumentException when the detail is not of the class the type carries
   */
  public BenchEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    context = context == null ? Context.NONE : context;
    message = message == null ? "" : message;
    if (type.detail() == null ? detail != null : !type.detail().isInstance(detail)) {
      throw new IllegalArgumentException(
          "a "
              + type
              + " event carries "
              + (type.detail() == null ? "no detail" : "a " + type.detail().getSimpleName())
              + ", was "
              + (detail == null ? "none" : detail.getClass().getSimpleName()));
    }
  }

  /** An event now, without a detail. */
  public static BenchEvent of(Type type, Context context, String message) {
    return new BenchEvent(Instant.now(), type, context, message, null, null);
  }

  /** An event now, with its detail. */
  public static BenchEvent of(Type type, Context context, String message, Detail detail) {
    return new BenchEvent(Instant.now(), type, context, message, detail, null);
  }

  /** A finished step, with its duration. */
  public static BenchEvent done(Type type, Context context, String message, Duration elapsed) {
    return new BenchEvent(Instant.now(), type, context, message, null, elapsed);
  }

  /** A workload's progress ({@link Type#WORKLOAD_PROGRESS}). */
  public static BenchEvent progress(Context context, Progress progress) {
    return of(Type.WORKLOAD_PROGRESS, context, progress.toString(), progress);
  }

  /**
   * A line of a tool's output: {@link Type#WORKLOAD_OUTPUT} or {@link Type#MODEL_DOWNLOAD_OUTPUT};
   * the message is the line.
   */
  public static BenchEvent output(Type type, Context context, String source, String line) {
    return of(type, context, line, new Output(source, line));
  }

  /** Upload progress ({@link Type#UPLOAD_PROGRESS}). */
  public static BenchEvent upload(Context context, Upload upload) {
    return of(Type.UPLOAD_PROGRESS, context, upload.toString(), upload);
  }

  /** A retried upload request ({@link Type#UPLOAD_RETRYING}). */
  public static BenchEvent retrying(Context context, Retry retry) {
    return of(Type.UPLOAD_RETRYING, context, retry.toString(), retry);
  }

  /** The workload's progress, for {@link Type#WORKLOAD_PROGRESS}; else {@code null}. */
  public Progress progress() {
    return detail instanceof Progress p ? p : null;
  }

  /** The output line, for the {@code *_OUTPUT} types; else {@code null}. */
  public Output output() {
    return detail instanceof Output o ? o : null;
  }

  /** The upload's progress, for {@link Type#UPLOAD_PROGRESS}; else {@code null}. */
  public Upload upload() {
    return detail instanceof Upload u ? u : null;
  }

  /** The retried request, for {@link Type#UPLOAD_RETRYING}; else {@code null}. */
  public Retry retry() {
    return detail instanceof Retry r ? r : null;
  }
}
