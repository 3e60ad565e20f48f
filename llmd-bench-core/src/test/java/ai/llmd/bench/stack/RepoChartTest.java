package ai.llmd.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model service chart from a Helm repository (served locally): its default values are read from
 * the archive the repository index names, so containers merge into them as for a local chart.
 */
class RepoChartTest {
  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void aRepositoryChartsDefaultsAreMergedLikeALocalOnes() throws Exception {
    new Helm(StackPlanTest.chart("llm-d-modelservice")).packageIt().withDestination(dir).call();
    Path archive;
    try (var files = Files.list(dir)) {
      archive = files.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElseThrow();
    }
    String index =
        """
        apiVersion: v1
        entries:
          llm-d-modelservice:
          - name: llm-d-modelservice
            version: v0.4.12
            urls: [charts/%s]
        """
            .formatted(archive.getFileName());
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body =
              path.endsWith("/index.yaml")
                  ? index.getBytes()
                  : path.endsWith(".tgz") ? Files.readAllBytes(archive) : null;
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    http.start();
    try {
      String repo = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
      StackPlan plan =
          Stack.builder()
              .namespace("bench")
              .modelLabel("repo")
              .gateway(GatewaySpec.llmdInfra().withChart(StackChartsTest.chart("llm-d-infra")))
              .gaie(GaieSpec.inferencePool().withChart(StackChartsTest.chart("inferencepool")))
              .model(
                  ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                      .withChart(ChartRef.repo(repo, "llm-d-modelservice").withVersion("v0.4.12")))
              .plan();
      var containers =
          (List<Map<String, Object>>)
              StackPlanChecks.get(
                  plan.release("deploy_model").manifests("Deployment").get(0),
                  "spec",
                  "template",
                  "spec",
                  "containers");
      assertThat(containers.get(0).get("volumeMounts").toString()).contains("metrics-volume");

      assertThatThrownBy(
              () ->
                  Stack.builder()
                      .modelLabel("repo")
                      .gateway(
                          GatewaySpec.llmdInfra().withChart(StackChartsTest.chart("llm-d-infra")))
                      .gaie(
                          GaieSpec.inferencePool()
                              .withChart(StackChartsTest.chart("inferencepool")))
                      .model(
                          ModelServiceSpec.of("m")
                              .withChart(
                                  ChartRef.repo(repo, "llm-d-modelservice").withVersion("v9.9.9")))
                      .plan())
          .hasMessageContaining("llm-d-modelservice")
          .hasMessageContaining("v9.9.9");
    } finally {
      http.stop(0);
    }
  }
}
