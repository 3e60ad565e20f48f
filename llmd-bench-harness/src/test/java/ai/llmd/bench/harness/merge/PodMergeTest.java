package ai.llmd.bench.harness.merge;

import static ai.llmd.bench.harness.Fixtures.assertValid;
import static ai.llmd.bench.harness.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.loadgen.DataSpec;
import ai.llmd.bench.harness.loadgen.LoadGenerator;
import ai.llmd.bench.harness.loadgen.Stage;
import ai.llmd.bench.harness.loadgen.TokenLength;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.report.BenchmarkReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallel pods' results ({@code raw/pod-<i>}) become one report per load point. */
class PodMergeTest {
  @TempDir Path dir;

  @Test
  void perRequestRecordsGiveTheStatisticsOfEveryRequestOfEveryPod() throws Exception {
    // given: the rows of a genuine LMBench CSV split between two pods
    Path csv = resource("fmperf/llmd-LMBench_sharegpt_output_0.5.csv");
    List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).toList();
    int half = lines.size() / 2;
    String name = "LMBench_sharegpt_output_0.5.csv";
    Path raw = dir.resolve("raw");
    write(raw.resolve("pod-0").resolve(name), lines.subList(0, 1), lines.subList(1, half));
    write(
        raw.resolve("pod-1").resolve(name), lines.subList(0, 1), lines.subList(half, lines.size()));
    ResultTransformer fmperf = Harnesses.get("fmperf").transformer();

    // when
    List<BenchmarkReport> merged = fmperf.transform(raw);

