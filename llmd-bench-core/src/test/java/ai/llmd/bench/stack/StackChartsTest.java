package ai.llmd.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.helm.HelmClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans against the test charts, which reproduce what the upstream charts do (see the charts'
 * README): every gateway class x pool version x route mode, EPP presets, container defaults, the
 * routing sidecar, a subchart to build, and bad input.
 */
class StackChartsTest {
  private static final String TOKEN = "hf_planTokenValue0123456789abcdef";

  @TempDir Path dir;

  static ChartRef chart(String name) throws Exception {
    return ChartRef.local(StackPlanTest.chart(name));
  }

  private Stack.Builder stack(String label, GatewayClass cls) throws Exception {
    return Stack.builder()
        .namespace("bench")
        .modelLabel(label)
        .gateway(GatewaySpec.llmdInfra().withChart(chart("llm-d-infra")).withGatewayClass(cls))
        .gaie(GaieSpec.inferencePool().withChart(chart("inferencepool")))
        .model(
            ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                .withChart(chart("llm-d-modelservice"))
                .withDecodeReplicas(2))
        .huggingFaceToken(TOKEN);
  }

  @Test
  void everyGatewayClassPoolVersionAndRouteModePlansConsistently() throws Exception {
    for (GatewayClass cls : GatewayClass.values()) {
      for (String version :
          List.of("inference.networking.k8s.io/v1", "inference.networking.x-k8s.io/v1alpha2")) {
        for (RouteSpec route :
            List.of(RouteSpec.perStack(), RouteSpec.shared("multi-model-route"))) {
          StackPlan[] plans = new StackPlan[2];
          for (int i = 0; i < 2; i++) {
            plans[i] =
                stack(i == 0 ? "alpha" : "beta", cls)
                    .gaie(
                        GaieSpec.inferencePool()
                            .withChart(chart("inferencepool"))
                            .withPoolApiVersion(version))
                    .model(
                        ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                            .withChart(chart("llm-d-modelservice"))
                            .withDecodeReplicas(2)
                            .withPrefillReplicas(1))
                    .route(route)
                    .plan();
            StackPlanChecks.check(plans[i], cls);
            assertThat(plans[i].wiring().poolApiVersion()).isEqualTo(version);
            Path out = dir.resolve(cls + "-" + i + "-" + route.isShared() + version.hashCode());
            plans[i].writeTo(out);
            assertThat(text(out)).as("plan files").doesNotContain(TOKEN);
            assertThat(plans[i].manifests().toString()).doesNotContain(TOKEN);
          }
          // two stacks of a namespace collide only on the shared gateway (and the shared route)
          Set<String> first = stackObjects(plans[0]);
          Set<String> second = stackObjects(plans[1]);
          first.retainAll(second);
          assertThat(first).as("objects both stacks would own").isEmpty();
        }
      }
    }
  }

  /** kind/name of every object a stack owns (the gateway release is shared). */
  private static Set<String> stackObjects(StackPlan plan) {
    Set<String> names = new HashSet<>();
    for (StackPlan.Release r : plan.releases()) {
      if (r.step().equals("deploy_gateway")) {
        continue;
      }
      names.add("release/" + r.name());
      r.manifests()
          .forEach(
              m -> names.add(m.get("kind") + "/" + StackPlanChecks.get(m, "metadata", "name")));
    }
    return names;
  }

