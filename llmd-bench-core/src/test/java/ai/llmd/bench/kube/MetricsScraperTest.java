package ai.llmd.bench.kube;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Units;
import ai.llmd.bench.testkit.ReportSchema;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class MetricsScraperTest {
  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path dir;

  private static String metrics(int running, int waiting, double kv, double generated) {
    String l = "{model_name=\"qwen\"}";
    return "# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running"
        + l
        + " "
        + running
        + "\n"
        + "vllm:num_requests_waiting"
        + l
        + " "
        + waiting
        + "\n"
        + "vllm:kv_cache_usage_perc"
        + l
        + " "
        + kv
        + "\n"
        + "vllm:generation_tokens_total"
        + l
        + " "
        + generated
        + "\n";
  }

  @Test
  void scrapesThroughThePodProxyIntoObservability() throws Exception {
    // given: a decode pod whose /metrics answer twice, then again
    client
        .pods()
        .inNamespace("bench")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("qwen-decode-0")
                .addToLabels("llm-d.ai/model", "qwen")
                .endMetadata()
                .build())
        .create();
    String path = "/api/v1/namespaces/bench/pods/qwen-decode-0:8000/proxy/metrics";
    server.expect().get().withPath(path).andReturn(200, metrics(2, 0, 0.25, 100)).once();
    server.expect().get().withPath(path).andReturn(200, metrics(6, 3, 0.75, 400)).always();

    // when
    MetricsScraper scraper =
        MetricsScraper.start(
            client, "bench", "llm-d.ai/model=qwen", 8000, Duration.ofMillis(100), dir);
    // at least three scrapes, however slow a loaded machine is (bounded)
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (var raw = Files.list(dir)) {
        if (raw.filter(p -> p.toString().endsWith(".prom")).count() >= 3) {
          break;
        }
      }
      Thread.sleep(50);
    }
    MetricsScraper.Observed observed = scraper.stop();

    // then
    assertThat(observed.errors()).isEmpty();
    Results.ObservedComponent c = observed.observability().components().get(0);
    assertThat(c.componentLabel()).isEqualTo("qwen-decode-0");
    assertThat(c.aggregate().runningRequests().min()).isEqualTo(2.0);
    assertThat(c.aggregate().runningRequests().max()).isEqualTo(6.0);
    assertThat(c.aggregate().waitingRequests().max()).isEqualTo(3.0);
    assertThat(c.aggregate().kvCacheUsage().units()).isEqualTo(Units.FRACTION);
    assertThat(c.aggregate().kvCacheUsage().max()).isEqualTo(0.75);
    assertThat(c.timeSeries().generationTokens().series().get(0).value()).isEqualTo(100.0);
    assertThat(c.timeSeries().numRequestsRunning().series().size()).isGreaterThanOrEqualTo(3);
    try (var raw = Files.list(dir)) {
      assertThat(raw.filter(p -> p.toString().endsWith(".prom"))).hasSizeGreaterThanOrEqualTo(3);
    }

    // and a report carrying it is valid
    BenchmarkReport report =
        Reports.read(Path.of(getClass().getResource("/reports/br_v0_2_1_example.yaml").toURI()));
    BenchmarkReport bare =
        new BenchmarkReport(report.version(), report.run(), null, report.results());
    BenchmarkReport withView = observed.applyTo(List.of(bare)).get(0);
    assertThat(Reports.violations(withView)).isEmpty();
    assertThat(ReportSchema.errors(withView)).isEmpty();
  }

  @Test
  void parsesPrometheusText() {
    var v =
        MetricsScraper.parse(
            "# HELP x\nvllm:a{x=\"1\"} 2\nvllm:a{x=\"2\"} 3\nvllm:b 1e3\nbad line\n");
    assertThat(v).containsEntry("vllm:a", 5.0).containsEntry("vllm:b", 1000.0);
  }
}
