package ai.llmd.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.harness.support.LoadPoints;
import ai.llmd.bench.report.Concurrency;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Scenario;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadPointNamesTest {

  private static LoadPointReport point(Integer stage, Double rate, Concurrency concurrency) {
    Scenario.LoadStandardized.Builder load = Scenario.LoadStandardized.builder("t").stage(stage);
    if (rate != null) {
      load.rateQps(rate);
    }
    if (concurrency != null) {
      load.concurrency(concurrency);
    }
    return new LoadPointReport(
        "native.json",
        LoadPoints.report(
            null,
            load.build(),
            Map.of(),
            null,
            Results.of(new Results.Aggregate(Results.Requests.counts(1L, 0L), null, null))));
  }

  @Test
  void aLoadPointIsNamedByStageRateAndConcurrency() {
    assertThat(point(3, 2.0, null).fileName())
        .isEqualTo("benchmark_report_v0.2.1,_stage_3_rate_2.yaml");
    assertThat(point(0, 0.25, Concurrency.of(8)).fileName())
        .isEqualTo("benchmark_report_v0.2.1,_stage_0_rate_0.25_concurrency_8.yaml");
    assertThat(point(1, null, Concurrency.UNBOUNDED).fileName())
        .isEqualTo("benchmark_report_v0.2.1,_stage_1_concurrency_inf.yaml");
    assertThat(point(null, null, null).fileName())
        .isEqualTo("benchmark_report_v0.2.1,_stage_0.yaml");
  }

  @Test
  void namesInASourceStayDistinct() {
    // the tool's own stage numbers when they are distinct
    assertThat(LoadPointReport.fileNames(List.of(point(0, 1.0, null), point(6, 9.0, null))))
        .containsExactly(
            "benchmark_report_v0.2.1,_stage_0_rate_1.yaml",
            "benchmark_report_v0.2.1,_stage_6_rate_9.yaml");
    // positions when they repeat, or one is missing, even for the same load
    assertThat(LoadPointReport.fileNames(List.of(point(0, 10.0, null), point(0, 10.0, null))))
        .containsExactly(
            "benchmark_report_v0.2.1,_stage_0_rate_10.yaml",
            "benchmark_report_v0.2.1,_stage_1_rate_10.yaml");
    assertThat(LoadPointReport.fileNames(List.of(point(5, null, null), point(null, null, null))))
        .containsExactly(
            "benchmark_report_v0.2.1,_stage_0.yaml", "benchmark_report_v0.2.1,_stage_1.yaml");
  }
}
