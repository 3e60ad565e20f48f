package ai.llmd.bench.harness.loadgen;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of durations in microseconds with fixed memory: 1 µs buckets below 1 ms,
 * then 10 µs to 10 ms, 100 µs to 100 ms, 1 ms to 10 s (so a relative error below 10 %), and one
 * overflow bucket.
 */
final class Histogram {
  private static final int PER_DECADE = 900;
  private final AtomicLongArray counts = new AtomicLongArray(1000 + 3 * PER_DECADE + 1);
  private final java.util.concurrent.atomic.AtomicLong max =
      new java.util.concurrent.atomic.AtomicLong();

  void record(long micros) {
    long v = Math.max(0, micros);
    counts.incrementAndGet(bucket(v));
    max.accumulateAndGet(v, Math::max);
  }

  private static int bucket(long v) {
    if (v < 1000) {
      return (int) v;
    }
    if (v < 10_000) {
      return 1000 + (int) ((v - 1000) / 10);
    }
    if (v < 100_000) {
      return 1000 + PER_DECADE + (int) ((v - 10_000) / 100);
    }
    if (v < 10_000_000) {
      return 1000 + 2 * PER_DECADE + (int) Math.min(PER_DECADE - 1, (v - 100_000) / 11_000);
    }
    return 1000 + 3 * PER_DECADE;
  }

  private static long upper(int bucket) {
    if (bucket < 1000) {
      return bucket;
    }
    if (bucket < 1000 + PER_DECADE) {
      return 1000 + (bucket - 1000 + 1) * 10L;
    }
    if (bucket < 1000 + 2 * PER_DECADE) {
      return 10_000 + (bucket - 1000 - PER_DECADE + 1) * 100L;
    }
    if (bucket < 1000 + 3 * PER_DECADE) {
      return 100_000 + (bucket - 1000 - 2 * PER_DECADE + 1) * 11_000L;
    }
    return Long.MAX_VALUE;
  }

  long count() {
    long n = 0;
    for (int i = 0; i < counts.length(); i++) {
      n += counts.get(i);
    }
    return n;
  }

  /**
   * The q-quantile (0..1) in microseconds, as the upper bound of its bucket (capped at the maximum
   * seen).
   */
  long quantile(double q) {
    long n = count();
    if (n == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * n);
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.min(upper(i), max.get());
      }
    }
    return max.get();
  }
}
