package ai.llmd.bench.report.view;

import static ai.llmd.bench.assertj.BenchAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Units;
import org.junit.jupiter.api.Test;

class NoWorseThanAssertionTest {
  private final BenchmarkReport baseline = TestReports.point(0, 20, 50_000, 0, 0, 100, Units.S);

  @Test
  void passesWithinToleranceOrNoiseAndAcrossUnits() {
    assertThat(TestReports.point(0, 20, 50_000, 0, 0, 103, Units.MS)).isNoWorseThan(baseline, 0.05);
    // 20 % slower, but over 10 requests only: within noise
    assertThat(TestReports.point(0, 20, 10, 0, 0, 120, Units.MS))
        .isNoWorseThan(TestReports.point(0, 20, 10, 0, 0, 100, Units.MS), 0.05);
  }

  @Test
  void failsNamingEveryRegressedFigure() {
    BenchmarkReport slower = TestReports.point(0, 20, 50_000, 0, 0, 130, Units.MS);
    assertThatThrownBy(() -> assertThat(slower).isNoWorseThan(baseline, 0.05))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to be no worse than baseline uid-0")
        .hasMessageContaining("20 req/s TTFT p99: 99 -> 129 ms (+30.0%) REGRESSION")
        .hasMessageContaining("E2E p50");
  }
}
