package ai.llmd.bench.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One distribution in a benchmark report: its units, mean and optional percentiles.
 *
 * <pre>{@code
 * Statistics ttft = Statistics.builder(Units.S).mean(0.041).p50(0.039).p99(0.090).build();
 * Statistics fromSamples = Statistics.of(new double[] {1, 2, 3, 4}, Units.COUNT);
 * }</pre>
 *
 * <p>Unknown keys in a Statistics block are ignored on reading, as the upstream model does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Statistics(
    Units units,
    Double mean,
    Double mode,
    Double stddev,
    Double min,
    Double p0p1,
    Double p1,
    Double p5,
    Double p10,
    Double p25,
    Double p50,
    Double p75,
    Double p90,
    Double p95,
    Double p99,
    Double p99p9,
    Double max) {

  /** A block with only a mean. */
  public static Statistics mean(double mean, Units units) {
    return builder(units).mean(mean).build();
  }

  /**
   * Computes mean, mode, population standard deviation, min, max and every percentile from samples,
   * with linear interpolation between closest ranks (numpy's default). Returns {@code null} for no
   * samples.
   *
   * <p>The array is sorted in place.
   */
  public static Statistics of(double[] values, Units units) {
    return of(values, values.length, units);
  }

  /** As {@link #of(double[], Units)} over the first {@code n} values. */
  public static Statistics of(double[] values, int n, Units units) {
    if (n == 0) {
      return null;
    }
    Arrays.sort(values, 0, n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += values[i];
    }
    double mean = sum / n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      squares += (values[i] - mean) * (values[i] - mean);
    }
    return builder(units)
        .mean(mean)
        .mode(mode(values, n))
        .stddev(Math.sqrt(squares / n))
        .min(values[0])
        .p0p1(percentile(values, n, 0.1))
        .p1(percentile(values, n, 1))
        .p5(percentile(values, n, 5))
        .p10(percentile(values, n, 10))
        .p25(percentile(values, n, 25))
        .p50(percentile(values, n, 50))
        .p75(percentile(values, n, 75))
        .p90(percentile(values, n, 90))
        .p95(percentile(values, n, 95))
        .p99(percentile(values, n, 99))
        .p99p9(percentile(values, n, 99.9))
        .max(values[n - 1])
        .build();
  }

  /** The q-th percentile (0..100) of the first n sorted values, linearly interpolated. */
  public static double percentile(double[] sorted, int n, double q) {
    double rank = q / 100.0 * (n - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, n - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
  }

  private static double mode(double[] sorted, int n) {
    double best = sorted[0];
    int bestRun = 0;
    int run = 0;
    for (int i = 0; i < n; i++) {
      run = i > 0 && sorted[i] == sorted[i - 1] ? run + 1 : 1;
      if (run > bestRun) {
        bestRun = run;
        best = sorted[i];
      }
    }
    return best;
  }

  /** This block with other units, values unchanged (to correct a mislabelled legacy report). */
  public Statistics withUnits(Units newUnits) {
    return new Statistics(
        newUnits, mean, mode, stddev, min, p0p1, p1, p5, p10, p25, p50, p75, p90, p95, p99, p99p9,
        max);
  }

  /** The values by their report keys, without {@code units}; absent keys are left out. */
  public Map<String, Double> values() {
    Map<String, Double> m = new HashMap<>();
    String[] keys = {
      "mean", "mode", "stddev", "min", "p0p1", "p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95",
      "p99", "p99p9", "max"
    };
    Double[] vals = {
      mean, mode, stddev, min, p0p1, p1, p5, p10, p25, p50, p75, p90, p95, p99, p99p9, max
    };
    for (int i = 0; i < keys.length; i++) {
      if (vals[i] != null) {
        m.put(keys[i], vals[i]);
      }
    }
    return m;
  }

  public static Builder builder(Units units) {
    return new Builder(units);
  }

  /** Builds a {@link Statistics}; every value is optional except the mean. */
  public static final class Builder {
    private final Units units;
    private Double mean,
        mode,
        stddev,
        min,
        p0p1,
        p1,
        p5,
        p10,
        p25,
        p50,
        p75,
        p90,
        p95,
        p99,
        p99p9,
        max;

    private Builder(Units units) {
      this.units = units;
    }

    /**
     * Sets a value by its report key ({@code mean}, {@code p0p1}, ..., {@code max}).
     *
     * @throws IllegalArgumentException for a key the report does not have
     */
    public Builder set(String key, Double value) {
      switch (key) {
        case "mean" -> mean = value;
        case "mode" -> mode = value;
        case "stddev" -> stddev = value;
        case "min" -> min = value;
        case "p0p1" -> p0p1 = value;
        case "p1" -> p1 = value;
        case "p5" -> p5 = value;
        case "p10" -> p10 = value;
        case "p25" -> p25 = value;
        case "p50" -> p50 = value;
        case "p75" -> p75 = value;
        case "p90" -> p90 = value;
        case "p95" -> p95 = value;
        case "p99" -> p99 = value;
        case "p99p9" -> p99p9 = value;
        case "max" -> max = value;
        default -> throw new IllegalArgumentException("Statistics has no key '" + key + "'");
      }
      return this;
    }

    public Builder mean(Double v) {
      mean = v;
      return this;
    }

    public Builder mode(Double v) {
      mode = v;
      return this;
    }

    public Builder stddev(Double v) {
      stddev = v;
      return this;
    }

    public Builder min(Double v) {
      min = v;
      return this;
    }

    public Builder p0p1(Double v) {
      p0p1 = v;
      return this;
    }

    public Builder p1(Double v) {
      p1 = v;
      return this;
    }

    public Builder p5(Double v) {
      p5 = v;
      return this;
    }

    public Builder p10(Double v) {
      p10 = v;
      return this;
    }

    public Builder p25(Double v) {
      p25 = v;
      return this;
    }

    public Builder p50(Double v) {
      p50 = v;
      return this;
    }

    public Builder p75(Double v) {
      p75 = v;
      return this;
    }

    public Builder p90(Double v) {
      p90 = v;
      return this;
    }

    public Builder p95(Double v) {
      p95 = v;
      return this;
    }

    public Builder p99(Double v) {
      p99 = v;
      return this;
    }

    public Builder p99p9(Double v) {
      p99p9 = v;
      return this;
    }

    public Builder max(Double v) {
      max = v;
      return this;
    }

    public Statistics build() {
      return new Statistics(
          units, mean, mode, stddev, min, p0p1, p1, p5, p10, p25, p50, p75, p90, p95, p99, p99p9,
          max);
    }
  }
}
