package ai.llmd.bench.report.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Metric;
import ai.llmd.bench.report.Units;
import ai.llmd.bench.report.view.Comparison.Change;
import ai.llmd.bench.report.view.Comparison.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  private static Change find(Comparison c, String metric) {
    return c.changes().stream().filter(ch -> ch.metric().equals(metric)).findFirst().orElseThrow();
  }

  @Test
  void aLargeMoveOverManySamplesIsARegressionAndUnitsAreAligned() {
    // Baseline in seconds (inference-perf style), candidate in ms: TTFT p99 goes 99 -> 118.8 ms.
    BenchmarkReport base = TestReports.point(0, 20, 50_000, 0, 0, 100, Units.S);
    BenchmarkReport cand = TestReports.point(0, 20, 50_000, 0, 0, 120, Units.MS);
    Comparison c = Comparison.of(base, cand);
    Change p99 = find(c, "TTFT p99");
    assertThat(p99.baseline()).isEqualTo(99.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(p99.candidate()).isEqualTo(118.8, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(p99.unit()).isEqualTo("ms");
    assertThat(p99.relativeChange()).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(p99.verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(c.hasRegressions()).isTrue();
    assertThat(c.regressions()).extracting(Change::metric).contains("TTFT p50", "E2E p99");
  }

  @Test
  void theSameMoveOverFewSamplesIsNoise() {
    BenchmarkReport base = TestReports.point(0, 20, 10, 0, 0, 100, Units.MS);
    BenchmarkReport cand = TestReports.point(0, 20, 10, 0, 0, 120, Units.MS);
    Change p99 = find(Comparison.of(base, cand), "TTFT p99");
    assertThat(p99.verdict()).isEqualTo(Verdict.NO_CHANGE);
    assertThat(p99.reason()).contains("within noise").contains("n=10/10");
    // With 10 samples the p99 could be anything from the p83 to the max (the max of 10 uniform
    // draws
    // stays below 100 of 120 with probability 0.16): ranks allow no finer statement.
    assertThat(p99.baselineInterval().high()).isEqualTo(100.0);
  }

  @Test
  void changesWithinTheToleranceAreNoChangeAndImprovementsAreNamed() {
    BenchmarkReport base = TestReports.point(0, 20, 50_000, 0, 0, 100, Units.MS);
    BenchmarkReport small = TestReports.point(0, 20, 50_000, 0, 0, 103, Units.MS);
    BenchmarkReport better = TestReports.point(0, 20, 50_000, 0, 0, 70, Units.MS);
    assertThat(find(Comparison.of(base, small), "TTFT p99").verdict()).isEqualTo(Verdict.NO_CHANGE);
    assertThat(find(Comparison.of(base, small), "TTFT p99").reason()).contains("tolerance");
    assertThat(find(Comparison.of(base, small, 0.01), "TTFT p99").verdict())
        .isEqualTo(Verdict.REGRESSION);
    assertThat(find(Comparison.of(base, better), "TTFT p99").verdict())
        .isEqualTo(Verdict.IMPROVEMENT);
  }

  @Test
  void moreFailuresAreARegressionOnlyWhenTheCountsShowIt() {
    BenchmarkReport base = TestReports.point(0, 20, 10_000, 0, 0, 100, Units.MS);
    BenchmarkReport fails = TestReports.point(0, 20, 10_000, 500, 0, 100, Units.MS);
    BenchmarkReport oneFail = TestReports.point(0, 20, 100, 1, 0, 100, Units.MS);
    BenchmarkReport none = TestReports.point(0, 20, 100, 0, 0, 100, Units.MS);
    assertThat(find(Comparison.of(base, fails), "error rate").verdict())
        .isEqualTo(Verdict.REGRESSION);
    assertThat(find(Comparison.of(none, oneFail), "error rate").verdict())
        .isEqualTo(Verdict.NO_CHANGE);
  }

  @Test
  void loadPointsAreMatchedByRequestedRateNotPosition() {
    List<BenchmarkReport> base =
        List.of(
            TestReports.point(0, 10, 5000, 0, 0, 50, Units.MS),
            TestReports.point(1, 20, 5000, 0, 0, 100, Units.MS));
    List<BenchmarkReport> cand =
        List.of(
            TestReports.point(0, 20, 5000, 0, 0, 100, Units.MS),
            TestReports.point(1, 40, 5000, 0, 0, 300, Units.MS));
    Comparison c = Comparison.of(base, cand);
    assertThat(c.changes()).extracting(Change::loadPoint).containsOnly("20 req/s");
    assertThat(c.hasRegressions()).isFalse();
    assertThat(c.notes())
        .containsExactly(
            "load point 10 req/s is only in the baseline",
            "load point 40 req/s is only in the candidate");
    assertThat(c.toTable()).contains("20 req/s").contains("TTFT p99").contains("no change");
  }

  @Test
  void badInputIsRefusedWithTheReason() {
    BenchmarkReport r = TestReports.point(0, 20, 10, 0, 0, 100, Units.MS);
    assertThatThrownBy(() -> Comparison.of(List.of(r), List.of(r), -0.1))
        .hasMessageContaining("tolerance must be a fraction >= 0");
    assertThatThrownBy(() -> Comparison.of(List.of(), List.of(r)))
        .hasMessageContaining("the baseline has no reports");
  }

  @Test
  void percentileIntervalsFollowTheOrderStatistics() {
    var s = TestReports.uniform(0, 100, Units.MS);
    // n = 10,000: p50 +- 1.96*0.5/100 + 1/n -> ranks 49.01..50.99
    Comparison.Interval i = Comparison.percentileInterval(Metric.TTFT, s, 50, 10_000);
    assertThat(i.low()).isEqualTo(49.01, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(i.high()).isEqualTo(50.99, org.assertj.core.data.Offset.offset(1e-9));
  }
}
