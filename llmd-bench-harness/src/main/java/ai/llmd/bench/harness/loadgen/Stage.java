package ai.llmd.bench.harness.loadgen;

import java.time.Duration;
import java.util.Objects;

/**
 * One load point of a run: a request rate (open loop) or a fixed concurrency (closed loop), for a
 * duration.
 *
 * <pre>{@code
 * Stage.rate(50, Duration.ofSeconds(20));
 * Stage.concurrency(16, Duration.ofSeconds(30));
 * }</pre>
 *
 * @param rate requests per second, or {@code null} for a concurrency stage
 * @param duration how long the stage sends load; positive
 * @param concurrency requests in flight, or {@code null} for a rate stage
 */
public record Stage(Double rate, Integer concurrency, Duration duration) {

  /**
   * Checks the stage.
   *
   * @param rate requests per second, or {@code null} for a concurrency stage
   * @param concurrency requests in flight, or {@code null} for a rate stage
   * @param duration how long the stage sends load; positive
   * @throws IllegalArgumentException unless exactly one of rate and concurrency is set, the rate is
   *     positive and finite, the concurrency at least 1 and the duration positive
   */
  public Stage {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("stage duration must be positive, was " + duration);
    }
    if ((rate == null) == (concurrency == null)) {
      throw new IllegalArgumentException("a stage has either a rate or a concurrency");
    }
    if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
      throw new IllegalArgumentException(
          "stage rate must be a positive number of requests/s, was " + rate);
    }
    if (concurrency != null && concurrency < 1) {
      throw new IllegalArgumentException("stage concurrency must be >= 1, was " + concurrency);
    }
  }

  /** A constant or Poisson rate of requests per second. */
  public static Stage rate(double requestsPerSecond, Duration duration) {
    return new Stage(requestsPerSecond, null, duration);
  }

  /** A fixed number of requests in flight. */
  public static Stage concurrency(int inFlight, Duration duration) {
    return new Stage(null, inFlight, duration);
  }

  /** Whether this is a rate (open loop) stage rather than a concurrency stage. */
  public boolean isRate() {
    return rate != null;
  }

  @Override
  public String toString() {
    return (isRate() ? rate + " req/s" : concurrency + " concurrent")
        + " for "
        + duration.toMillis() / 1000.0
        + " s";
  }
}
