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
