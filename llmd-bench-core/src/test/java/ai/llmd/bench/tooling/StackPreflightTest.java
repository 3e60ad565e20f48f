package ai.llmd.bench.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.report.Reports;
import ai.llmd.bench.stack.ChartRef;
import ai.llmd.bench.stack.GaieSpec;
import ai.llmd.bench.stack.GatewaySpec;
import ai.llmd.bench.stack.ModelLabel;
import ai.llmd.bench.stack.ModelServiceSpec;
import ai.llmd.bench.stack.Stack;
import ai.llmd.bench.stack.StackPlan;
import ai.llmd.bench.testkit.HelmMockServer;
import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackPreflightTest {

  private static Path chart(String name) throws Exception {
    return Path.of(StackPreflightTest.class.getResource("/charts/" + name).toURI());
  }

  @Test
  void deployFailsAtOnceWithTheFailedChecksAndCreatesNothing() throws Exception {
    try (HelmMockServer server = HelmMockServer.start()) {
      Stack.Builder stack =
          Stack.builder()
              .namespace("bench")
              .modelLabel("qwen")
              .kubernetes(server.client())
              .gateway(GatewaySpec.llmdInfra().withChart(ChartRef.local(chart("llm-d-infra"))))
              .gaie(GaieSpec.inferencePool().withChart(ChartRef.local(chart("inferencepool"))))
              .model(
                  ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                      .withChart(ChartRef.local(chart("llm-d-modelservice"))));

      assertThatThrownBy(stack::deploy)
          .isInstanceOf(PreflightException.class)
          .hasMessageContaining("stack qwen cannot be deployed in bench")
          .hasMessageContaining("gatewayclass istio: not found")
          .hasMessageContaining("gatewayProvider(\"istio\"");
      assertThat(
              Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
          .isEmpty();
      assertThat(server.client().apps().deployments().inNamespace("bench").list().getItems())
          .isEmpty();
    }
  }

  /**
   * The model-server Deployment as the upstream llm-d-modelservice chart renders it (GPU limits).
   */
  private static Map<String, Object> deployment(String name, int replicas, String gpus) {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s}
        spec:
          replicas: %d
          template:
            spec:
              containers:
              - name: routing-proxy
                image: ghcr.io/llm-d/llm-d-routing-sidecar:v0.3.0
              - name: vllm
                image: vllm/vllm-openai:v0.11.2
                resources:
                  limits: {nvidia.com/gpu: "%s"}
                  requests: {nvidia.com/gpu: "%s", cpu: "8"}
        """
            .formatted(name, replicas, gpus, gpus);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = Reports.yamlMapper().readValue(yaml, Map.class);
    return m;
  }

  @Test
  void requirementsCountTheGpusOfTheRenderedModelServersAndTheChartsKubeVersion(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    // llm-d-infra declares kubeVersion: ">= 1.28.0-0"
    java.nio.file.Files.writeString(
        dir.resolve("Chart.yaml"),
        "apiVersion: v2\nname: llm-d-infra\nversion: v1.4.0\nkubeVersion: \">= 1.28.0-0\"\n");
    StackPlan plan =
        new StackPlan(
            "bench",
            ModelLabel.of("qwen"),
            List.of(
                new StackPlan.Release(
                    "deploy_gateway",
                    "gw",
                    ChartRef.local(dir),
                    Map.of(),
                    List.of(
                        Map.of(
                            "apiVersion",
                            "gateway.networking.k8s.io/v1",
                            "kind",
                            "Gateway",
                            "metadata",
                            Map.of("name", "gw-inference-gateway"),
                            "spec",
                            Map.of("gatewayClassName", "istio")))),
                new StackPlan.Release(
                    "deploy_gaie",
                    "qwen-gaie",
                    ChartRef.repo("https://example.invalid/charts", "inferencepool"),
                    Map.of(),
                    List.of(
                        Map.of(
                            "apiVersion", "inference.networking.x-k8s.io/v1alpha2",
                            "kind", "InferencePool",
                            "metadata", Map.of("name", "qwen-gaie")))),
                new StackPlan.Release(
                    "deploy_model",
                    "qwen-ms",
                    ChartRef.repo("https://example.invalid/charts", "llm-d-modelservice"),
                    Map.of(),
                    List.of(
                        deployment("qwen-decode", 2, "4"), deployment("qwen-prefill", 3, "1")))),
            null,
            null,
            "v1.33.0");

    Preflight.Requirements r = StackRequirements.of(plan);

    assertThat(r.gpuResource()).isEqualTo("nvidia.com/gpu");
    assertThat(r.gpus()).isEqualTo(11);
    assertThat(r.gpusPerPod()).isEqualTo(4);
    assertThat(r.pods()).isEqualTo(5);
    assertThat(r.kubeVersions()).containsExactly(Map.entry("llm-d-infra", ">= 1.28.0-0"));
    assertThat(r.gatewayClass()).isEqualTo("istio");
    assertThat(r.poolGroup()).isEqualTo("inference.networking.x-k8s.io");
  }
}