  @Test
  @SuppressWarnings("unchecked")
  void presetsGoIntoTheEppConfigMapAndUnknownOnesFailAtPlanTime() throws Exception {
    StackPlan plan =
        stack("alpha", GatewayClass.ISTIO)
            .gaie(
                GaieSpec.inferencePool()
                    .withChart(chart("inferencepool"))
                    .withPluginsConfigFile("inf-sche-prefix-kv.yaml"))
            .plan();
    var gaie = plan.release("deploy_gaie");
    Map<String, Object> data =
        (Map<String, Object>) StackPlanChecks.only(gaie.manifests("ConfigMap")).get("data");
    assertThat(data).containsOnlyKeys("default-plugins.yaml", "inf-sche-prefix-kv.yaml");
    assertThat(data.get("inf-sche-prefix-kv.yaml").toString())
        .contains("prefix-cache-scorer")
        .contains("kv-cache-scorer");
    assertThat(gaie.manifests("Deployment").toString()).contains("/config/inf-sche-prefix-kv.yaml");

    // the name without .yaml, and a configuration given as content
    String mine =
        "apiVersion: inference.networking.x-k8s.io/v1alpha1\nkind: EndpointPickerConfig\n"
            + "plugins:\n- type: random-picker\nschedulingProfiles:\n- name: default\n"
            + "  plugins:\n  - pluginRef: random-picker\n";
    plan =
        stack("alpha", GatewayClass.ISTIO)
            .gaie(
                GaieSpec.inferencePool()
                    .withChart(chart("inferencepool"))
                    .withPluginsConfig("mine", mine))
            .plan();
    data =
        (Map<String, Object>)
            StackPlanChecks.only(plan.release("deploy_gaie").manifests("ConfigMap")).get("data");
    assertThat(data).containsOnlyKeys("default-plugins.yaml", "mine.yaml");
    assertThat(
            stack("alpha", GatewayClass.ISTIO)
                .gaie(
                    GaieSpec.inferencePool()
                        .withChart(chart("inferencepool"))
                        .withPluginsConfigFile("inf-sche-none"))
                .plan()
                .release("deploy_gaie")
                .manifests("Deployment")
                .toString())
        .contains("/config/inf-sche-none.yaml");

    // an unknown preset: an error at plan time naming the preset and the fix
    assertThatThrownBy(
            () ->
                stack("alpha", GatewayClass.ISTIO)
                    .gaie(
                        GaieSpec.inferencePool()
                            .withChart(chart("inferencepool"))
                            .withPluginsConfigFile("inf-sche-magic.yaml"))
                    .plan())
        .hasMessageContaining("unknown endpoint picker preset 'inf-sche-magic.yaml'")
        .hasMessageContaining("withPluginsConfig(name, yaml)");
    // a configuration referencing an undeclared plugin
    assertThatThrownBy(
            () ->
                GaieSpec.inferencePool()
                    .withPluginsConfig(
                        "bad",
                        mine.replace("- pluginRef: random-picker", "- pluginRef: queue-scorer")))
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("schedulingProfiles[0].plugins[0].pluginRef 'queue-scorer'");
    // every shipped preset references only plugins it declares
    for (String preset : EppPresets.NAMES) {
      EppPresets.validate(preset, EppPresets.content(preset));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void modelServiceValuesMergeIntoTheChartsContainerDefaults() throws Exception {
    StackPlan plan =
        stack("alpha", GatewayClass.ISTIO)
            .model(
                ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                    .withChart(chart("llm-d-modelservice"))
                    .withImage("vllm/vllm-openai:v0.11.2")
                    .withArgs("--enforce-eager")
                    .withValues(
                        "decode:\n  containers:\n  - name: vllm\n    env:\n    - name: VLLM_LOGGING_LEVEL\n"
                            + "      value: DEBUG\n"))
            .plan();
    var decode =
        plan.release("deploy_model").manifests("Deployment").stream()
            .filter(d -> "alpha-decode".equals(StackPlanChecks.get(d, "metadata", "name")))
            .findFirst()
            .orElseThrow();
    List<Map<String, Object>> containers =
        (List<Map<String, Object>>)
            StackPlanChecks.get(decode, "spec", "template", "spec", "containers");
    Map<String, Object> vllm = StackPlanChecks.only(containers);
    // ours win...
    assertThat(vllm.get("image")).isEqualTo("vllm/vllm-openai:v0.11.2");
    assertThat(vllm.get("command")).isEqualTo(List.of("vllm", "serve"));
    assertThat(vllm.get("args").toString()).contains("--enforce-eager");
    assertThat(vllm.get("env").toString()).contains("VLLM_LOGGING_LEVEL").contains("secretKeyRef");
    // ...and the chart's defaults stay: metrics volume, model volume and HF_HOME
    assertThat(vllm.get("volumeMounts").toString())
        .contains("metrics-volume")
        .contains("model-storage");
    assertThat(vllm.get("env").toString()).contains("HF_HOME");
    // the decode pods serve the pool's port through the routing sidecar, vLLM behind it on 8200
    Map<String, Object> podSpec =
        (Map<String, Object>) StackPlanChecks.get(decode, "spec", "template", "spec");
    assertThat(StackPlanChecks.servedPorts(podSpec)).contains(8000, 8200);
    assertThat(vllm.get("args").toString()).contains("8200").doesNotContain("8000");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theModelServersAreThePodsThePoolSelectsWithAServiceUrlOnlyWhenOneIsRendered()
      throws Exception {
    ModelServiceSpec pd =
        ModelServiceSpec.of("Qwen/Qwen3-0.6B")
            .withChart(chart("llm-d-modelservice"))
            .withDecodeReplicas(2)
            .withPrefillReplicas(1);
    StackPlan plan = stack("alpha", GatewayClass.ISTIO).model(pd).plan();

    // like llm-d-modelservice v0.4.12: Deployments, no Service
    assertThat(plan.release("deploy_model").manifests("Service")).isEmpty();
    DeployedStack.ModelServiceRef ref = plan.wiring().modelService();
    assertThat(ref.release()).isEqualTo("alpha-ms");
    assertThat(ref.workloads()).containsExactly("alpha-decode", "alpha-prefill");
    assertThat(ref.podSelector()).containsEntry("llm-d.ai/model", "alpha");
    assertThat(ref.port()).isEqualTo(8000).isNotEqualTo(8200); // the sidecar, not vLLM behind it
    assertThat(ref.serviceUrl()).isEmpty();

    // a reviewed plan shows where traffic goes
    plan.writeTo(dir);
    Map<String, Object> wiring =
        ai.llmd.bench.report.Reports.yamlMapper()
            .readValue(Files.readString(dir.resolve("wiring.yaml")), Map.class);
    assertThat(StackPlanChecks.get(wiring, "gateway", "name"))
        .isEqualTo(plan.httpRoute().getSpec().getParentRefs().get(0).getName());
    assertThat(StackPlanChecks.get(wiring, "route", "pathPrefix")).isEqualTo("/alpha/");
    assertThat(StackPlanChecks.get(wiring, "inferencePool", "name")).isEqualTo("alpha-gaie");
    assertThat(StackPlanChecks.get(wiring, "inferencePool", "targetPort")).isEqualTo(8000);
    assertThat(StackPlanChecks.get(wiring, "endpointPicker", "service"))
        .isEqualTo("alpha-gaie-epp");
    assertThat(StackPlanChecks.get(wiring, "modelServers", "podSelector"))
        .isEqualTo(Map.of("llm-d.ai/inferenceServing", "true", "llm-d.ai/model", "alpha"));
    assertThat(StackPlanChecks.get(wiring, "modelServers", "workloads"))
        .isEqualTo(List.of("alpha-decode", "alpha-prefill"));
    assertThat(StackPlanChecks.get(wiring, "modelServers", "service").toString())
        .contains("none rendered");
    assertThat(Files.readString(dir.resolve("wiring.yaml"))).doesNotContain(TOKEN);

    // a Service the user adds (extraObjects) is reported only when it reaches the pool's port
    String bypass =
        """
        extraObjects:
          - apiVersion: v1
            kind: Service
            metadata: {name: alpha-vllm}
            spec:
              selector: {llm-d.ai/model: alpha}
              ports: [{port: 80, targetPort: %d}]
        """;
    StackPlan direct =
        stack("alpha", GatewayClass.ISTIO).model(pd.withValues(bypass.formatted(8200))).plan();
    assertThat(direct.wiring().modelService().serviceUrl()).as("Service to vLLM only").isEmpty();
    StackPlan served =
        stack("alpha", GatewayClass.ISTIO).model(pd.withValues(bypass.formatted(8000))).plan();
    assertThat(served.wiring().modelService().serviceUrl())
        .contains(java.net.URI.create("http://alpha-vllm.bench.svc.cluster.local:80"));
    StackPlanChecks.check(served, GatewayClass.ISTIO);
  }

  @Test
  void thePlanShowsTheSecretReferenceDeployUses() throws Exception {
    StackPlan plan = stack("alpha", GatewayClass.ISTIO).plan();
    assertThat(plan.release("deploy_model").values().toString())
        .contains("authSecretName=" + Stack.Builder.HF_SECRET)
        .doesNotContain(TOKEN);
    assertThat(plan.release("deploy_model").manifests("Deployment").toString())
        .contains("secretKeyRef")
        .contains(Stack.Builder.HF_SECRET);
  }

  @Test
  void aLocalChartWithoutItsBuiltSubchartIsBuilt() throws Exception {
    Path copy = dir.resolve("gaie-git");
    copyTree(StackPlanTest.chart("inferencepool-git/inferencepool").getParent(), copy);
    Path chartDir = copy.resolve("inferencepool");
    assertThat(chartDir.resolve("charts")).doesNotExist();

    StackPlan plan =
        stack("alpha", GatewayClass.ISTIO)
            .gaie(GaieSpec.inferencePool().withChart(ChartRef.local(chartDir)))
            .plan();

    assertThat(chartDir.resolve("charts")).isNotEmptyDirectory();
    // a 0.0.0 chart (as in git) renders a v1 pool, and the route follows what it rendered
    assertThat(plan.wiring().poolApiVersion()).isEqualTo("inference.networking.k8s.io/v1");
    assertThat(plan.httpRoute().getSpec().getRules().get(0).getBackendRefs().get(0).getGroup())
        .isEqualTo("inference.networking.k8s.io");
    StackPlanChecks.check(plan, GatewayClass.ISTIO);
  }

  @Test
  void aSubchartThatCannotBeBuiltSaysHow() throws Exception {
    Path copy = dir.resolve("alone");
    copyTree(StackPlanTest.chart("inferencepool-git/inferencepool"), copy); // without ../epplib
    assertThatThrownBy(
            () ->
                HelmClient.helmJava()
                    .template(ChartRef.local(copy), "x", "bench", Map.of(), "v1.34.0"))
        .hasMessageContaining("inference-extension")
        .hasMessageContaining("helm dependency build " + copy);
  }

  @Test
  void badInputFailsAtPlanTimeNamingTheChartTheValueAndTheFix() throws Exception {
    // unknown gateway class
    assertThatThrownBy(() -> GatewayClass.of("nginx"))
        .hasMessageContaining("unknown gateway class 'nginx'")
        .hasMessageContaining("agentgateway");
    assertThat(GatewayClass.of("gke-l7-regional-external-managed")).isEqualTo(GatewayClass.GKE);

    // a chart whose kubeVersion excludes the cluster
    assertThatThrownBy(() -> stack("alpha", GatewayClass.ISTIO).kubeVersion("v1.27.3").plan())
        .hasMessageContaining("llm-d-infra")
        .hasMessageContaining(">= 1.28.0-0")
        .hasMessageContaining("v1.27.3")
        .hasMessageContaining("kubeVersion(");

    // values the chart's schema rejects (a GAIE key in the llm-d-infra values)
    assertThatThrownBy(
            () ->
                stack("alpha", GatewayClass.GKE)
                    .gateway(
                        GatewaySpec.llmdInfra()
                            .withChart(chart("llm-d-infra"))
                            .withGatewayClass(GatewayClass.GKE)
                            .withValues("provider:\n  name: gke\n"))
                    .plan())
        .hasMessageContaining("llm-d-infra")
        .hasMessageContaining("provider")
        .hasMessageContaining("values or overrides");

    // a chart that renders no pool
    Path noPool = Files.createDirectories(dir.resolve("nopool/templates"));
    Files.writeString(
        dir.resolve("nopool/Chart.yaml"), "apiVersion: v2\nname: inferencepool\nversion: 0.5.1\n");
    Files.writeString(
        noPool.resolve("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
    assertThatThrownBy(
            () ->
                stack("alpha", GatewayClass.ISTIO)
                    .gaie(GaieSpec.inferencePool().withChart(ChartRef.local(dir.resolve("nopool"))))
                    .plan())
        .hasMessageContaining("nopool@0.5.1")
        .hasMessageContaining("rendered 0 InferencePools");

    // a pool version the chart does not render (the git chart renders v1 only)
    Path git = dir.resolve("git");
    copyTree(StackPlanTest.chart("inferencepool-git/inferencepool").getParent(), git);
    assertThatThrownBy(
            () ->
                stack("alpha", GatewayClass.ISTIO)
                    .gaie(
                        GaieSpec.inferencePool()
                            .withChart(ChartRef.local(git.resolve("inferencepool")))
                            .withPoolApiVersion("inference.networking.x-k8s.io/v1alpha2"))
                    .plan())
        .hasMessageContaining("rendered InferencePool alpha-gaie as inference.networking.k8s.io/v1")
        .hasMessageContaining("but inference.networking.x-k8s.io/v1alpha2 was asked");
  }

  private static String text(Path dir) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
