package ai.llmd.bench.harness;

import static ai.llmd.bench.harness.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.harness.loadgen.DataSpec;
import ai.llmd.bench.harness.loadgen.LoadGenerator;
import ai.llmd.bench.harness.loadgen.Stage;
import ai.llmd.bench.harness.loadgen.TokenLength;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.io.Paths2;
import ai.llmd.bench.testkit.PyYaml;
import ai.llmd.bench.testkit.ReadBack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every report written from the genuine sample outputs, through every transformer, reads the same
 * in a YAML 1.1 reader (SnakeYAML 1.x; PyYAML too when installed) as in ours, and what they read
 * passes the upstream v0.2.1 JSON Schema.
 */
class WrittenReportsTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "inference-perf, inference-perf/kubecon2025",
    "inference-perf, inference-perf/fixture/llmd-fixture-inference_perf_lifecycle.yaml",
    "guidellm, guidellm/v0.2-0.3-benchmarks_stripped.json",
    "guidellm, guidellm/v0.2-0.3-benchmarks_stripped.yaml",
    "guidellm, guidellm/v0.2-sweep-mistral7b-guidellm-evaluate-20250423-1820.json",
    "guidellm, guidellm/v0.8dev-schema2-guidellm_report_v2.json",
    "vllm-benchmark, vllm-benchmark/benchmark_serving-2025-05-30-results.jsonl",
    "vllm-benchmark, vllm-benchmark/llmd-benchmark_2025-05-13_04-55-27.json",
    "fmperf, fmperf/llmd-LMBench_sharegpt_output_0.5.csv",
    "fmperf, fmperf/parse_results-summary-result0.csv"
  })
  void everyWrittenReportReadsTheSameInYaml11Readers(String harness, String sample) {
    // when
    Harnesses.get(harness).transformer().transform(resource(sample), dir);

    // then
    assertReadBackCleanly(dir);
  }

  @Test
  void loadgenReportsReadTheSameInYaml11Readers() {
    // given: a genuine loadgen output, from a short run against the simulator
    try (Simulator sim = Simulator.builder().start()) {
      LoadGenerator.builder()
          .endpoint(sim.endpoint())
          .model(sim.model())
          .data(DataSpec.random(TokenLength.fixed(16), TokenLength.fixed(4)))
          .stage(Stage.rate(20, Duration.ofMillis(500)))
          .build()
          .run(dir.resolve("raw"));
    }

    // when
    Harnesses.get("loadgen").transformer().transform(dir.resolve("raw"), dir.resolve("reports"));

    // then
    assertReadBackCleanly(dir.resolve("reports"));
  }

  @Test
  void mergedReportsOfParallelPodsReadTheSameInYaml11Readers() throws Exception {
    // given: two pods' output, summaries only (a merged report plus the per-pod reports)
    Path raw = dir.resolve("raw");
    for (int i = 0; i < 2; i++) {
      java.nio.file.Files.createDirectories(raw.resolve("pod-" + i));
      java.nio.file.Files.copy(
          resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json"),
          raw.resolve("pod-" + i).resolve("stage_0_lifecycle_metrics.json"));
    }

    // when
    Harnesses.get("inference-perf").transformer().transform(raw, dir.resolve("reports"));

    // then
    assertReadBackCleanly(dir.resolve("reports"));
  }

  private static void assertReadBackCleanly(Path reports) {
    List<Path> files = Paths2.files(reports, n -> n.endsWith(".yaml"));
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      assertThat(ReadBack.problems(f)).as("%s (PyYAML: %s)", f, PyYaml.available()).isEmpty();
    }
  }

  @Test
  void pyYamlReadsTheRunTimesAsTextAndTheFloatsAsNumbers(@TempDir Path out) {
    // The read-backs above include PyYAML only where it runs: where it does not, say so loudly.
    org.junit.jupiter.api.Assumptions.assumeTrue(
        PyYaml.available(),
        "no python3 with PyYAML (Debian: python3-yaml, which .ci/run installs): reports were read"
            + " back with SnakeYAML 1.x only");
    // the two examples: a timestamp and a float in exponent form
    var report =
        new ai.llmd.bench.report.BenchmarkReport(
            ai.llmd.bench.report.BenchmarkReport.VERSION,
            ai.llmd.bench.report.BenchmarkReport.Run.of(
                "u-1",
                new ai.llmd.bench.report.BenchmarkReport.RunTime(
                    "2025-05-30T19:47:02.155275Z", "2025-05-30T19:47:52.125275Z", "PT49.97S")),
            null,
            ai.llmd.bench.report.Results.of(
                new ai.llmd.bench.report.Results.Aggregate(
                    ai.llmd.bench.report.Results.Requests.counts(10, 0L),
                    null,
                    new ai.llmd.bench.report.Results.Throughput(
                        null,
                        ai.llmd.bench.report.Statistics.mean(
                            1.197706808888889E8, ai.llmd.bench.report.Units.TOKENS_PER_S),
                        null,
                        null))));
    Path file = out.resolve("r.yaml");
    ai.llmd.bench.report.Reports.write(report, file);
    var doc = PyYaml.read(file);
    assertThat(doc.path("run").path("time").path("start").asString())
        .isEqualTo("2025-05-30T19:47:02.155275Z");
    var mean =
        doc.path("results")
            .path("request_performance")
            .path("aggregate")
            .path("throughput")
            .path("output_token_rate")
            .path("mean");
    assertThat(mean.isNumber()).as("%s read as a number", mean).isTrue();
    assertThat(mean.asDouble()).isEqualTo(1.197706808888889E8);
  }
}
