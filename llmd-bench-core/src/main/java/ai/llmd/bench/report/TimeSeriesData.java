package ai.llmd.bench.report;

import java.util.List;

/**
 * A time series: units and points.
 *
 * @param series the points, each with a timestamp and a value or per-interval statistics
 * @param units the unit of every point's values
 */
public record TimeSeriesData(Units units, List<Point> series) {

  /**
   * One point of a series.
   *
   * @param ts ISO-8601 date-time
   * @param value a plain value (number, string or boolean)
   * @param mean the mean over the interval (same below, all in the series' units; {@code null} when
   *     absent)
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
  public record Point(
      String ts,
      Object value,
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

    /** A point with a single value at timestamp {@code ts}, without statistics. */
    public static Point of(String ts, Object value) {
      return new Point(
          ts, value, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null);
    }
  }
}
