package ai.llmd.bench.harness.inferenceperf;

import static ai.llmd.bench.harness.Fixtures.assertStats;
import static ai.llmd.bench.harness.Fixtures.assertValid;
import static ai.llmd.bench.harness.Fixtures.json;
import static ai.llmd.bench.harness.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.ResultTransformException;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.support.Stats;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.report.Units;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class InferencePerfTransformerTest {
  private final ResultTransformer transformer = Harnesses.get("inference-perf").transformer();
  @TempDir Path dir;

  @Test
  void resultsDirectoryGivesOneReportPerStageFileWithTheNumbersOfTheFile() {
    // given
    Path results = resource("inference-perf/kubecon2025");

    // when
    List<BenchmarkReport> reports = transformer.transform(results);

    // then: stage 0 and 6; the summary and Prometheus files are not load points
    assertValid(reports);
    assertThat(reports).hasSize(2);
    for (BenchmarkReport report : reports) {
      int stage = report.scenario().load().standardized().stage();
      JsonNode in = json(results.resolve("stage_" + stage + "_lifecycle_metrics.json"));
      var agg = report.results().requestPerformance().aggregate();
      JsonNode ok = in.get("successes");
      assertThat(agg.requests().total()).isEqualTo(in.at("/load_summary/count").asLong());
      assertThat(agg.requests().failures()).isEqualTo(in.at("/failures/count").asLong());
      assertStats(
          agg.requests().inputLength(), ok.get("prompt_len"), Stats.INFERENCE_PERF, Units.COUNT);
      assertStats(
          agg.requests().outputLength(), ok.get("output_len"), Stats.INFERENCE_PERF, Units.COUNT);
      JsonNode lat = ok.get("latency");
      assertStats(
          agg.latency().timeToFirstToken(),
          lat.get("time_to_first_token"),
          Stats.INFERENCE_PERF,
          Units.S);
      assertStats(
          agg.latency().requestLatency(),
          lat.get("request_latency"),
          Stats.INFERENCE_PERF,
          Units.S);
      assertStats(
          agg.latency().timePerOutputToken(),
          lat.get("time_per_output_token"),
          Stats.INFERENCE_PERF,
          Units.S_PER_TOKEN);
      assertStats(
          agg.latency().interTokenLatency(),
          lat.get("inter_token_latency"),
          Stats.INFERENCE_PERF,
          Units.S_PER_TOKEN);
      assertStats(
          agg.latency().normalizedTimePerOutputToken(),
          lat.get("normalized_time_per_output_token"),
          Stats.INFERENCE_PERF,
          Units.S_PER_TOKEN);
      assertThat(agg.latency().timeToFirstToken().p25())
          .isEqualTo(lat.at("/time_to_first_token/p25").asDouble());
      assertThat(agg.latency().timeToFirstToken().p50())
          .isEqualTo(lat.at("/time_to_first_token/median").asDouble());
      assertThat(agg.throughput().outputTokenRate().mean())
          .isEqualTo(ok.at("/throughput/output_tokens_per_sec").asDouble());
      assertThat(agg.throughput().requestRate().units()).isEqualTo(Units.QUERIES_PER_S);
      assertThat(agg.throughput().requestRate().mean())
          .isEqualTo(ok.at("/throughput/requests_per_sec").asDouble());

      var load = report.scenario().load().standardized();
      assertThat(load.tool()).isEqualTo("inference-perf");
      assertThat(load.rateQps()).isEqualTo(in.at("/load_summary/requested_rate").asDouble());
      // config.yaml: sharedPrefix, system_prompt_len 128 + question_len 64, output_len 64, 10
      // groups x 10 prompts
      assertThat(load.source()).isEqualTo("random");
      assertThat(load.inputSeqLen().distribution()).isEqualTo("fixed");
      assertThat(load.inputSeqLen().value().intValue()).isEqualTo(192);
      assertThat(load.outputSeqLen().value().intValue()).isEqualTo(64);
      assertThat(load.prefix().numGroups()).isEqualTo(10);
      assertThat(load.prefix().numUsersPerGroup()).isEqualTo(10);
      assertThat(load.prefix().prefixLen().value().intValue()).isEqualTo(128);
    }
    assertThat(reports.get(0).scenario().load().standardized().stage()).isZero();
    assertThat(reports.get(1).scenario().load().standardized().stage()).isEqualTo(6);
  }

  @Test
  void theProfileTokenIsRedactedFromTheReport() {
    List<BenchmarkReport> reports = transformer.transform(resource("inference-perf/kubecon2025"));
    String yaml = Reports.toYaml(reports.get(0));
    assertThat(yaml).doesNotContain("<your-hf-token>").contains("token: <redacted>");
  }

  @Test
  void v05FileWithMultimodalBlocks() {
    // given
    Path file = resource("inference-perf/fixture/llmd-fixture-inference_perf_lifecycle.yaml");
    JsonNode ok = json(file).get("successes");

    // when
    List<BenchmarkReport> reports = transformer.transform(file);

    // then
    assertValid(reports);
    var agg = reports.get(0).results().requestPerformance().aggregate();
    assertStats(
        agg.requests().requestSize(),
        ok.get("request_size_bytes"),
        Stats.INFERENCE_PERF,
        Units.BYTES);
    var mm = agg.requests().multimodal();
    assertStats(mm.image().pixels(), ok.at("/image/pixels"), Stats.INFERENCE_PERF, Units.PIXELS);
    assertStats(mm.image().filesize(), ok.at("/image/bytes"), Stats.INFERENCE_PERF, Units.BYTES);
    assertStats(
        mm.image().aspectRatio(), ok.at("/image/aspect_ratio"), Stats.INFERENCE_PERF, Units.RATIO);
    assertStats(mm.video().frames(), ok.at("/video/frames"), Stats.INFERENCE_PERF, Units.COUNT);
    assertStats(mm.audio().duration(), ok.at("/audio/seconds"), Stats.INFERENCE_PERF, Units.S);
    assertThat(agg.throughput().imageRate().mean())
        .isEqualTo(ok.at("/throughput/images_per_sec").asDouble());
    assertThat(agg.throughput().imageRate().units()).isEqualTo(Units.IMAGES_PER_S);
    assertThat(reports.get(0).run().time().duration()).isEqualTo("PT2.48S");
    // no profile beside the file: the measured input length, source unknown
    var load = reports.get(0).scenario().load().standardized();
    assertThat(load.source()).isEqualTo("unknown");
    assertThat(load.inputSeqLen().distribution()).isEqualTo("other");
    assertThat(load.inputSeqLen().value().doubleValue())
        .isEqualTo(ok.at("/prompt_len/mean").asDouble());
    assertThat(load.rateQps()).isEqualTo(1.0);
  }

  @Test
  void afterV061InputLengthComesFromPromptTokens() throws Exception {
    // given: prompt_len removed, prompt_tokens with summary keys
    ObjectNode stage =
        (ObjectNode) json(resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json"));
    ObjectNode ok = (ObjectNode) stage.get("successes");
    JsonNode promptLen = ok.remove("prompt_len");
    ObjectNode promptTokens = ((ObjectNode) promptLen).deepCopy();
    promptTokens.put("total", 12246).put("cached", 0);
    ok.set("prompt_tokens", promptTokens);
    Path file = dir.resolve("stage_0_lifecycle_metrics.json");
    Files.writeString(file, stage.toString());

    // when
    var agg = transformer.transform(file).get(0).results().requestPerformance().aggregate();

    // then
    assertStats(agg.requests().inputLength(), promptLen, Stats.INFERENCE_PERF, Units.COUNT);
  }

  @Test
  void everyRequestFailedGivesOnlyCounts() throws Exception {
    ObjectNode stage =
        (ObjectNode) json(resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json"));
    ((ObjectNode) stage.get("failures")).put("count", 60);
    Path file = dir.resolve("stage_0_lifecycle_metrics.json");
    Files.writeString(file, stage.toString());

    var agg = transformer.transform(file).get(0).results().requestPerformance().aggregate();

    assertThat(agg.requests().total()).isEqualTo(60);
    assertThat(agg.requests().failures()).isEqualTo(60);
    assertThat(agg.latency()).isNull();
    assertThat(agg.requests().inputLength()).isNull();
  }

  @Test
  void truncatedJsonNamesFileAndPathAndWritesNothing() throws Exception {
    // given
    Path results = Files.createDirectories(dir.resolve("results"));
    String full =
        Files.readString(resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json"));
    Files.writeString(
        results.resolve("stage_0_lifecycle_metrics.json"), full.substring(0, full.length() / 2));
    Path target = dir.resolve("reports");

    // then
    assertThatThrownBy(() -> transformer.transform(results, target))
        .isInstanceOfSatisfying(
            ResultTransformException.class,
            e -> {
              assertThat(e.harness()).isEqualTo("inference-perf");
              assertThat(e.file()).isEqualTo(results.resolve("stage_0_lifecycle_metrics.json"));
              assertThat(e.jsonPath()).startsWith("$.successes");
            })
        .hasMessageContaining("malformed JSON");
    assertThat(target)
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }

  @Test
  void wrongTypeNamesTheJsonPath() throws Exception {
    ObjectNode stage =
        (ObjectNode) json(resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json"));
    ((ObjectNode) stage.at("/successes/latency/time_to_first_token")).put("p99", "slow");
    Path file = dir.resolve("stage_0_lifecycle_metrics.json");
    Files.writeString(file, stage.toString());

    assertThatThrownBy(() -> transformer.transform(file))
        .isInstanceOf(ResultTransformException.class)
        .hasMessageContaining("$.successes.latency.time_to_first_token.p99")
        .hasMessageContaining("expected a number");
  }

  @Test
  void missingRequiredMetricNamesIt() throws Exception {
    ObjectNode stage =
        (ObjectNode) json(resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json"));
    ((ObjectNode) stage.get("load_summary")).remove("count");
    Path file = dir.resolve("stage_0_lifecycle_metrics.json");
    Files.writeString(file, stage.toString());

    assertThatThrownBy(() -> transformer.transform(file))
        .isInstanceOf(ResultTransformException.class)
        .hasMessageContaining("$.load_summary.count")
        .hasMessageContaining("required field is missing");
  }

  @Test
  void anotherHarnessFileIsRejected() {
    assertThatThrownBy(
            () -> transformer.transform(resource("guidellm/v0.2-0.3-benchmarks_stripped.json")))
        .isInstanceOf(ResultTransformException.class)
        .hasMessageContaining("not an inference-perf lifecycle report");
  }

  @Test
  void emptyResultsDirectoryIsRejected() {
    assertThatThrownBy(() -> transformer.transform(dir))
        .isInstanceOf(ResultTransformException.class)
        .hasMessageContaining("no stage_<N>_lifecycle_metrics.json");
  }

  @Test
  void writesOneReportFilePerStage() {
    Path target = dir.resolve("reports");
    transformer.transform(resource("inference-perf/kubecon2025"), target);
    assertThat(target.resolve("benchmark_report_v0.2.1,_stage_0_rate_1.yaml")).exists();
    assertThat(target.resolve("benchmark_report_v0.2.1,_stage_6_rate_183.38.yaml")).exists();
    assertThat(
            Reports.read(target.resolve("benchmark_report_v0.2.1,_stage_6_rate_183.38.yaml"))
                .scenario()
                .load()
                .standardized()
                .stage())
        .isEqualTo(6);
  }

  @Test
  void sessionFilesBecomeSessionPerformance() throws Exception {
    // given: a stage file with its session report (structure from inference-perf's source; no
    // genuine sample exists)
    Path results = Files.createDirectories(dir.resolve("sessions"));
    Files.copy(
        resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json"),
        results.resolve("stage_0_lifecycle_metrics.json"));
    Files.writeString(
        results.resolve("stage_0_session_lifecycle_metrics.json"),
        """
        {"num_sessions": 12, "num_sessions_succeeded": 11, "num_sessions_failed": 1,
         "total_events": 96, "total_events_completed": 94, "total_events_cancelled": 2,
         "sessions_per_second": 0.4,
         "session_duration_sec": {"mean": 30.5, "min": 20.0, "median": 31.0, "max": 41.0},
         "num_events": {"mean": 8.0, "min": 6, "max": 10},
         "total_input_tokens": {"mean": 5120.0, "min": 4000, "max": 6000},
         "total_output_tokens": {"mean": 1024.0, "min": 800, "max": 1200}}
        """);

    // when
    BenchmarkReport r = transformer.transform(results).get(0);

    // then
    var s = r.results().sessionPerformance().sessions();
    assertThat(s.total()).isEqualTo(12);
    assertThat(s.succeeded()).isEqualTo(11);
    assertThat(s.totalEventsCancelled()).isEqualTo(2);
    assertThat(s.sessionRate().mean()).isEqualTo(0.4);
    assertThat(s.sessionRate().units()).isEqualTo(Units.QUERIES_PER_S);
    assertThat(s.sessionDuration().units()).isEqualTo(Units.S);
    assertThat(s.sessionDuration().p50()).isEqualTo(31.0);
    assertThat(s.inputTokensPerSession().mean()).isEqualTo(5120.0);
    var load = r.scenario().load().standardized();
    assertThat(load.multiTurn().enabled()).isTrue();
    assertThat(load.source()).isEqualTo("unknown");
    assertThat(load.inputSeqLen().value().doubleValue()).isEqualTo(5120.0);
    assertValid(List.of(r));
  }
}
