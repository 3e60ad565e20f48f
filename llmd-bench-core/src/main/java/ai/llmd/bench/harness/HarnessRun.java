package ai.llmd.bench.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A running workload (run_workload). {@link #await(Duration)} returns the raw results directory.
 *
 * <pre>{@code
 * try (HarnessRun run = harness.run(profile, Executor.local().withResultsDirectory(dir))) {
 *   Path raw = run.await(Duration.ofMinutes(30));
 *   List<BenchmarkReport> reports = harness.transformer().transform(raw);
 * }
 * }</pre>
 */
public interface HarnessRun extends AutoCloseable {

  /** Completes with the raw results directory, or exceptionally with {@link HarnessException}. */
  CompletableFuture<Path> completion();

  /**
   * Waits for the run.
   *
   * @throws HarnessException when the tool fails or the timeout passes (the run is then cancelled)
   */
  Path await(Duration timeout);

  /** Stops the tool; what it wrote so far stays. */
  void cancel();

  /** Cancels a run still going and releases what it holds. */
  @Override
  void close();
}
