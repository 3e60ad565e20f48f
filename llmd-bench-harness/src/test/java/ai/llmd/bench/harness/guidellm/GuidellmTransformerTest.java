package ai.llmd.bench.harness.guidellm;

import static ai.llmd.bench.harness.Fixtures.assertValid;
import static ai.llmd.bench.harness.Fixtures.json;
import static ai.llmd.bench.harness.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.ResultTransformException;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class GuidellmTransformerTest {
  private final ResultTransformer transformer = Harnesses.get("guidellm").transformer();
  @TempDir Path dir;

  /**
   * The report's statistics equal guidellm's {@code successful} distribution, key by key, in the
   * given units.
   */
  static void assertDistribution(Statistics s, JsonNode metric, Units units) {
    JsonNode d = metric.get("successful");
    JsonNode p = d.get("percentiles");
    assertThat(s.units()).isEqualTo(units);
    assertThat(s.mean()).isEqualTo(d.get("mean").asDouble());
    assertThat(s.stddev()).isEqualTo(d.get("std_dev").asDouble());
    assertThat(s.mode()).isEqualTo(d.get("mode").asDouble());
    assertThat(s.min()).isEqualTo(d.get("min").asDouble());
    assertThat(s.max()).isEqualTo(d.get("max").asDouble());
    assertThat(s.p0p1()).isEqualTo(p.get("p001").asDouble());
    assertThat(s.p1()).isEqualTo(p.get("p01").asDouble());
    assertThat(s.p5()).isEqualTo(p.get("p05").asDouble());
    assertThat(s.p25()).isEqualTo(p.get("p25").asDouble());
    assertThat(s.p50())
        .isEqualTo(p.has("p50") ? p.get("p50").asDouble() : d.get("median").asDouble());
    assertThat(s.p99()).isEqualTo(p.get("p99").asDouble());
    assertThat(s.p99p9()).isEqualTo(p.get("p999").asDouble());
  }

  @Test
  void schema2ReportGivesOneReportPerBenchmark() {
    // given
    Path file = resource("guidellm/v0.8dev-schema2-guidellm_report_v2.json");
    JsonNode in = json(file);

    // when
    List<BenchmarkReport> reports = transformer.transform(file);

    // then
    assertValid(reports);
    assertThat(reports).hasSize(in.get("benchmarks").size());
    for (int i = 0; i < reports.size(); i++) {
      JsonNode b = in.get("benchmarks").get(i);
      JsonNode m = b.get("metrics");
      BenchmarkReport r = reports.get(i);
      var agg = r.results().requestPerformance().aggregate();
      assertThat(agg.requests().total()).isEqualTo(m.at("/request_totals/total").asLong());
      assertThat(agg.requests().failures()).isEqualTo(m.at("/request_totals/errored").asLong());
      assertDistribution(
          agg.latency().timeToFirstToken(), m.get("time_to_first_token_ms"), Units.MS);
      assertDistribution(agg.latency().requestLatency(), m.get("request_latency"), Units.S);
      assertDistribution(
          agg.latency().interTokenLatency(), m.get("inter_token_latency_ms"), Units.MS_PER_TOKEN);
      assertDistribution(
          agg.latency().timePerOutputToken(), m.get("inter_token_latency_ms"), Units.MS_PER_TOKEN);
      assertDistribution(
          agg.latency().normalizedTimePerOutputToken(),
          m.get("time_per_output_token_ms"),
          Units.MS_PER_TOKEN);
      assertDistribution(agg.requests().inputLength(), m.get("prompt_token_count"), Units.COUNT);
      assertDistribution(
          agg.throughput().inputTokenRate(), m.get("prompt_tokens_per_second"), Units.TOKENS_PER_S);
      assertDistribution(
          agg.throughput().requestRate(), m.get("requests_per_second"), Units.QUERIES_PER_S);
      var load = r.scenario().load().standardized();
      assertThat(load.stage()).isEqualTo(i);
      assertThat(load.rateQps()).isEqualTo(b.at("/config/strategy/rate").asDouble());
      assertThat(load.toolVersion()).isEqualTo("0.8.0.dev18");
      assertThat(load.source()).isEqualTo("random");
      // spec.data[0]: prompt_tokens 32, stdev 4, min 8, max 64
      assertThat(load.inputSeqLen().distribution()).isEqualTo("gaussian");
      assertThat(load.inputSeqLen().value().intValue()).isEqualTo(32);
      assertThat(load.inputSeqLen().stdDev()).isEqualTo(4.0);
      assertThat(load.inputSeqLen().min()).isEqualTo(8);
      assertThat(load.inputSeqLen().max()).isEqualTo(64);
      assertThat(r.run().time().duration()).isEqualTo("PT" + b.get("duration").asDouble() + "S");
      java.time.Instant start = java.time.Instant.parse(r.run().time().start());
      assertThat(start.getEpochSecond() + start.getNano() / 1e9)
          .isCloseTo(b.get("start_time").asDouble(), org.assertj.core.api.Assertions.within(1e-6));
    }
  }

  @Test
  void v02SweepFileOfTenBenchmarksWithRequestRecords() {
    // given
    Path file = resource("guidellm/v0.2-sweep-mistral7b-guidellm-evaluate-20250423-1820.json");
    JsonNode in = json(file);

    // when
    List<BenchmarkReport> reports = transformer.transform(file);

    // then
    assertValid(reports);
    assertThat(reports).hasSize(10);
    var strategies = reports.stream().map(r -> r.scenario().load().standardized()).toList();
    assertThat(strategies.get(0).concurrency().value()).isEqualTo(1); // synchronous
    assertThat(strategies.get(0).rateQps()).isNull();
    for (int i = 2; i < 10; i++) {
      assertThat(strategies.get(i).rateQps())
          .isEqualTo(in.at("/benchmarks/" + i + "/args/strategy/rate").asDouble());
    }
    JsonNode b3 = in.get("benchmarks").get(3);
    var agg = reports.get(3).results().requestPerformance().aggregate();
    assertThat(agg.requests().total()).isEqualTo(b3.at("/request_totals/total").asLong());
    assertDistribution(
        agg.latency().timeToFirstToken(), b3.at("/metrics/time_to_first_token_ms"), Units.MS);
    // v0.2: time_per_output_token_ms excludes TTFT there, so no NTPOT
    assertThat(agg.latency().normalizedTimePerOutputToken()).isNull();
    assertThat(strategies.get(3).inputSeqLen().value().intValue()).isGreaterThan(0);
  }

  @Test
  void yamlAndJsonRenderingsGiveTheSameNumbers() {
    BenchmarkReport fromJson =
        transformer.transform(resource("guidellm/v0.2-0.3-benchmarks_stripped.json")).get(0);
    BenchmarkReport fromYaml =
        transformer.transform(resource("guidellm/v0.2-0.3-benchmarks_stripped.yaml")).get(0);
    assertValid(List.of(fromJson, fromYaml));
    assertThat(fromYaml.results()).isEqualTo(fromJson.results());
    JsonNode m =
        json(resource("guidellm/v0.2-0.3-benchmarks_stripped.json")).at("/benchmarks/0/metrics");
    assertDistribution(
        fromJson.results().requestPerformance().aggregate().latency().requestLatency(),
        m.get("request_latency"),
        Units.S);
    // data "prompt_tokens=256,output_tokens=128" -> fixed lengths, random source
    var load = fromJson.scenario().load().standardized();
    assertThat(load.inputSeqLen().distribution()).isEqualTo("fixed");
    assertThat(load.inputSeqLen().value().intValue()).isEqualTo(256);
    assertThat(load.outputSeqLen().value().intValue()).isEqualTo(128);
    assertThat(load.source()).isEqualTo("random");
  }

  @Test
  void truncatedFileNamesThePathReached() throws Exception {
    String full = Files.readString(resource("guidellm/v0.8dev-schema2-guidellm_report_v2.json"));
    Path file = dir.resolve("results.json");
    Files.writeString(file, full.substring(0, (int) (full.length() * 0.8)));

    assertThatThrownBy(() -> transformer.transform(file, dir.resolve("reports")))
        .isInstanceOfSatisfying(
            ResultTransformException.class,
            e -> {
              assertThat(e.harness()).isEqualTo("guidellm");
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.jsonPath()).startsWith("$.benchmarks[1]");
            });
    assertThat(dir.resolve("reports"))
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }

  @Test
  void wrongTypeAndMissingMetricNameTheirPaths() throws Exception {
    ObjectNode in = (ObjectNode) json(resource("guidellm/v0.8dev-schema2-guidellm_report_v2.json"));
    ((ObjectNode) in.at("/benchmarks/1/metrics/time_to_first_token_ms/successful"))
        .put("mean", "fast");
    Path wrong = dir.resolve("wrong.json");
    Files.writeString(wrong, in.toString());
    assertThatThrownBy(() -> transformer.transform(wrong))
        .hasMessageContaining("$.benchmarks[1].metrics.time_to_first_token_ms.successful.mean")
        .hasMessageContaining("expected a number");

    ((ObjectNode) in.at("/benchmarks/0/metrics")).remove("request_totals");
    Path missing = dir.resolve("missing.json");
    Files.writeString(missing, in.toString());
    assertThatThrownBy(() -> transformer.transform(missing))
        .hasMessageContaining("$.benchmarks[0].metrics.request_totals")
        .hasMessageContaining("required field is missing");
  }

  @Test
  void unknownSchemaVersionAndOtherFilesAreRejected() throws Exception {
    Path v3 = dir.resolve("v3.json");
    Files.writeString(v3, "{\"metadata\": {\"version\": 3}, \"benchmarks\": []}");
    assertThatThrownBy(() -> transformer.transform(v3))
        .isInstanceOf(ResultTransformException.class)
        .hasMessageContaining("unknown guidellm report schema version 3");

    assertThatThrownBy(
            () ->
                transformer.transform(
                    resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json")))
        .isInstanceOf(ResultTransformException.class)
        .hasMessageContaining("not a guidellm report");

    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> transformer.transform(empty))
        .hasMessageContaining("no guidellm result file");
  }

  @Test
  @SuppressWarnings("unchecked")
  void schema1ReportWithArgsIsRead() throws Exception {
    // given: the v2 sample recast as schema 1 (top-level args, metadata.version 1), as guidellm
    // 0.4-0.6 wrote it
    ObjectNode in = (ObjectNode) json(resource("guidellm/v0.8dev-schema2-guidellm_report_v2.json"));
    in.remove("config");
    ((ObjectNode) in.get("metadata")).put("version", 1).put("guidellm_version", "0.5.3");
    ObjectNode args = in.putObject("args");
    args.put("profile", "constant");
    args.putArray("data").add("prompt_tokens=256,output_tokens=128,prompt_tokens_stdev=16");
    Path file = dir.resolve("benchmarks.json");
    Files.writeString(file, in.toString());

    // when
    List<BenchmarkReport> reports = transformer.transform(file);

    // then
    assertValid(reports);
    var load = reports.get(0).scenario().load().standardized();
    assertThat(load.toolVersion()).isEqualTo("0.5.3");
    assertThat(load.inputSeqLen().distribution()).isEqualTo("gaussian");
    assertThat(load.inputSeqLen().value().intValue()).isEqualTo(256);
    assertThat(load.rateQps()).isEqualTo(in.at("/benchmarks/0/config/strategy/rate").asDouble());
    assertThat((Map<String, Object>) reports.get(0).scenario().load().nativeConfig().config())
        .containsEntry("profile", "constant");
    assertThat(
            reports
                .get(0)
                .results()
                .requestPerformance()
                .aggregate()
                .latency()
                .normalizedTimePerOutputToken())
        .isNotNull();
  }
}
