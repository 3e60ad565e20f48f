package ai.llmd.bench.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A requested concurrency: a whole number of at least 1, or unbounded (written as YAML {@code
 * .inf}).
 *
 * <pre>{@code
 * Concurrency.of(32);
 * Concurrency.UNBOUNDED;
 * }</pre>
 *
 * @param value requests in flight, at least 1; {@link Long#MAX_VALUE} means unbounded
 */
public record Concurrency(long value) {

  /** Unbounded concurrency. */
  public static final Concurrency UNBOUNDED = new Concurrency(Long.MAX_VALUE);

  /** A bounded concurrency of {@code value} requests in flight. */
  public static Concurrency of(long value) {
    return new Concurrency(value);
  }

  /** Whether this is {@link #UNBOUNDED}. */
  public boolean unbounded() {
    return value == Long.MAX_VALUE;
  }

  @JsonValue
  Number json() {
    return unbounded() ? Double.POSITIVE_INFINITY : value;
  }

  @JsonCreator
  static Concurrency fromJson(Number n) {
    double d = n.doubleValue();
    if (Double.isInfinite(d) && d > 0) {
      return UNBOUNDED;
    }
    if (d != Math.rint(d)) {
      throw new IllegalArgumentException("concurrency must be a whole number or .inf, was " + n);
    }
    return new Concurrency(n.longValue());
  }
}
