package ai.llmd.bench.report.view;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Scenario;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;

/** Reports built from known figures, for the view tests. */
final class TestReports {
  private TestReports() {}

  /**
   * A load point at {@code rate} req/s whose latencies follow a uniform distribution between {@code
   * lowMs} and {@code highMs}, written in {@code units} (S or MS) as harnesses do.
   */
  static BenchmarkReport point(
      int stage, double rate, long total, long failures, double lowMs, double highMs, Units units) {
    double scale = units == Units.S ? 0.001 : 1;
    Statistics latency = uniform(lowMs * scale, highMs * scale, units);
    Statistics tpot =
        uniform(
            lowMs / 10 * scale,
            highMs / 10 * scale,
            units == Units.S ? Units.S_PER_TOKEN : Units.MS_PER_TOKEN);
    Results.Aggregate aggregate =
        new Results.Aggregate(
            Results.Requests.counts(total, failures),
            new Results.Latency(latency, null, tpot, tpot.withUnits(units), latency),
            new Results.Throughput(
                null,
                Statistics.mean(rate * 32, Units.TOKENS_PER_S),
                null,
                Statistics.mean(rate * 0.98, Units.QUERIES_PER_S)));
    Scenario.Load load =
        new Scenario.Load(
            null,
            Scenario.LoadStandardized.builder("loadgen").stage(stage).rateQps(rate).build(),
            null);
    return new BenchmarkReport(
        BenchmarkReport.VERSION,
        BenchmarkReport.Run.of("uid-" + stage, null),
        new Scenario(null, load),
        Results.of(aggregate));
  }

  /** Percentiles of a uniform distribution over [low, high]. */
  static Statistics uniform(double low, double high, Units units) {
    Statistics.Builder b = Statistics.builder(units).mean((low + high) / 2).min(low).max(high);
    for (String key : new String[] {"p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99"}) {
      double q = Double.parseDouble(key.substring(1)) / 100;
      b.set(key, low + q * (high - low));
    }
    b.set("p99p9", low + 0.999 * (high - low));
    return b.build();
  }
}
