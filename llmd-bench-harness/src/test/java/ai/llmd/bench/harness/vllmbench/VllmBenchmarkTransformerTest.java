package ai.llmd.bench.harness.vllmbench;

import static ai.llmd.bench.harness.Fixtures.assertValid;
import static ai.llmd.bench.harness.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.ResultTransformException;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.report.Units;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class VllmBenchmarkTransformerTest {
  private final ResultTransformer transformer = Harnesses.get("vllm-benchmark").transformer();
  @TempDir Path dir;

  private static List<JsonNode> lines(Path file) throws Exception {
    return Files.readAllLines(file).stream()
        .filter(l -> !l.isBlank())
        .map(l -> Reports.jsonMapper().readTree(l))
        .toList();
  }

  @Test
  void jsonLinesOfOldFormatResults() throws Exception {
    // given
    Path file = resource("vllm-benchmark/benchmark_serving-2025-05-30-results.jsonl");
    List<JsonNode> in = lines(file);

    // when
    List<BenchmarkReport> reports = transformer.transform(file);

    // then
    assertValid(reports);
    assertThat(reports).hasSize(in.size());
    for (int i = 0; i < in.size(); i++) {
      JsonNode r = in.get(i);
      var agg = reports.get(i).results().requestPerformance().aggregate();
      double completed = r.get("completed").asDouble();
      assertThat(agg.requests().total()).isEqualTo(r.get("num_prompts").asLong());
      assertThat(agg.requests().failures())
          .isEqualTo(r.get("num_prompts").asLong() - r.get("completed").asLong());
      assertThat(agg.requests().inputLength().mean())
          .isEqualTo(r.get("total_input_tokens").asDouble() / completed);
      assertThat(agg.requests().outputLength().mean())
          .isEqualTo(r.get("total_output_tokens").asDouble() / completed);
      var ttft = agg.latency().timeToFirstToken();
      assertThat(ttft.units()).isEqualTo(Units.MS);
      assertThat(ttft.mean()).isEqualTo(r.get("mean_ttft_ms").asDouble());
      assertThat(ttft.p50()).isEqualTo(r.get("median_ttft_ms").asDouble());
      assertThat(ttft.stddev()).isEqualTo(r.get("std_ttft_ms").asDouble());
      assertThat(ttft.p99()).isEqualTo(r.get("p99_ttft_ms").asDouble());
      assertThat(agg.latency().timePerOutputToken().units()).isEqualTo(Units.MS_PER_TOKEN);
      assertThat(agg.latency().timePerOutputToken().mean())
          .isEqualTo(r.get("mean_tpot_ms").asDouble());
      assertThat(agg.latency().interTokenLatency().p99()).isEqualTo(r.get("p99_itl_ms").asDouble());
      assertThat(agg.latency().requestLatency()).isNull(); // e2el was not requested
      assertThat(agg.throughput().outputTokenRate().mean())
          .isEqualTo(r.get("output_throughput").asDouble());
      assertThat(agg.throughput().requestRate().mean())
          .isEqualTo(r.get("request_throughput").asDouble());
      assertThat(agg.throughput().inputTokenRate().mean())
          .isEqualTo(r.get("total_input_tokens").asDouble() / r.get("duration").asDouble());
      var load = reports.get(i).scenario().load().standardized();
      if (r.get("request_rate").isNumber()) {
        assertThat(load.rateQps()).isEqualTo(r.get("request_rate").asDouble());
      } else {
        assertThat(r.get("request_rate").asString()).isEqualTo("inf");
        assertThat(load.rateQps()).isNull();
      }
    }
    assertThat(reports.get(0).run().time().end()).isEqualTo("2025-05-30T19:47:38Z");
    // --metadata keys are kept in the native config
    assertThat(Reports.toYaml(reports.get(0))).contains("gateway: kgateway");
  }

  @Test
  void singleResultWithP95AndTheFlagsGiven() {
    // given
    Path file = resource("vllm-benchmark/llmd-benchmark_2025-05-13_04-55-27.json");
    var withArgs =
        new VllmBenchmarkTransformer(
            "0.9.1",
            Map.of("dataset-name", "random", "random-input-len", 8000, "random-output-len", 200));

    // when
    List<BenchmarkReport> reports = withArgs.transform(file);

    // then
    assertValid(reports);
    var r = reports.get(0);
    var ttft = r.results().requestPerformance().aggregate().latency().timeToFirstToken();
    assertThat(ttft.p95()).isEqualTo(257.0488001947524);
    assertThat(ttft.p99()).isEqualTo(261.66544687526766);
    var load = r.scenario().load().standardized();
    assertThat(load.source()).isEqualTo("random");
    assertThat(load.inputSeqLen().distribution()).isEqualTo("fixed");
    assertThat(load.inputSeqLen().value().intValue()).isEqualTo(8000);
    assertThat(load.outputSeqLen().value().intValue()).isEqualTo(200);
    assertThat(load.rateQps()).isEqualTo(3.6);
    assertThat(load.toolVersion()).isEqualTo("0.9.1");
    assertThat(r.run().time().duration()).isEqualTo("PT57.42171942605637S");
  }

  @Test
  void currentFormatWithFailedAndE2elAndDetailArrays() throws Exception {
    // given: current keys, a --metric-percentiles list, and --save-detailed arrays that must be
    // skipped
    Path file = dir.resolve("openai-inf-qwen.json");
    Files.writeString(
        file,
        """
        {"date": "20260101-120000", "endpoint_type": "openai", "num_prompts": 10, "request_rate": "inf",
         "max_concurrency": 4, "duration": 2.0, "completed": 8, "failed": 2, "total_input_tokens": 800,
         "total_output_tokens": 160, "request_throughput": 4.0, "request_goodput": null, "output_throughput": 80.0,
         "total_token_throughput": 480.0, "ttfts": [0.1, 0.2], "itls": [[0.01, 0.02]],
         "mean_ttft_ms": 100.0, "median_ttft_ms": 95.0, "std_ttft_ms": 5.0, "p25_ttft_ms": 90.0, "p99.9_ttft_ms": 120.0,
         "mean_e2el_ms": 400.0, "median_e2el_ms": 390.0, "std_e2el_ms": 9.0, "p25_e2el_ms": 380.0}
        """);

    // when
    BenchmarkReport r = transformer.transform(file).get(0);

    // then: p25 kept (upstream lost it as "P25"), request latency from e2el in ms, concurrency from
    // max_concurrency
    var agg = r.results().requestPerformance().aggregate();
    assertThat(agg.requests().failures()).isEqualTo(2);
    assertThat(agg.latency().timeToFirstToken().p25()).isEqualTo(90.0);
    assertThat(agg.latency().timeToFirstToken().p99p9()).isEqualTo(120.0);
    assertThat(agg.latency().requestLatency().units()).isEqualTo(Units.MS);
    assertThat(agg.latency().requestLatency().p25()).isEqualTo(380.0);
    assertThat(r.scenario().load().standardized().concurrency().value()).isEqualTo(4);
    assertThat(r.scenario().load().standardized().rateQps()).isNull();
    assertThat(agg.requests().inputLength().mean()).isEqualTo(100.0);
  }

  @Test
  void badInputNamesHarnessFileAndPath() throws Exception {
    Path truncated = dir.resolve("t.json");
    Files.writeString(
        truncated, "{\"date\": \"20250101-000000\", \"num_prompts\": 3, \"duration\": ");
    assertThatThrownBy(() -> transformer.transform(truncated))
        .isInstanceOfSatisfying(
            ResultTransformException.class, e -> assertThat(e.jsonPath()).isEqualTo("$.duration"))
        .hasMessageContaining("vllm-benchmark")
        .hasMessageContaining("malformed JSON");

    Path wrongType = dir.resolve("w.json");
    Files.writeString(
        wrongType, "{\"num_prompts\": 3, \"completed\": \"three\", \"duration\": 1.0}");
    assertThatThrownBy(() -> transformer.transform(wrongType))
        .hasMessageContaining("$.completed: expected a number");

    assertThatThrownBy(
            () ->
                transformer.transform(resource("guidellm/v0.8dev-schema2-guidellm_report_v2.json")))
        .hasMessageContaining("not a vLLM benchmark result");

    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> transformer.transform(empty))
        .hasMessageContaining("no vLLM result file");
  }
}
