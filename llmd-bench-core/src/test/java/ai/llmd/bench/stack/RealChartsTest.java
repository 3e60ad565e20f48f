package ai.llmd.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plans stacks with the real upstream charts, checked out outside the project, when the system
 * property {@code llmd.bench.realCharts} (or the variable {@code LLMD_BENCH_REAL_CHARTS}) names
 * their directory; skipped otherwise. Expected layout (release tags of the upstream repositories):
 *
 * <pre>
 * infra-v1.4.0/llm-d-infra          llm-d-incubation/llm-d-infra@v1.4.0:charts/llm-d-infra
 * ms-v0.4.12/llm-d-modelservice     llm-d-incubation/llm-d-modelservice@llm-d-modelservice-v0.4.12:charts/llm-d-modelservice
 * gaie-v1.0.1/inferencepool         kubernetes-sigs/gateway-api-inference-extension@v1.0.1:config/charts/inferencepool
 * gaie-v1.5.0/inferencepool         ...@v1.5.0:config/charts/inferencepool (with its sibling epplib)
 * </pre>
 *
 * Run: {@code mvn -o test -pl llmd-bench-core -Dtest=RealChartsTest
 * -Dllmd.bench.realCharts=/tmp/charts}
 */
class RealChartsTest {
  private static Path root;

  @BeforeAll
  static void charts() {
    String dir =
        System.getProperty("llmd.bench.realCharts", System.getenv("LLMD_BENCH_REAL_CHARTS"));
    assumeTrue(
        dir != null && Files.isDirectory(Path.of(dir, "infra-v1.4.0")),
        "set -Dllmd.bench.realCharts=<dir> with the upstream charts to run this check");
    root = Path.of(dir);
  }

  private static ChartRef chart(String path) {
    return ChartRef.local(root.resolve(path));
  }

  private static Stack.Builder stack(String label, GatewayClass cls, String gaie) {
    return Stack.builder()
        .namespace("bench")
        .modelLabel(label)
        .gateway(
            GatewaySpec.llmdInfra()
                .withChart(chart("infra-v1.4.0/llm-d-infra"))
                .withGatewayClass(cls))
        .gaie(GaieSpec.inferencePool().withChart(chart(gaie + "/inferencepool")))
        .model(
            ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                .withChart(chart("ms-v0.4.12/llm-d-modelservice"))
                .withDecodeReplicas(2))
        .huggingFaceToken("hf_realChartsTokenValue0123456789");
  }

  @Test
  void everyGatewayClassAndPoolChartPlans() {
    List<String> results = new ArrayList<>();
    for (String gaie : List.of("gaie-v1.0.1", "gaie-v1.5.0")) {
      for (GatewayClass cls : GatewayClass.values()) {
        for (RouteSpec route :
            List.of(RouteSpec.perStack(), RouteSpec.shared("multi-model-route"))) {
          StackPlan plan = stack("qwen", cls, gaie).route(route).plan();
          StackPlanChecks.check(plan, cls);
          results.add(
              gaie
                  + " "
                  + cls
                  + " "
                  + (route.isShared() ? "shared" : "per-stack")
                  + ": "
                  + plan.wiring());
        }
      }
    }
    results.forEach(System.out::println);
    assertThat(results).hasSize(16);
  }

  @Test
  void v1alpha2PoolsFromTheV1Chart() {
    StackPlan plan =
        stack("qwen", GatewayClass.ISTIO, "gaie-v1.0.1")
            .gaie(
                GaieSpec.inferencePool()
                    .withChart(chart("gaie-v1.0.1/inferencepool"))
                    .withPoolApiVersion("inference.networking.x-k8s.io/v1alpha2"))
            .plan();
    StackPlanChecks.check(plan, GatewayClass.ISTIO);
    assertThat(plan.wiring().poolGroup()).isEqualTo("inference.networking.x-k8s.io");
    // v1.5.0 renders only v1 pools: asking for v1alpha2 names both
    assertThatThrownBy(
            () ->
                stack("qwen", GatewayClass.ISTIO, "gaie-v1.5.0")
                    .gaie(
                        GaieSpec.inferencePool()
                            .withChart(chart("gaie-v1.5.0/inferencepool"))
                            .withPoolApiVersion("inference.networking.x-k8s.io/v1alpha2"))
                    .plan())
        .hasMessageContaining("inference.networking.k8s.io/v1")
        .hasMessageContaining("inference.networking.x-k8s.io/v1alpha2");
  }

