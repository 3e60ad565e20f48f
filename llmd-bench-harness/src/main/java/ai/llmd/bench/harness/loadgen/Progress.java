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

  /** Receives progress snapshots. */
  @FunctionalInterface
  public interface Listener {
    /** Discards progress. */
    Listener NONE = p -> {};

    void progress(Progress progress);
  }
}
