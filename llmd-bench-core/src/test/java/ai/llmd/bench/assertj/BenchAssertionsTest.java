package ai.llmd.bench.assertj;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Scenario;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.error.AssertJMultipleFailuresError;
import org.junit.jupiter.api.Test;

class BenchAssertionsTest {

  /** A loadgen-like report: TTFT in the given units, 200 requests, 4 failed, stage 1 at 50 qps. */
  static BenchmarkReport report(Statistics ttft, boolean bottleneck) {
    Results.Aggregate aggregate =
        new Results.Aggregate(
            new Results.Requests(200L, 4L, null, null, null, null, null),
            new Results.Latency(
                ttft,
                null,
                Statistics.builder(Units.MS_PER_TOKEN).mean(8.0).p99(12.0).build(),
                null,
                null),
            new Results.Throughput(
                null,
                Statistics.builder(Units.TOKENS_PER_S).mean(510.0).build(),
                null,
                Statistics.builder(Units.QUERIES_PER_S).mean(49.5).build()));
    return new BenchmarkReport(
        BenchmarkReport.VERSION,
        BenchmarkReport.Run.of("r-1", new BenchmarkReport.RunTime(null, null, null)),
        new Scenario(
            null,
            new Scenario.Load(
                new Scenario.LoadMetadata(null, null, bottleneck ? "client bottleneck: cpu" : null),
                Scenario.LoadStandardized.builder("loadgen").stage(1).rateQps(50.0).build(),
                new Scenario.Native(
                    null, null, Map.of("stage_summary", Map.of("client_bottleneck", bottleneck))))),
        Results.of(aggregate));
  }

  static final BenchmarkReport IN_SECONDS =
      report(Statistics.builder(Units.S).mean(0.1).p99(0.25).build(), false);
  static final BenchmarkReport IN_MILLIS =
      report(Statistics.builder(Units.MS).mean(100.0).p99(250.0).build(), false);

  @Test
  void limitsHoldWhateverTheReportUnits() {
    for (BenchmarkReport r : new BenchmarkReport[] {IN_SECONDS, IN_MILLIS}) {
      assertThatCode(
              () ->
                  BenchAssertions.assertThat(r)
                      .ttftAtMost(99, Duration.ofMillis(250))
                      .tpotAtMost(99, Duration.ofMillis(12))
                      .outputTokenRateAtLeast(500)
                      .requestRateAtLeast(49)
                      .errorRateAtMost(0.02)
                      .hasAtLeastRequests(200)
                      .clientKeptUp())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void aLatencyOverTheLimitNamesValueLimitUnitLoadPointAndSamples() {
    // 0.25 s is over 100 ms: a bare "p99() < 100" on this report would have passed
    assertThatThrownBy(
            () -> BenchAssertions.assertThat(IN_SECONDS).ttftAtMost(99, Duration.ofMillis(100)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "Expected p99 time to first token of report r-1 (loadgen stage 1, 50 queries/s)"
                + " [200 requests] to be at most 100 ms but was 250 ms (0.25 s in the report)");
  }

  @Test
  void throughputErrorsAndClientAreChecked() {
    assertThatThrownBy(() -> BenchAssertions.assertThat(IN_MILLIS).outputTokenRateAtLeast(600))
        .hasMessageContaining(
            "mean output token throughput of report r-1 (loadgen stage 1, 50 queries/s) [200"
                + " requests] to be at least 600 tokens/s but was 510 tokens/s");
    assertThatThrownBy(() -> BenchAssertions.assertThat(IN_MILLIS).errorRateAtMost(0.01))
        .hasMessageContaining(
            "to be at most 0.01 (fraction) but was 0.02 (4 of 200 requests failed)");
    BenchmarkReport behind = report(Statistics.builder(Units.MS).mean(1.0).build(), true);
    assertThatThrownBy(() -> BenchAssertions.assertThat(behind).clientKeptUp())
        .hasMessageContaining("Expected the client to keep up")
        .hasMessageContaining("client bottleneck: cpu");
  }

  @Test
  void aMissingValueFailsInsteadOfPassing() {
    assertThatThrownBy(
            () -> BenchAssertions.assertThat(IN_MILLIS).itlAtMost(99, Duration.ofSeconds(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "Expected p99 inter-token latency in report r-1 (loadgen stage 1, 50 queries/s) [200"
                + " requests] but the report has none"
                + " (results.request_performance.aggregate.latency.inter_token_latency)");
    // TTFT block present without a p90
    assertThatThrownBy(
            () -> BenchAssertions.assertThat(IN_MILLIS).ttftAtMost(90, Duration.ofSeconds(1)))
        .hasMessageContaining("latency.time_to_first_token.p90");
    assertThatThrownBy(
            () -> BenchAssertions.assertThat(IN_MILLIS).ttftAtMost(98, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void softAssertionsReportEveryFailure() {
    assertThatThrownBy(
            () ->
                BenchSoftAssertions.assertSoftly(
                    softly -> {
                      softly.assertThat(IN_SECONDS).ttftAtMost(99, Duration.ofMillis(100));
                      softly.assertThat(IN_SECONDS).errorRateAtMost(0.01);
                      softly.assertThat(IN_SECONDS).outputTokenRateAtLeast(100);
                    }))
        .isInstanceOf(AssertJMultipleFailuresError.class)
        .hasMessageContaining("Multiple Failures (2 failures)")
        .hasMessageContaining("time to first token")
        .hasMessageContaining("error rate");
  }
}
