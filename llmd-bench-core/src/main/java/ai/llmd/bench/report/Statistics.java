package ai.llmd.bench.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One distribution in a benchmark report: its units, mean and optional percentiles.
 *
 * <pre>{@code
 * Statistics ttft = Statistics.builder(Units.S).mean(0.041).p50(0.039).p99(0.090).build();
 * Statistics fromSamples = Statistics.of(new double[] {1, 2, 3, 4}, Units.COUNT);
 * }</pre>
 *
 * <p>The record components are the values exactly as written in the report, in {@link #units()}:
 * the same TTFT is {@code 41.0} from one harness (ms) and {@code 0.041} from another (s). Read them
 * unit-safely:
 *
 * <pre>{@code
 * Duration p99 = ttft.duration("p99").orElseThrow();        // whatever the report's units
 * double p99Ms = ttft.get("p99", Units.MS).orElseThrow();   // 90.0
 * Statistics inMs = ttft.in(Units.MS);                      // every value converted
 * }</pre>
 *
 * <p>Unknown keys in a Statistics block are ignored on reading, as the upstream model does.
 *
 * @param units the unit of every value below
 * @param mean the mean; the only value most fields require
 * @param mode the most frequent value
 * @param stddev the standard deviation
 * @param min the minimum
 * @param p0p1 the 0.1th percentile
 * @param p1 the 1st percentile
 * @param p5 the 5th percentile
 * @param p10 the 10th percentile
 * @param p25 the 25th percentile
 * @param p50 the median
 * @param p75 the 75th percentile
 * @param p90 the 90th percentile
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param p99p9 the 99.9th percentile
 * @param max the maximum
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

  /**
   * The report keys of the values, in report order: {@code mean}, {@code mode}, ..., {@code max}.
   */
  public static final List<String> KEYS =
      List.of(
          "mean", "mode", "stddev", "min", "p0p1", "p1", "p5", "p10", "p25", "p50", "p75", "p90",
          "p95", "p99", "p99p9", "max");

  /**
   * The report key of a percentile: {@code 99} is {@code "p99"}, {@code 99.9} is {@code "p99p9"},
   * {@code 0.1} is {@code "p0p1"}, {@code 0} is {@code "min"}, {@code 100} is {@code "max"}.
   *
   * @throws IllegalArgumentException for a percentile the report format has no key for
   */
  public static String percentileKey(double percentile) {
    if (percentile == 0) {
      return "min";
    }
    if (percentile == 100) {
      return "max";
    }
    String key =
        percentile == Math.rint(percentile)
            ? "p" + (long) percentile
            : "p" + String.valueOf(percentile).replace('.', 'p');
    if (!KEYS.contains(key)) {
      throw new IllegalArgumentException(
          "the report format has no percentile "
              + percentile
              + "; it has 0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9 (and min, max)");
    }
    return key;
  }

  /**
   * A value by its report key, exactly as written (in {@link #units()}), or empty when the report
   * lacks it.
   *
   * @throws IllegalArgumentException for a key not in {@link #KEYS}
   */
  public Optional<Double> get(String key) {
    return Optional.ofNullable(
        switch (key) {
          case "mean" -> mean;
          case "mode" -> mode;
          case "stddev" -> stddev;
          case "min" -> min;
          case "p0p1" -> p0p1;
          case "p1" -> p1;
          case "p5" -> p5;
          case "p10" -> p10;
          case "p25" -> p25;
          case "p50" -> p50;
          case "p75" -> p75;
          case "p90" -> p90;
          case "p95" -> p95;
          case "p99" -> p99;
          case "p99p9" -> p99p9;
          case "max" -> max;
          default ->
              throw new IllegalArgumentException(
                  "Statistics has no key '" + key + "'; keys: " + KEYS);
        });
  }

  /**
   * A value by its report key converted to {@code target}, or empty when the report lacks it.
   *
   * <pre>{@code
   * double p99Ms = ttft.get("p99", Units.MS).orElseThrow();
   * }</pre>
   *
   * @throws IllegalArgumentException for an unknown key, or units that measure something else
   *     (asking a latency in tokens/s)
   */
  public Optional<Double> get(String key, Units target) {
    Optional<Double> raw = get(key);
    checkConvertible(target);
    return raw.map(v -> units.convert(v, target));
  }

  /**
   * A time value (units {@code ms}, {@code s}, {@code ms/token} or {@code s/token}) as a {@link
   * Duration}, rounded to the nanosecond; empty when the report lacks it. Per-token latencies give
   * the time per token.
   *
   * <pre>{@code
   * Duration p99 = report.ttft().orElseThrow().duration("p99").orElseThrow();
   * }</pre>
   *
   * @throws IllegalArgumentException for an unknown key, or when this block is not a time
   */
  public Optional<Duration> duration(String key) {
    Optional<Double> raw = get(key);
    if (units == null || !units.isTime()) {
      throw new IllegalArgumentException(
          "values in " + units + " are not times; use get(\"" + key + "\", units)");
    }
    return raw.map(v -> Duration.ofNanos(Math.round(v * units.seconds() * 1e9)));
  }

  /**
   * This block with every value converted to {@code target}: {@code ttft.in(Units.MS).p99()} is in
   * milliseconds whatever the harness wrote. Returns {@code this} when the units already match.
   *
   * @throws IllegalArgumentException when the units measure something else
   */
  public Statistics in(Units target) {
    if (target == units) {
      return this;
    }
    checkConvertible(target);
    Builder b = builder(target);
    for (String key : KEYS) {
      b.set(key, get(key).map(v -> units.convert(v, target)).orElse(null));
    }
    return b.build();
  }

  private void checkConvertible(Units target) {
    if (units == null || !units.convertibleTo(target)) {
      throw new IllegalArgumentException(
          "cannot read values in " + units + " as " + target + ": they measure different things");
    }
  }

  /**
   * A short summary with units, e.g. {@code 41.2 ms mean, p50 39.0, p90 70.1, p99 90.0, max 120}.
   * Use the accessors or {@link #values()} for exact values.
   */
  @Override
  public String toString() {
    Map<String, Double> shown = new LinkedHashMap<>();
    for (String key : List.of("p50", "p90", "p99", "max")) {
      get(key).ifPresent(v -> shown.put(key, v));
    }
    StringBuilder sb = new StringBuilder();
    sb.append(mean == null ? "-" : format(mean)).append(' ').append(units).append(" mean");
    shown.forEach((k, v) -> sb.append(", ").append(k).append(' ').append(format(v)));
    return sb.toString();
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double abs = Math.abs(v);
    String pattern = abs >= 100 ? "%.1f" : abs >= 1 ? "%.2f" : "%.4g";
    return String.format(Locale.ROOT, pattern, v);
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

  /**
   * Starts a block whose values are all in {@code units}.
   *
   * <pre>{@code
   * Statistics tpot = Statistics.builder(Units.MS).mean(12.5).p99(30.0).build();
   * }</pre>
   */
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

    /**
     * Sets the mean, in the builder's units; {@code null} leaves it absent. Returns this builder.
     */
    public Builder mean(Double v) {
      mean = v;
      return this;
    }

    /**
     * Sets the mode (most frequent value), in the builder's units; {@code null} leaves it absent.
     * Returns this builder.
     */
    public Builder mode(Double v) {
      mode = v;
      return this;
    }

    /**
     * Sets the standard deviation, in the builder's units; {@code null} leaves it absent. Returns
     * this builder.
     */
    public Builder stddev(Double v) {
      stddev = v;
      return this;
    }

    /**
     * Sets the minimum, in the builder's units; {@code null} leaves it absent. Returns this
     * builder.
     */
    public Builder min(Double v) {
      min = v;
      return this;
    }

    /**
     * Sets the 0.1th percentile, in the builder's units; {@code null} leaves it absent. Returns
     * this builder.
     */
    public Builder p0p1(Double v) {
      p0p1 = v;
      return this;
    }

    /**
     * Sets the 1th percentile, in the builder's units; {@code null} leaves it absent. Returns this
     * builder.
     */
    public Builder p1(Double v) {
      p1 = v;
      return this;
    }

    /**
     * Sets the 5th percentile, in the builder's units; {@code null} leaves it absent. Returns this
     * builder.
     */
    public Builder p5(Double v) {
      p5 = v;
      return this;
    }

    /**
     * Sets the 10th percentile, in the builder's units; {@code null} leaves it absent. Returns this
     * builder.
     */
    public Builder p10(Double v) {
      p10 = v;
      return this;
    }

    /**
     * Sets the 25th percentile, in the builder's units; {@code null} leaves it absent. Returns this
     * builder.
     */
    public Builder p25(Double v) {
      p25 = v;
      return this;
    }

    /**
     * Sets the 50th percentile, in the builder's units; {@code null} leaves it absent. Returns this
     * builder.
     */
    public Builder p50(Double v) {
      p50 = v;
      return this;
    }

    /**
     * Sets the 75th percentile, in the builder's units; {@code null} leaves it absent. Returns this
     * builder.
     */
    public Builder p75(Double v) {
      p75 = v;
      return this;
    }

    /**
     * Sets the 90th percentile, in the builder's units; {@code null} leaves it absent. Returns this
     * builder.
     */
    public Builder p90(Double v) {
      p90 = v;
      return this;
    }

    /**
     * Sets the 95th percentile, in the builder's units; {@code null} leaves it absent. Returns this
     * builder.
     */
    public Builder p95(Double v) {
      p95 = v;
      return this;
    }

    /**
     * Sets the 99th percentile, in the builder's units; {@code null} leaves it absent. Returns this
     * builder.
     */
    public Builder p99(Double v) {
      p99 = v;
      return this;
    }

    /**
     * Sets the 99.9th percentile, in the builder's units; {@code null} leaves it absent. Returns
     * this builder.
     */
    public Builder p99p9(Double v) {
      p99p9 = v;
      return this;
    }

    /**
     * Sets the maximum, in the builder's units; {@code null} leaves it absent. Returns this
     * builder.
     */
    public Builder max(Double v) {
      max = v;
      return this;
    }

    /** Returns the block with the values set so far; unset values are {@code null}. */
    public Statistics build() {
      return new Statistics(
          units, mean, mode, stddev, min, p0p1, p1, p5, p10, p25, p50, p75, p90, p95, p99, p99p9,
          max);
    }
  }
}
