package ai.llmd.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitSafeReadsTest {

  static BenchmarkReport report(Statistics ttft, Long total, Long failures) {
    Results.Aggregate aggregate =
        new Results.Aggregate(
            new Results.Requests(total, failures, null, null, null, null, null),
            new Results.Latency(ttft, null, null, null, null),
            null);
    Scenario.LoadStandardized load =
        Scenario.LoadStandardized.builder("loadgen").stage(1).rateQps(50.0).build();
    return new BenchmarkReport(
        BenchmarkReport.VERSION,
        BenchmarkReport.Run.of("r-1", new BenchmarkReport.RunTime(null, null, null)),
        new Scenario(
            null,
            new Scenario.Load(
                null,
                load,
                new Scenario.Native(
                    null, null, Map.of("stage_summary", Map.of("client_bottleneck", false))))),
        Results.of(aggregate));
  }

  @Test
  void theSameLatencyInSecondsAndMillisecondsReadsAsTheSameDuration() {
    Statistics seconds = Statistics.builder(Units.S).mean(0.041).p99(0.090).build();
    Statistics millis = Statistics.builder(Units.MS).mean(41.0).p99(90.0).build();

    assertThat(seconds.duration("p99")).contains(Duration.ofMillis(90));
    assertThat(millis.duration("p99")).contains(Duration.ofMillis(90));
    assertThat(seconds.get("p99", Units.MS).orElseThrow()).isCloseTo(90.0, within(1e-9));
    assertThat(millis.get("p99", Units.S).orElseThrow()).isCloseTo(0.090, within(1e-12));
    // the raw value is kept exactly as written
    assertThat(seconds.get("p99")).contains(0.090);
    assertThat(seconds.p99()).isEqualTo(0.090);
  }

  @Test
  void conversionToAnotherUnitConvertsEveryValue() {
    Statistics s = Statistics.builder(Units.S_PER_TOKEN).mean(0.008).p50(0.007).max(0.02).build();
    Statistics ms = s.in(Units.MS_PER_TOKEN);
    assertThat(ms.units()).isEqualTo(Units.MS_PER_TOKEN);
    assertThat(ms.mean()).isCloseTo(8.0, within(1e-9));
    assertThat(ms.p50()).isCloseTo(7.0, within(1e-9));
    assertThat(ms.max()).isCloseTo(20.0, within(1e-9));
    assertThat(ms.p99()).isNull();
    assertThat(s.duration("mean")).contains(Duration.ofMillis(8));
  }

  @Test
  void unitsOfAnotherKindAreRefusedNotConverted() {
    Statistics rate = Statistics.builder(Units.TOKENS_PER_S).mean(500.0).build();
    assertThatThrownBy(() -> rate.duration("mean"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokens/s are not times");
    assertThatThrownBy(() -> rate.get("mean", Units.MS))
        .hasMessageContaining("cannot read values in tokens/s as ms");
    assertThatThrownBy(() -> rate.get("p42")).hasMessageContaining("no key 'p42'");
    assertThat(Units.PERCENT.convert(2, Units.FRACTION)).isCloseTo(0.02, within(1e-15));
    assertThat(Units.GIB.convert(1, Units.MIB)).isEqualTo(1024.0);
    assertThat(Units.GBIT_PER_S.convert(8, Units.GB_PER_S)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void percentileKeysFollowTheReportFormat() {
    assertThat(Statistics.percentileKey(99)).isEqualTo("p99");
    assertThat(Statistics.percentileKey(99.9)).isEqualTo("p99p9");
    assertThat(Statistics.percentileKey(0.1)).isEqualTo("p0p1");
    assertThat(Statistics.percentileKey(100)).isEqualTo("max");
    assertThatThrownBy(() -> Statistics.percentileKey(98))
        .hasMessageContaining("no percentile 98.0");
  }

  @Test
  void shortcutsReadARealReportInItsOwnUnits() throws Exception {
    BenchmarkReport r =
        Reports.read(Path.of(getClass().getResource("/reports/br_v0_2_1_example.yaml").toURI()));
    assertThat(r.ttft().orElseThrow().duration("p99").orElseThrow())
        .isEqualTo(Duration.ofNanos(Math.round(0.05029489721637218 * 1e9)));
    assertThat(r.itl().orElseThrow().units()).isEqualTo(Units.S_PER_TOKEN);
    assertThat(r.totalRequests()).hasValue(500);
    assertThat(r.failedRequests()).hasValue(0);
    assertThat(r.errorRate()).contains(0.0);
    // shortcuts are not report fields: the YAML round-trips unchanged
    assertThat(Reports.toYaml(r))
        .doesNotContain(
            "error_rate", "load_point", "ttft", "client_kept_up", "tool: inference-perf\n  name");
    assertThat(r.toString())
        .isEqualTo(
            "BenchmarkReport[38b1f169ca178b756f7483523b17de61 (inference-perf stage 3, 10"
                + " queries/s, concurrency unbounded), requests 500 (0 failed), TTFT p50/p99"
                + " 36.2/50.3 ms, ITL mean 36.9 ms/token, E2E mean 36.9 ms, 2262.4 output tokens/s]");
  }

  @Test
  void aMissingMetricIsNamedWithItsPlaceInTheReport() {
    BenchmarkReport r = report(null, 10L, 1L);
    assertThat(r.ttft()).isEmpty();
    assertThatThrownBy(() -> r.require(Metric.ITL))
        .isInstanceOf(MissingMetricException.class)
        .hasMessage(
            "report r-1 (loadgen stage 1, 50 queries/s) has no inter-token latency"
                + " (results.request_performance.aggregate.latency.inter_token_latency);"
                + " harness loadgen did not record it");
  }

  @Test
  void countsAndLoadPointAreShortcuts() {
    BenchmarkReport r =
        report(Statistics.builder(Units.MS).mean(40.0).p50(39.0).p99(90.0).build(), 200L, 5L);
    assertThat(r.errorRate()).contains(0.025);
    assertThat(r.stage()).contains(1);
    assertThat(r.requestedRate()).contains(50.0);
    assertThat(r.loadPoint()).isEqualTo("stage 1, 50 queries/s");
    assertThat(r.clientKeptUp()).contains(true);
    assertThat(report(null, null, null).errorRate()).isEmpty();
  }

  @Test
  void toStringIsAShortSummary() {
    BenchmarkReport r =
        report(Statistics.builder(Units.S).mean(0.040).p50(0.039).p99(0.0905).build(), 200L, 5L);
    assertThat(r.toString())
        .isEqualTo(
            "BenchmarkReport[r-1 (loadgen stage 1, 50 queries/s), requests 200 (5 failed),"
                + " TTFT p50/p99 39.0/90.5 ms]");
    assertThat(r.ttft().orElseThrow().toString())
        .isEqualTo("0.04000 s mean, p50 0.03900, p99 0.09050");
  }
}