    // then: one report, whose distributions are those of all rows together
    assertValid(merged);
    assertThat(merged).hasSize(1);
    BenchmarkReport whole = fmperf.transform(csv).get(0);
    var m = merged.get(0).results().requestPerformance().aggregate();
    var w = whole.results().requestPerformance().aggregate();
    assertThat(m.requests().total()).isEqualTo(w.requests().total());
    assertThat(m.latency().timeToFirstToken()).isEqualTo(w.latency().timeToFirstToken());
    assertThat(m.latency().requestLatency().p90()).isEqualTo(w.latency().requestLatency().p90());
    // TPOT from records is (e2e - ttft) / (n - 1); the CSV's generation_time differs by rounding
    assertThat(m.latency().timePerOutputToken().p50())
        .isCloseTo(
            w.latency().timePerOutputToken().p50(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(m.requests().outputLength().p99()).isEqualTo(w.requests().outputLength().p99());
    // rates of pods running side by side add up
    var load = merged.get(0).scenario().load().standardized();
    assertThat(load.rateQps()).isEqualTo(1.0);
    assertThat(load.parallelism()).isEqualTo(2);
    List<BenchmarkReport> pods =
        List.of(
            fmperf.transform(raw.resolve("pod-0")).get(0),
            fmperf.transform(raw.resolve("pod-1")).get(0));
    assertThat(m.throughput().requestRate().mean())
        .isEqualTo(
            pods.get(0).results().requestPerformance().aggregate().throughput().requestRate().mean()
                + pods.get(1)
                    .results()
                    .requestPerformance()
                    .aggregate()
                    .throughput()
                    .requestRate()
                    .mean());
    assertThat(note(merged.get(0))).contains("request records of 2 pods");
  }

  @Test
  void loadgenRequestLogsMergeIntoOneReportPerStage() throws Exception {
    // given: two pods' genuine loadgen output
    Path raw = dir.resolve("raw");
    try (Simulator sim = Simulator.builder().start()) {
      for (int i = 0; i < 2; i++) {
        LoadGenerator.builder()
            .endpoint(sim.endpoint())
            .model(sim.model())
            .data(DataSpec.random(TokenLength.fixed(16), TokenLength.fixed(4)))
            .stage(Stage.rate(20, Duration.ofMillis(500)))
            .stage(Stage.rate(40, Duration.ofMillis(500)))
            .build()
            .run(raw.resolve("pod-" + i));
      }
    }
    ResultTransformer loadgen = Harnesses.get("loadgen").transformer();

    // when
    List<BenchmarkReport> merged = loadgen.transform(raw, dir.resolve("reports"));

    // then: a report per stage, counting the requests of both pods
    assertValid(merged);
    assertThat(merged).hasSize(2);
    for (int stage = 0; stage < 2; stage++) {
      long total = 0;
      for (int pod = 0; pod < 2; pod++) {
        total +=
            loadgen
                .transform(raw.resolve("pod-" + pod))
                .get(stage)
                .results()
                .requestPerformance()
                .aggregate()
                .requests()
                .total();
      }
      var agg = merged.get(stage).results().requestPerformance().aggregate();
      assertThat(agg.requests().total()).isEqualTo(total);
      assertThat(agg.latency().timeToFirstToken().p99()).isNotNull();
      assertThat(agg.latency().interTokenLatency().p50()).isNotNull();
      assertThat(agg.requests().outputLength().mean()).isEqualTo(4.0);
    }
    assertThat(merged.get(1).scenario().load().standardized().rateQps()).isEqualTo(80.0);
    assertThat(Files.list(dir.resolve("reports")).count()).isEqualTo(2);
  }

  @Test
  void summariesOnlyGiveSummedCountsPerPodReportsAndANote() throws Exception {
    // given: inference-perf's stage summaries (no per-request records) from two pods
    Path stage = resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json");
    Path raw = dir.resolve("raw");
    for (int i = 0; i < 2; i++) {
      Files.createDirectories(raw.resolve("pod-" + i));
      Files.copy(stage, raw.resolve("pod-" + i).resolve("stage_0_lifecycle_metrics.json"));
    }
    ResultTransformer ip = Harnesses.get("inference-perf").transformer();
    BenchmarkReport single = ip.transform(stage).get(0);

    // when
    List<BenchmarkReport> reports = ip.transform(raw);

    // then: the merged report, then each pod's own
    assertValid(reports);
    assertThat(reports).hasSize(3);
    var merged = reports.get(0).results().requestPerformance().aggregate();
    var one = single.results().requestPerformance().aggregate();
    assertThat(merged.requests().total()).isEqualTo(2 * one.requests().total());
    assertThat(merged.throughput().outputTokenRate().mean())
        .isEqualTo(2 * one.throughput().outputTokenRate().mean());
    assertThat(merged.latency().timeToFirstToken().mean())
        .isCloseTo(
            one.latency().timeToFirstToken().mean(), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(merged.latency().timeToFirstToken().p90()).isNull();
    assertThat(note(reports.get(0))).contains("percentiles could not be merged");
    assertThat(reports.get(1).results()).isEqualTo(single.results());
    Map<String, Object> files = new java.util.TreeMap<>();
    ip.transform(raw, dir.resolve("reports"));
    Files.list(dir.resolve("reports")).forEach(p -> files.put(p.getFileName().toString(), p));
    assertThat(files.keySet())
        .containsExactly(
            "benchmark_report_v0.2.1,_pod-0_stage_0_lifecycle_metrics.json.yaml",
            "benchmark_report_v0.2.1,_pod-1_stage_0_lifecycle_metrics.json.yaml",
            "benchmark_report_v0.2.1,_stage_0_lifecycle_metrics.json.yaml");
  }

  @Test
  void guidellmRequestListsMergeWithPercentilesOverEveryRequest() throws Exception {
    // given: a genuine guidellm sweep with every request kept, run by two pods
    Path sweep = resource("guidellm/v0.2-sweep-mistral7b-guidellm-evaluate-20250423-1820.json");
    Path raw = dir.resolve("raw");
    for (int i = 0; i < 2; i++) {
      Files.createDirectories(raw.resolve("pod-" + i));
      Files.copy(sweep, raw.resolve("pod-" + i).resolve("benchmarks.json"));
    }
    ResultTransformer guidellm = Harnesses.get("guidellm").transformer();
    List<BenchmarkReport> single = guidellm.transform(sweep);

    // when
    List<BenchmarkReport> merged = guidellm.transform(raw);

    // then: one report per benchmark, twice the requests, statistics over all of them
    assertValid(merged);
    assertThat(merged).hasSize(single.size());
    for (int i = 0; i < single.size(); i++) {
      var m = merged.get(i).results().requestPerformance().aggregate();
      var one = single.get(i).results().requestPerformance().aggregate();
      assertThat(m.requests().total()).isEqualTo(2 * one.requests().total());
      assertThat(m.latency().timeToFirstToken().units())
          .isEqualTo(one.latency().timeToFirstToken().units());
      assertThat(m.latency().timeToFirstToken().mean())
          .isCloseTo(
              one.latency().timeToFirstToken().mean(), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(m.latency().requestLatency().max())
          .isEqualTo(one.latency().requestLatency().max());
      assertThat(m.latency().timeToFirstToken().p99()).isNotNull();
      assertThat(note(merged.get(i))).contains("request records of 2 pods");
    }
  }

  @SuppressWarnings("unchecked")
  static String note(BenchmarkReport r) {
    Map<String, Object> config = (Map<String, Object>) r.scenario().load().nativeConfig().config();
    return String.valueOf(((Map<String, Object>) config.get("parallel")).get("note"));
  }

  private static void write(Path file, List<String> header, List<String> rows) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, java.util.stream.Stream.concat(header.stream(), rows.stream()).toList());
  }
}
