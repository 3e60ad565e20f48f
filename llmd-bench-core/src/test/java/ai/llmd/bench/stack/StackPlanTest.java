package ai.llmd.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.testkit.CrdSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackPlanTest {
  @TempDir Path dir;

  static Path chart(String name) throws Exception {
    return Path.of(StackPlanTest.class.getResource("/charts/" + name + "/Chart.yaml").toURI())
        .getParent();
  }

  private Stack.Builder stack() throws Exception {
    return Stack.builder()
        .namespace("bench")
        .modelLabel("qwen3-small")
        .gateway(
            GatewaySpec.llmdInfra()
                .withChart(ChartRef.local(chart("llm-d-infra")))
                .withGatewayClass(GatewayClass.KGATEWAY))
        .gaie(
            GaieSpec.inferencePool()
                .withChart(ChartRef.local(chart("inferencepool")))
                .withPluginsConfigFile("inf-sche-kv.yaml"))
        .model(
            ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                .withChart(ChartRef.local(chart("llm-d-modelservice")))
                .withDecodeReplicas(2)
                .withPrefillReplicas(1)
                .withArgs("--max-model-len=4096", "--enforce-eager")
                .withHuggingFaceTokenSecret("hf-secret")
                .withOverrides("decode.containers[name=\"vllm\"].args=--max-model-len=16000"))
        .route(RouteSpec.perStack());
  }

  @Test
  @SuppressWarnings("unchecked")
  void rendersEveryReleaseWithTheLabelWiredThrough() throws Exception {
    // when
    StackPlan plan = stack().plan();

    // then: the gateway
    var gateway = plan.release("deploy_gateway").manifests("Gateway").get(0);
    assertThat(((Map<String, Object>) gateway.get("metadata")).get("name"))
        .isEqualTo("llmd-infra-inference-gateway");
    // llm-d-infra renders kgateway as an agentgateway Gateway with its parameters, no istio parts
    assertThat(((Map<String, Object>) gateway.get("spec")).get("gatewayClassName"))
        .isEqualTo("agentgateway");
    assertThat(gateway.toString()).doesNotContain("istio");
    assertThat(plan.release("deploy_gateway").manifests())
        .extracting(m -> m.get("kind"))
        .containsExactlyInAnyOrder("Gateway", "AgentgatewayParameters");
    assertThat(CrdSchemas.errors("/crds/gateway.networking.k8s.io_gateways.yaml", "v1", gateway))
        .isEmpty();

    // the pool selects the stack's pods and is v1 for a 1.x chart
    var pool = plan.release("deploy_gaie").manifests("InferencePool").get(0);
    assertThat(pool.get("apiVersion")).isEqualTo("inference.networking.k8s.io/v1");
    assertThat(((Map<String, Object>) pool.get("metadata")).get("name"))
        .isEqualTo("qwen3-small-gaie");
    assertThat(
            (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) pool.get("spec")).get("selector"))
                    .get("matchLabels"))
        .containsEntry("llm-d.ai/model", "qwen3-small");
    assertThat(
            CrdSchemas.errors(
                "/crds/inference.networking.k8s.io_inferencepools-v1.0.1.yaml", "v1", pool))
        .isEmpty();
    assertThat(plan.release("deploy_gaie").values().toString()).contains("inf-sche-kv.yaml");

    // the model servers carry the label, the merged args and the token only by reference
    var deployments = plan.release("deploy_model").manifests("Deployment");
    assertThat(deployments)
        .extracting(d -> ((Map<String, Object>) d.get("metadata")).get("name"))
        .containsExactly("qwen3-small-decode", "qwen3-small-prefill");
    var decode = deployments.get(0);
    assertThat(((Map<String, Object>) ((Map<String, Object>) decode.get("metadata")).get("labels")))
        .containsEntry("llm-d.ai/model", "qwen3-small");
    assertThat(((Map<String, Object>) decode.get("spec")).get("replicas")).isEqualTo(2);
    String decodeYaml = decode.toString();
    assertThat(decodeYaml)
        .contains("--max-model-len=16000")
        .doesNotContain("--max-model-len=4096")
        .contains("--enforce-eager");
    assertThat(decodeYaml).contains("secretKeyRef").contains("hf-secret");

    // the route
    var route = plan.httpRouteManifest();
    assertThat(CrdSchemas.errors("/crds/gateway.networking.k8s.io_httproutes.yaml", "v1", route))
        .isEmpty();
    var rule = plan.httpRoute().getSpec().getRules().get(0);
    assertThat(plan.httpRoute().getMetadata().getName()).isEqualTo("qwen3-small");
    assertThat(rule.getMatches().get(0).getPath().getValue()).isEqualTo("/qwen3-small/");
    assertThat(rule.getFilters().get(0).getUrlRewrite().getPath().getReplacePrefixMatch())
        .isEqualTo("/");
    assertThat(rule.getBackendRefs().get(0).getGroup()).isEqualTo("inference.networking.k8s.io");
    assertThat(rule.getBackendRefs().get(0).getName()).isEqualTo("qwen3-small-gaie");
    assertThat(plan.httpRoute().getSpec().getParentRefs().get(0).getName())
        .isEqualTo("llmd-infra-inference-gateway");
    assertThat(plan.httpRoute().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "llmd-bench");

    // recorded with the chart versions that were resolved
    var record = ai.llmd.bench.record.ExperimentRecord.builder("e1").stack(plan).build();
    assertThat(record.releases())
        .extracting(ai.llmd.bench.record.ExperimentRecord.Release::resolvedVersion)
        .containsExactly("v1.4.0", "1.0.1", "v0.4.12");
    assertThat(record.route().toString()).contains("qwen3-small-gaie");

    // written as files
    plan.writeTo(dir);
    assertThat(dir.resolve("qwen3-small-ms/manifests.yaml"))
        .content()
        .contains("qwen3-small-decode");
    assertThat(dir.resolve("qwen3-small-gaie/values.yaml"))
        .content()
        .contains("llm-d.ai/model: qwen3-small");
    assertThat(dir.resolve("httproute.yaml")).content().contains("InferencePool");
  }

  @Test
  @SuppressWarnings("unchecked")
  void legacyPoolsUseTheXk8sGroupInPoolAndRoute() throws Exception {
    // the values ask the chart for a v1alpha2 pool, and the route follows what it rendered
    StackPlan plan =
        stack()
            .gaie(
                GaieSpec.inferencePool()
                    .withChart(ChartRef.local(chart("inferencepool")))
                    .withValues(
                        "inferencePool:\n  apiVersion: inference.networking.x-k8s.io/v1alpha2\n"))
            .route(RouteSpec.shared("multi-model-route"))
            .plan();
    var pool = plan.release("deploy_gaie").manifests("InferencePool").get(0);
    assertThat(pool.get("apiVersion")).isEqualTo("inference.networking.x-k8s.io/v1alpha2");
    assertThat(
            CrdSchemas.errors(
                "/crds/inference.networking.x-k8s.io_inferencepools.yaml", "v1alpha2", pool))
        .isEmpty();
    var rule = plan.httpRoute().getSpec().getRules().get(0);
    assertThat(rule.getBackendRefs().get(0).getGroup()).isEqualTo("inference.networking.x-k8s.io");
    assertThat(plan.httpRoute().getMetadata().getName()).isEqualTo("multi-model-route");
    assertThat(rule.getMatches().get(0).getPath().getValue()).isEqualTo("/qwen3-small/v1");
    assertThat(
            CrdSchemas.errors(
                "/crds/gateway.networking.k8s.io_httproutes.yaml", "v1", plan.httpRouteManifest()))
        .isEmpty();
  }

  @Test
  void theLabelIsDerivedWhenNotGiven() throws Exception {
    StackPlan plan =
        Stack.builder()
            .namespace("bench")
            .model(
                ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                    .withChart(ChartRef.local(chart("llm-d-modelservice"))))
            .gateway(GatewaySpec.llmdInfra().withChart(ChartRef.local(chart("llm-d-infra"))))
            .gaie(GaieSpec.inferencePool().withChart(ChartRef.local(chart("inferencepool"))))
            .plan();
    assertThat(plan.label().value()).isEqualTo("qwen-qwe-a15c4f83-en3-0-6b");
    assertThat(plan.release("deploy_model").name()).isEqualTo("qwen-qwe-a15c4f83-en3-0-6b-ms");
  }

  @Test
  void badInputIsRejectedBeforeAnythingIsRendered() throws Exception {
    assertThatThrownBy(() -> Stack.builder().modelLabel("Bad_Label"))
        .hasMessageContaining("not a DNS label");
    assertThatThrownBy(() -> stack().model(null).plan()).hasMessageContaining("needs a model");
    assertThatThrownBy(() -> ModelServiceSpec.of(" ")).hasMessageContaining("model id");
    assertThatThrownBy(() -> ModelServiceSpec.of("m").withValues("- a\n- b\n"))
        .hasMessageContaining("must be a map");
    assertThatThrownBy(() -> ModelServiceSpec.of("m").withOverrides("decode.replicas"))
        .hasMessageContaining("path=value");
    assertThatThrownBy(() -> ChartRef.local(dir)).hasMessageContaining("Chart.yaml not found");
    assertThatThrownBy(() -> ChartRef.oci("registry.k8s.io/x")).hasMessageContaining("oci://");

    Path broken = Files.createDirectories(dir.resolve("broken/templates"));
    Files.writeString(
        dir.resolve("broken/Chart.yaml"), "apiVersion: v2\nname: broken\nversion: 0.1.0\n");
    Files.writeString(broken.resolve("x.yaml"), "kind: {{ .Values.nope.missing }}\n");
    assertThatThrownBy(
            () ->
                stack()
                    .model(
                        ModelServiceSpec.of("m").withChart(ChartRef.local(dir.resolve("broken"))))
                    .plan())
        .hasMessageContaining("cannot render release qwen3-small-ms");
  }
}
