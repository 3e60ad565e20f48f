package ai.llmd.bench.report.view;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Metric;
import ai.llmd.bench.report.Statistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Compares a candidate run with a baseline, load point by load point, and says for every metric
 * whether it regressed, improved or did not change.
 *
 * <p>A change counts only when it is larger than the tolerance <em>and</em> larger than the noise
 * of the two measurements: each value gets a 95% interval from its sample count (for a percentile,
 * the order-statistic ranks its sample count allows, read off the report's own percentiles; for a
 * mean, its standard error; for a rate, the Poisson error of its count; for the error rate, a
 * Wilson interval), and a verdict needs the two intervals apart. So a p99 over 50 requests that
 * moves by 20% is "no change (within noise)", while the same move over 50,000 requests is a
 * regression.
 *
 * <pre>{@code
 * Comparison cmp = Comparison.of(baselineReports, candidateReports, 0.05);
 * System.out.println(cmp.toTable());
 * if (cmp.hasRegressions()) { ... cmp.regressions() ... }
 * }</pre>
 */
public final class Comparison {
  /** The default tolerance: changes within 5% are never called a change. */
  public static final double DEFAULT_TOLERANCE = 0.05;

  private static final double Z95 = 1.96;
  private static final Metric[] COMPARED = {
    Metric.TTFT, Metric.TPOT, Metric.ITL, Metric.E2E, Metric.REQUEST_RATE, Metric.OUTPUT_TOKEN_RATE
  };
  private static final String[] LATENCY_KEYS = {"p50", "p99"};
  private static final String[] PERCENTILE_KEYS = {
    "min", "p0p1", "p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "p99p9", "max"
  };
  private static final double[] PERCENTILE_AT = {
    0, 0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9, 100
  };

  /** What a change means. */
  public enum Verdict {
    /** The candidate is worse beyond the tolerance and the baseline's noise. */
    REGRESSION,
    /** The candidate is better beyond the tolerance and the baseline's noise. */
    IMPROVEMENT,
    /** Within the tolerance, or the 95% intervals overlap. */
    NO_CHANGE
  }

  /**
   * A value's 95% interval, in the metric's unit.
   *
   * @param low lower bound
   * @param high upper bound
   */
  public record Interval(double low, double high) {
    boolean overlaps(Interval o) {
      return low <= o.high && o.low <= high;
    }
  }

