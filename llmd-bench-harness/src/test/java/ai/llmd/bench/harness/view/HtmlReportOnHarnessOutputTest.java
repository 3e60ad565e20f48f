package ai.llmd.bench.harness.view;

import static ai.llmd.bench.harness.Fixtures.json;
import static ai.llmd.bench.harness.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.view.Comparison;
import ai.llmd.bench.report.view.HtmlReport;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The HTML report and comparison over reports made from genuine harness output files. */
class HtmlReportOnHarnessOutputTest {

  @Test
  void inferencePerfSecondsAndVllmMillisecondsAreShownInTheSameUnit() {
    List<BenchmarkReport> ip =
        Harnesses.get("inference-perf")
            .transformer()
            .transform(resource("inference-perf/kubecon2025"));
    List<BenchmarkReport> vllm =
        Harnesses.get("vllm-benchmark")
            .transformer()
            .transform(resource("vllm-benchmark/llmd-benchmark_2025-05-13_04-55-27.json"));

    JsonNode stage0 = json(resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json"));
    double ttftP99Seconds =
        stage0.get("successes").get("latency").get("time_to_first_token").get("p99").asDouble();
    BenchmarkReport ip0 =
        ip.stream().filter(r -> r.scenario().load().standardized().stage() == 0).findFirst().get();
    assertThat(ttftP99(Comparison.of(ip0, ip0)).baseline())
        .isCloseTo(ttftP99Seconds * 1000, within(1e-9));
    assertThat(ttftP99(Comparison.of(ip0, ip0)).unit()).isEqualTo("ms");

    JsonNode vllmNative = json(resource("vllm-benchmark/llmd-benchmark_2025-05-13_04-55-27.json"));
    assertThat(ttftP99(Comparison.of(vllm.get(0), vllm.get(0))).baseline())
        .isEqualTo(vllmNative.get("p99_ttft_ms").asDouble());

    HtmlReport page =
        HtmlReport.builder().series("inference-perf", ip).series("vllm bench", vllm).build();
    assertThat(page.chartPoints().get("ttft-vs-request-rate.svg"))
        .isEqualTo(2 * (ip.size() + vllm.size()));
    assertThat(page.html()).contains("<td>200</td>"); // vllm's completed requests
  }

  private static Comparison.Change ttftP99(Comparison c) {
    return c.changes().stream().filter(ch -> ch.metric().equals("TTFT p99")).findFirst().get();
  }

  @Test
  void aRunComparedWithItselfHasNoChange() {
    List<BenchmarkReport> ip =
        Harnesses.get("inference-perf")
            .transformer()
            .transform(resource("inference-perf/kubecon2025"));
    Comparison c = Comparison.of(ip, ip);
    assertThat(c.changes()).isNotEmpty();
    assertThat(c.changes())
        .allSatisfy(ch -> assertThat(ch.verdict()).isEqualTo(Comparison.Verdict.NO_CHANGE));
  }
}
