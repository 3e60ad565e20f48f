package ai.llmd.bench.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

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

  /**
   * {@link #await(Duration)} for implementations: waits for {@code run}'s completion; on a timeout
   * or an interrupt cancels the run (the interrupt flag stays set); every failure becomes a {@link
   * HarnessException} for {@code harness} and {@code raw}.
   *
   * <pre>{@code
   * public Path await(Duration timeout) {
   *   return HarnessRun.awaitCompletion(this, timeout, "guidellm", raw,
   *       () -> "did not finish within " + timeout, this::logTail);
   * }
   * }</pre>
   *
   * @param timedOut the message when the timeout passes, read before the run is cancelled
   * @param log the tail of the tool's log for the exception, or a supplier of {@code null}
   */
  static Path awaitCompletion(
      HarnessRun run,
      Duration timeout,
      String harness,
      Path raw,
      Supplier<String> timedOut,
      Supplier<String> log) {
    try {
      return run.completion().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      String message = timedOut.get();
      run.cancel();
      throw new HarnessException(harness, null, raw, message, log.get());
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof CompletionException ce && ce.getCause() != null
              ? ce.getCause()
              : e.getCause();
      throw cause instanceof HarnessException he
          ? he
          : new HarnessException(harness, null, raw, String.valueOf(cause), log.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.cancel();
      throw new HarnessException(harness, null, raw, "interrupted", log.get());
    }
  }
}
