package ai.llmd.bench.harness.loadgen;

import java.time.Duration;

/**
 * A progress snapshot of a running load, delivered about once a second.
 *
 * @param stage stage number, from 0; -1 during warm-up
 * @param stages number of stages
 * @param elapsed time into the stage
 * @param duration the stage's length
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
    int inFlight) {

  /** Reads like {@code stage 2/3 elapsed 1.0 s of 20.0 s sent 40 ok 38 failed 0 in flight 2}. */
  @Override
  public String toString() {
    return (stage < 0 ? "warm-up" : "stage " + (stage + 1) + "/" + stages)
        + "  elapsed "
        + seconds(elapsed)
        + " of "
        + seconds(duration)
        + "  sent "
        + sent
        + "  ok "
        + completed
        + "  failed "
        + failed
        + "  in flight "
        + inFlight;
  }

  /** A duration as seconds with one decimal: {@code 1.0 s}. */
  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
  }

  /** Receives progress snapshots. */
  @FunctionalInterface
  public interface Listener {
    /** Discards progress. */
    Listener NONE = p -> {};

    /** Called with each new snapshot, on the load generator's own thread: return quickly. */
    void progress(Progress progress);
  }
}