  /**
   * How one figure of one load point changed.
   *
   * @param loadPoint the load point, e.g. {@code "20 req/s"}
   * @param metric what was measured, e.g. {@code "TTFT p99"}
   * @param unit the unit of both values
   * @param baseline the baseline value
   * @param candidate the candidate value
   * @param baselineSamples requests behind the baseline value (0 when unknown)
   * @param candidateSamples requests behind the candidate value (0 when unknown)
   * @param verdict regression, improvement or no change
   * @param reason why, in words
   * @param baselineInterval the baseline value's 95% interval, in {@code unit}
   * @param candidateInterval the candidate value's 95% interval, in {@code unit}
   */
  public record Change(
      String loadPoint,
      String metric,
      String unit,
      double baseline,
      double candidate,
      Interval baselineInterval,
      Interval candidateInterval,
      long baselineSamples,
      long candidateSamples,
      Verdict verdict,
      String reason) {

    /** (candidate - baseline) / baseline; infinite when the baseline is 0 and the candidate not. */
    public double relativeChange() {
      return relative(baseline, candidate);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s %s: %s -> %s %s (%s) %s: %s",
          loadPoint,
          metric,
          LoadPoint.number(baseline),
          LoadPoint.number(candidate),
          unit,
          percent(relativeChange()),
          verdict,
          reason);
    }
  }

  private final double tolerance;
  private final List<Change> changes;
  private final List<String> notes;

  private Comparison(double tolerance, List<Change> changes, List<String> notes) {
    this.tolerance = tolerance;
    this.changes = List.copyOf(changes);
    this.notes = List.copyOf(notes);
  }

  /** Compares one load point with another, with the {@link #DEFAULT_TOLERANCE}. */
  public static Comparison of(BenchmarkReport baseline, BenchmarkReport candidate) {
    return of(List.of(baseline), List.of(candidate), DEFAULT_TOLERANCE);
  }

  /** Compares one load point with another. */
  public static Comparison of(
      BenchmarkReport baseline, BenchmarkReport candidate, double tolerance) {
    return of(List.of(baseline), List.of(candidate), tolerance);
  }

  /** Compares two runs with the {@link #DEFAULT_TOLERANCE}. */
  public static Comparison of(List<BenchmarkReport> baseline, List<BenchmarkReport> candidate) {
    return of(baseline, candidate, DEFAULT_TOLERANCE);
  }

  /**
   * Compares two runs. Load points are matched by their requested load (rate or concurrency) where
   * both runs name them uniquely, otherwise in order.
   *
   * @param tolerance the relative change below which nothing is called a change, e.g. {@code 0.05}
   * @throws IllegalArgumentException for a negative or non-finite tolerance, or empty runs
   */
  public static Comparison of(
      List<BenchmarkReport> baseline, List<BenchmarkReport> candidate, double tolerance) {
    Objects.requireNonNull(baseline, "baseline reports");
    Objects.requireNonNull(candidate, "candidate reports");
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException(
          "tolerance must be a fraction >= 0 (0.05 for 5%), was " + tolerance);
    }
    if (baseline.isEmpty() || candidate.isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to compare: the "
              + (baseline.isEmpty() ? "baseline" : "candidate")
              + " has no reports");
    }
    List<String> notes = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<LoadPoint, LoadPoint> pair : match(baseline, candidate, notes).entrySet()) {
      compare(pair.getKey(), pair.getValue(), tolerance, changes);
    }
    return new Comparison(tolerance, changes, notes);
  }

  /** Every compared figure, by load point then metric. */
  public List<Change> changes() {
    return changes;
  }

  /** The figures that got worse beyond tolerance and noise. */
  public List<Change> regressions() {
    return changes.stream().filter(c -> c.verdict() == Verdict.REGRESSION).toList();
  }

  /** The figures that got better beyond tolerance and noise. */
  public List<Change> improvements() {
    return changes.stream().filter(c -> c.verdict() == Verdict.IMPROVEMENT).toList();
  }

  /** Whether any figure regressed. */
  public boolean hasRegressions() {
    return !regressions().isEmpty();
  }

  /** Load points found in only one of the runs, and similar remarks. */
  public List<String> notes() {
    return notes;
  }

  /** The tolerance this comparison used. */
  public double tolerance() {
    return tolerance;
  }

  /** A plain-text table of every change, one line per figure. */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-16s %-14s %12s %12s %9s %7s  %-11s  %s%n",
            "load point",
            "metric",
            "baseline",
            "candidate",
            "change",
            "n",
            "verdict",
            "why"));
    for (Change c : changes) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-16s %-14s %12s %12s %9s %7s  %-11s  %s%n",
              c.loadPoint(),
              c.metric(),
              LoadPoint.number(c.baseline()) + " ",
              LoadPoint.number(c.candidate()) + " ",
              percent(c.relativeChange()),
              c.candidateSamples() == 0 ? "?" : Long.toString(c.candidateSamples()),
              c.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '),
              c.reason()));
    }
    notes.forEach(n -> b.append("note: ").append(n).append('\n'));
    return b.toString();
  }

  @Override
  public String toString() {
    return "Comparison["
        + changes.size()
        + " figures, "
        + regressions().size()
        + " regressions, "
        + improvements().size()
        + " improvements, tolerance "
        + percent(tolerance)
        + "]";
  }

  private static Map<LoadPoint, LoadPoint> match(
      List<BenchmarkReport> baseline, List<BenchmarkReport> candidate, List<String> notes) {
    List<LoadPoint> base = baseline.stream().map(r -> new LoadPoint("baseline", r)).toList();
    List<LoadPoint> cand = candidate.stream().map(r -> new LoadPoint("candidate", r)).toList();
    Map<String, LoadPoint> baseByLabel = byUniqueLabel(base);
    Map<String, LoadPoint> candByLabel = byUniqueLabel(cand);
    Map<LoadPoint, LoadPoint> pairs = new LinkedHashMap<>();
    if (baseByLabel != null && candByLabel != null) {
      for (var e : baseByLabel.entrySet()) {
        LoadPoint c = candByLabel.get(e.getKey());
        if (c == null) {
          notes.add("load point " + e.getKey() + " is only in the baseline");
        } else {
          pairs.put(e.getValue(), c);
        }
      }
      candByLabel.keySet().stream()
          .filter(k -> !baseByLabel.containsKey(k))
          .forEach(k -> notes.add("load point " + k + " is only in the candidate"));
      if (!pairs.isEmpty()) {
        return pairs;
      }
      notes.clear();
    }
    int n = Math.min(base.size(), cand.size());
    for (int i = 0; i < n; i++) {
      pairs.put(base.get(i), cand.get(i));
    }
    if (base.size() != cand.size()) {
      notes.add(
          "the baseline has "
              + base.size()
              + " load points and the candidate "
              + cand.size()
              + "; compared the first "
              + n
              + " in order");
    }
    return pairs;
  }

  private static Map<String, LoadPoint> byUniqueLabel(List<LoadPoint> points) {
    Map<String, LoadPoint> byLabel = new LinkedHashMap<>();
    for (LoadPoint p : points) {
      if (byLabel.put(p.label(), p) != null) {
        return null;
      }
    }
    return byLabel;
  }

  private static void compare(
      LoadPoint base, LoadPoint cand, double tolerance, List<Change> changes) {
    String label =
        base.label().equals(cand.label()) ? base.label() : base.label() + " / " + cand.label();
    long nb = base.successes();
    long nc = cand.successes();
    for (Metric metric : COMPARED) {
      var sb = base.report().statistics(metric);
      var sc = cand.report().statistics(metric);
      if (sb.isEmpty() || sc.isEmpty()) {
        continue;
      }
      String unit = Figures.unit(metric).text();
      if (Figures.higherIsBetter(metric)) {
        OptionalDouble b = Figures.value(sb.get(), metric, "mean");
        OptionalDouble c = Figures.value(sc.get(), metric, "mean");
        if (b.isPresent() && c.isPresent()) {
          changes.add(
              change(
                  label,
                  Figures.shortName(metric),
                  unit,
                  true,
                  b.getAsDouble(),
                  c.getAsDouble(),
                  poisson(b.getAsDouble(), nb),
                  poisson(c.getAsDouble(), nc),
                  nb,
                  nc,
                  tolerance));
        }
        continue;
      }
      for (String key : LATENCY_KEYS) {
        OptionalDouble b = Figures.value(sb.get(), metric, key);
        OptionalDouble c = Figures.value(sc.get(), metric, key);
        if (b.isPresent() && c.isPresent()) {
          double q = Double.parseDouble(key.substring(1));
          changes.add(
              change(
                  label,
                  Figures.shortName(metric) + " " + key,
                  unit,
                  false,
                  b.getAsDouble(),
                  c.getAsDouble(),
                  percentileInterval(metric, sb.get(), q, nb),
                  percentileInterval(metric, sc.get(), q, nc),
                  nb,
                  nc,
                  tolerance));
        }
      }
    }
    var eb = base.report().errorRate();
    var ec = cand.report().errorRate();
    if (eb.isPresent() && ec.isPresent()) {
      long tb = base.report().totalRequests().orElse(0);
      long tc = cand.report().totalRequests().orElse(0);
      // Error rates are compared by their noise alone: any increase the counts show is a change.
      changes.add(
          change(
              label,
              "error rate",
              "fraction",
              false,
              eb.get(),
              ec.get(),
              wilson(eb.get(), tb),
              wilson(ec.get(), tc),
              tb,
              tc,
              0));
    }
  }

  private static Change change(
      String loadPoint,
      String metric,
      String unit,
      boolean higherIsBetter,
      double baseline,
      double candidate,
      Interval bi,
      Interval ci,
      long nb,
      long nc,
      double tolerance) {
    double relative = relative(baseline, candidate);
    boolean worse = higherIsBetter ? candidate < baseline : candidate > baseline;
    Verdict verdict;
    String reason;
    if (Math.abs(relative) <= tolerance) {
      verdict = Verdict.NO_CHANGE;
      reason = "within tolerance (" + percent(tolerance) + ")";
    } else if (bi.overlaps(ci)) {
      verdict = Verdict.NO_CHANGE;
      reason =
          nb == 0 || nc == 0
              ? "sample count unknown: intervals overlap"
              : "within noise (95% intervals overlap at n=" + nb + "/" + nc + ")";
    } else {
      verdict = worse ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
      reason =
          (worse ? "worse" : "better")
              + " beyond tolerance and noise ("
              + (nb == 0 || nc == 0 ? "sample count unknown" : "n=" + nb + "/" + nc)
              + ")";
    }
    return new Change(
        loadPoint, metric, unit, baseline, candidate, bi, ci, nb, nc, verdict, reason);
  }

  private static double relative(double baseline, double candidate) {
    if (baseline == candidate) {
      return 0;
    }
    return baseline == 0
        ? Math.copySign(Double.POSITIVE_INFINITY, candidate)
        : (candidate - baseline) / Math.abs(baseline);
  }

  /**
   * The 95% interval of the q-th percentile of n samples: the order statistics between ranks q -
   * z*sqrt(q(1-q)/n) and q + z*sqrt(q(1-q)/n) (plus one rank), read off the report's percentiles.
   */
  static Interval percentileInterval(Metric metric, Statistics s, double q, long n) {
    double value = Figures.value(s, metric, Statistics.percentileKey(q)).orElse(Double.NaN);
    if (n <= 0) {
      return new Interval(value, value);
    }
    double p = q / 100;
    double halfWidth = (Z95 * Math.sqrt(p * (1 - p) / n) + 1.0 / n) * 100;
    return new Interval(
        quantile(metric, s, Math.max(0, q - halfWidth)),
        quantile(metric, s, Math.min(100, q + halfWidth)));
  }

  /** The value at percentile q (0..100), interpolated between the percentiles the block has. */
  static double quantile(Metric metric, Statistics s, double q) {
    double prevAt = Double.NaN;
    double prevValue = Double.NaN;
    for (int i = 0; i < PERCENTILE_KEYS.length; i++) {
      OptionalDouble v = Figures.value(s, metric, PERCENTILE_KEYS[i]);
      if (v.isEmpty()) {
        continue;
      }
      double at = PERCENTILE_AT[i];
      if (at >= q) {
        if (Double.isNaN(prevAt) || at == prevAt) {
          return v.getAsDouble();
        }
        double f = (q - prevAt) / (at - prevAt);
        return prevValue + f * (v.getAsDouble() - prevValue);
      }
      prevAt = at;
      prevValue = v.getAsDouble();
    }
    return prevValue;
  }

  private static Interval poisson(double rate, long n) {
    if (n <= 0) {
      return new Interval(rate, rate);
    }
    double half = rate * Z95 / Math.sqrt(n);
    return new Interval(rate - half, rate + half);
  }

  private static Interval wilson(double p, long n) {
    if (n <= 0) {
      return new Interval(p, p);
    }
    double z2 = Z95 * Z95;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  static String percent(double fraction) {
    if (Double.isInfinite(fraction)) {
      return fraction > 0 ? "+inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
  }
}