  @Test
  @SuppressWarnings("unchecked")
  void presetsContainerDefaultsAndKubeVersion() {
    StackPlan plan =
        stack("qwen", GatewayClass.AGENTGATEWAY, "gaie-v1.0.1")
            .gaie(
                GaieSpec.inferencePool()
                    .withChart(chart("gaie-v1.0.1/inferencepool"))
                    .withPluginsConfigFile("inf-sche-prefix-kv"))
            .plan();
    Map<String, Object> cm = plan.release("deploy_gaie").manifests("ConfigMap").get(0);
    assertThat((Map<String, Object>) cm.get("data"))
        .containsOnlyKeys("default-plugins.yaml", "inf-sche-prefix-kv.yaml");
    String decode = plan.release("deploy_model").manifests("Deployment").get(0).toString();
    assertThat(decode).contains("metrics-volume").contains("HF_HOME").contains("secretKeyRef");
    assertThat(plan.release("deploy_model").manifests().toString())
        .doesNotContain("hf_realChartsTokenValue");
    assertThatThrownBy(
            () -> stack("qwen", GatewayClass.ISTIO, "gaie-v1.0.1").kubeVersion("v1.27.0").plan())
        .hasMessageContaining("kubeVersion")
        .hasMessageContaining("llm-d-infra");
    assertThatThrownBy(
            () ->
                stack("qwen", GatewayClass.ISTIO, "gaie-v1.0.1")
                    .gateway(
                        GatewaySpec.llmdInfra()
                            .withChart(chart("infra-v1.4.0/llm-d-infra"))
                            .withValues("provider:\n  name: gke\n"))
                    .plan())
        .hasMessageContaining("provider")
        .hasMessageContaining("llm-d-infra");
  }

  @Test
  void theModelServersAreThePodsTheChartRendersWithoutAService() throws Exception {
    StackPlan plan =
        stack("qwen", GatewayClass.ISTIO, "gaie-v1.0.1")
            .model(
                ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                    .withChart(chart("ms-v0.4.12/llm-d-modelservice"))
                    .withPrefillReplicas(1))
            .plan();
    StackPlan.Release ms = plan.release("deploy_model");
    assertThat(ms.manifests("Service")).as("Services of llm-d-modelservice").isEmpty();
    DeployedStack.ModelServiceRef ref = plan.wiring().modelService();
    assertThat(ref.release()).isEqualTo("qwen-ms");
    assertThat(ref.podSelector()).containsEntry("llm-d.ai/model", "qwen");
    assertThat(ref.port()).isEqualTo(8000); // the routing sidecar, in front of vLLM on 8200
    assertThat(ref.workloads()).containsExactly("qwen-decode", "qwen-prefill");
    assertThat(ref.serviceUrl()).isEmpty();

    // a Service the user adds through extraObjects is found when it forwards to the pool's port
    StackPlan withService =
        stack("qwen", GatewayClass.ISTIO, "gaie-v1.0.1")
            .model(
                ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                    .withChart(chart("ms-v0.4.12/llm-d-modelservice"))
                    .withValues(
                        """
                        extraObjects:
                          - apiVersion: v1
                            kind: Service
                            metadata: {name: qwen-vllm}
                            spec:
                              selector: {llm-d.ai/model: qwen, llm-d.ai/role: decode}
                              ports: [{port: 80, targetPort: 8000}]
                        """))
            .plan();
    assertThat(withService.wiring().modelService().serviceUrl())
        .contains(java.net.URI.create("http://qwen-vllm.bench.svc.cluster.local:80"));
  }
}
