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
    String point = new ai.llmd.bench.harness.LoadPointReport("x", single).loadPoint(0);
    assertThat(files.keySet())
        .containsExactly(
            "benchmark_report_v0.2.1,_pod-0_" + point + ".yaml",
            "benchmark_report_v0.2.1,_pod-1_" + point + ".yaml",
            // the merged report carries the summed rate
            "benchmark_report_v0.2.1,_"
                + new ai.llmd.bench.harness.LoadPointReport("x", reports.get(0)).loadPoint(0)
                + ".yaml");
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

  @Test
  void inferencePerfPerRequestFilesGiveExactStatisticsForAOneStageRun() throws Exception {
    // given: two pods of a one-stage run with per_request_lifecycle_metrics.json, in the shape
    // inference-perf's reportgen writes (no genuine sample exists): streamed token times, one error
    Path stage = resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json");
    Path raw = dir.resolve("raw");
    double[][] ttfts = {{0.10, 0.20}, {0.30, 0.40}};
    for (int pod = 0; pod < 2; pod++) {
      Path p = Files.createDirectories(raw.resolve("pod-" + pod));
      Files.copy(stage, p.resolve("stage_0_lifecycle_metrics.json"));
      StringBuilder json = new StringBuilder("[");
      for (int r = 0; r < 2; r++) {
        double start = 1000 + r;
        double first = start + ttfts[pod][r];
        json.append(
            String.format(
                java.util.Locale.ROOT,
                "{\"start_time\": %.3f, \"end_time\": %.3f, \"request\": \"{}\", \"response\": \"\","
                    + " \"info\": {\"request_metrics\": {\"text\": {\"input_tokens\": 10}},"
                    + " \"response_metrics\": {\"output_tokens\": 3,"
                    + " \"output_token_times\": [%.3f, %.3f, %.3f]}, \"input_tokens\": 10},"
                    + " \"error\": null},",
                start,
                first + 0.1,
                first,
                first + 0.05,
                first + 0.1));
      }
      json.append(
          "{\"start_time\": 1003.0, \"end_time\": 1003.5, \"request\": \"{}\", \"response\": null,"
              + " \"info\": {\"input_tokens\": 10, \"output_tokens\": 0},"
              + " \"error\": {\"error_type\": \"ClientResponseError\", \"error_msg\": \"500\"}}]");
      Files.writeString(p.resolve("per_request_lifecycle_metrics.json"), json);
    }

    // when
    List<BenchmarkReport> reports = Harnesses.get("inference-perf").transformer().transform(raw);

    // then: one report; TTFT over the four successful requests of both pods, in seconds
    assertValid(reports);
    assertThat(reports).hasSize(1);
    var agg = reports.get(0).results().requestPerformance().aggregate();
    var ttft = agg.latency().timeToFirstToken();
    assertThat(ttft.units()).isEqualTo(ai.llmd.bench.report.Units.S);
    assertThat(ttft.min()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ttft.max()).isCloseTo(0.40, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ttft.p50()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(agg.latency().interTokenLatency().mean())
        .isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(agg.requests().outputLength().mean()).isEqualTo(3.0);
    assertThat(note(reports.get(0))).contains("request records of 2 pods");
  }

  @Test
  void vllmDetailedResultsMergeInMilliseconds() throws Exception {
    // given: a genuine vLLM result with the --save-detailed arrays added (seconds), in two pods
    Path result = resource("vllm-benchmark/llmd-benchmark_2025-05-13_04-55-27.json");
    Path raw = dir.resolve("raw");
    for (int pod = 0; pod < 2; pod++) {
      var doc =
          (tools.jackson.databind.node.ObjectNode)
              ai.llmd.bench.report.Reports.jsonMapper().readTree(result.toFile());
      doc.putArray("ttfts").add(0.010 + pod).add(0.020 + pod);
      var itls = doc.putArray("itls");
      itls.addArray().add(0.005).add(0.007);
      itls.addArray().add(0.006);
      doc.putArray("input_lens").add(100).add(100);
      doc.putArray("output_lens").add(3).add(2);
      doc.putArray("errors").add("").add("");
      Path p = Files.createDirectories(raw.resolve("pod-" + pod));
      ai.llmd.bench.report.Reports.jsonMapper().writeValue(p.resolve("result.json").toFile(), doc);
    }

    // when
    List<BenchmarkReport> reports = Harnesses.get("vllm-benchmark").transformer().transform(raw);

    // then
    assertValid(reports);
    assertThat(reports).hasSize(1);
    var latency = reports.get(0).results().requestPerformance().aggregate().latency();
    assertThat(latency.timeToFirstToken().units()).isEqualTo(ai.llmd.bench.report.Units.MS);
    assertThat(latency.timeToFirstToken().max())
        .isCloseTo(1020.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(latency.interTokenLatency().units())
        .isEqualTo(ai.llmd.bench.report.Units.MS_PER_TOKEN);
    assertThat(latency.interTokenLatency().min())
        .isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(latency.interTokenLatency().max())
        .isCloseTo(7.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(note(reports.get(0))).contains("request records of 2 pods");
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
