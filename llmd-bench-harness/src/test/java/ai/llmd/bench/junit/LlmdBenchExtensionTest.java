package ai.llmd.bench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.llmd.bench.stack.ChartRef;
import ai.llmd.bench.stack.DeployedStack;
import ai.llmd.bench.stack.GaieSpec;
import ai.llmd.bench.stack.GatewaySpec;
import ai.llmd.bench.stack.ModelServiceSpec;
import ai.llmd.bench.stack.Stack;
import ai.llmd.bench.testkit.HelmMockServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs small {@link LlmdBench} classes through the JUnit Platform and checks what happened to them:
 * passed, skipped with which reason, failed with which message.
 */
class LlmdBenchExtensionTest {

  /** Outcome by display name: "passed", "skipped: reason" or "failed: message". */
  static Map<String, String> run(Class<?> testClass) {
    Map<String, String> outcomes = new LinkedHashMap<>();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
            new TestExecutionListener() {
              @Override
              public void executionSkipped(TestIdentifier id, String reason) {
                outcomes.put(name(id), "skipped: " + reason);
              }

              @Override
              public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.getType().isContainer() && id.getSource().isEmpty()) {
                  return; // the engine
                }
                outcomes.put(
                    name(id),
                    switch (result.getStatus()) {
                      case SUCCESSFUL -> "passed";
                      case ABORTED ->
                          "skipped: " + result.getThrowable().orElseThrow().getMessage();
                      case FAILED -> "failed: " + result.getThrowable().orElseThrow().getMessage();
                    });
              }
            });
    return outcomes;
  }

  /** A test's display name, a class's simple name. */
  static String name(TestIdentifier id) {
    String n = id.getDisplayName();
    return n.substring(n.lastIndexOf('$') + 1);
  }

  private final List<String> properties = new ArrayList<>();

  private void set(String key, String value) {
    properties.add(key);
    System.setProperty(key, value);
  }

  @AfterEach
  void clearProperties() {
    properties.forEach(System::clearProperty);
  }

  static final List<URI> seen = new ArrayList<>();

  @LlmdBench
  static class OnTheSimulator {
    @SimulatorDefinition
    static ai.llmd.bench.harness.sim.Simulator.Builder sim() {
      return ai.llmd.bench.harness.sim.Simulator.builder().model("test/model");
    }

    @Test
    void servesRequests(BenchTarget target) throws Exception {
      seen.add(target.endpoint());
      assertThat(target.kind()).isEqualTo(BenchTarget.Kind.SIMULATOR);
      assertThat(target.model()).isEqualTo("test/model");
      HttpResponse<String> models = get(target.endpoint().resolve("/v1/models"));
      assertThat(models.body()).contains("test/model");
    }

    @Test
    void sharesTheSimulatorOfTheClass(BenchTarget target) {
      seen.add(target.endpoint());
    }

    @Test
    void needsAStack(DeployedStack stack) {}
  }

  static HttpResponse<String> get(URI uri) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theSimulatorServesTheClassAndStopsAfterIt() {
    seen.clear();
    Map<String, String> outcomes = run(OnTheSimulator.class);

    assertThat(outcomes)
        .containsEntry("servesRequests(BenchTarget)", "passed")
        .containsEntry("sharesTheSimulatorOfTheClass(BenchTarget)", "passed")
        .containsEntry(
            "needsAStack(DeployedStack)",
            "skipped: needsAStack needs a deployed stack; run with -Dllmd.bench.target=cluster"
                + " against a cluster");
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isEqualTo(seen.get(1)); // one simulator per class
    // stopped after the class
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(seen.get(0).resolve("/health")))
        .isInstanceOf(ConnectException.class);
  }

  @LlmdBench(lifecycle = LlmdBench.Lifecycle.PER_TEST)
  static class PerTest {
    @Test
    void one(BenchTarget target) {
      seen.add(target.endpoint());
    }

    @Test
    void two(BenchTarget target) {
      seen.add(target.endpoint());
    }
  }

  @Test
  void perTestLifecycleGivesEachTestItsOwnSimulator() {
    seen.clear();
    assertThat(run(PerTest.class)).containsEntry("one(BenchTarget)", "passed");
    assertThat(seen).hasSize(2).doesNotHaveDuplicates();
  }

  /** The same kind of class, with a stack for a cluster run. */
  @LlmdBench
  static class WithAStack {
    static Stack.Builder last;

    @StackDefinition
    static Stack.Builder stack() {
      Path charts = Path.of("../llmd-bench-core/src/test/resources/charts");
      last =
          Stack.builder()
              .gateway(
                  GatewaySpec.llmdInfra().withChart(ChartRef.local(charts.resolve("llm-d-infra"))))
              .gaie(
                  GaieSpec.inferencePool()
                      .withChart(ChartRef.local(charts.resolve("inferencepool"))))
              .model(
                  ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                      .withChart(ChartRef.local(charts.resolve("llm-d-modelservice"))))
              .readyTimeout(Duration.ofSeconds(2));
      return last;
    }

    @Test
    void slo(BenchTarget target) {}
  }

  @Test
  void withNoClusterAClusterRunIsSkippedNotFailed() {
    set(LlmdBenchExtension.TARGET_PROPERTY, "cluster");
    set("kubernetes.auth.tryKubeConfig", "false");
    set("kubernetes.auth.tryServiceAccount", "false");
    set("kubernetes.master", "http://127.0.0.1:9");

    Map<String, String> outcomes = run(WithAStack.class);

    assertThat(outcomes.get("WithAStack"))
        .startsWith("skipped: no Kubernetes cluster answers at http://127.0.0.1:9/")
        .contains("set KUBECONFIG, or run against the simulator");
    assertThat(outcomes).doesNotContainKey("slo(BenchTarget)");
    // and the same class runs on the simulator without the property
    clearProperties();
    properties.clear();
    assertThat(run(WithAStack.class)).containsEntry("slo(BenchTarget)", "passed");
  }

  @Test
  void aClusterWithoutTheCrdsIsSkippedNamingThem() {
    try (HelmMockServer server = HelmMockServer.start()) {
      pointAt(server);
      Map<String, String> outcomes = run(WithAStack.class);
      assertThat(outcomes.get("WithAStack"))
          .startsWith("skipped: the cluster at http://localhost:")
          .contains(
              "lacks CRDs the stack needs: [destinationrules.networking.istio.io,"
                  + " gateways.gateway.networking.k8s.io,"
                  + " httproutes.gateway.networking.k8s.io,"
                  + " inferencepools.inference.networking.k8s.io,"
                  + " telemetries.telemetry.istio.io]");
      // nothing was created
      assertThat(server.client().namespaces().list().getItems())
          .noneMatch(n -> n.getMetadata().getName().startsWith("llmd-bench-"));
    }
  }

  @Test
  void aFailedDeploymentRemovesItsEphemeralNamespaceUnlessPreserved() throws Exception {
    try (HelmMockServer server = HelmMockServer.start()) {
      pointAt(server);
      installCrds(server.client());

      // the mock cannot run the stack: the deployment fails (Helm or the ready wait)
      Map<String, String> outcomes = run(WithAStack.class);
      assertThat(outcomes.get("WithAStack")).startsWith("failed: ");
      assertThat(ephemeralNamespaces(server.client())).isEmpty();

      set(LlmdBenchExtension.PRESERVE_PROPERTY, "true");
      outcomes = run(WithAStack.class);
      assertThat(outcomes.get("WithAStack")).startsWith("failed: ");
      assertThat(ephemeralNamespaces(server.client())).hasSize(1);
    }
  }

  @LlmdBench(target = BenchTarget.Kind.CLUSTER)
  static class NoStackDefinition {
    @Test
    void slo(BenchTarget target) {}
  }

  @Test
  void aClusterTargetWithoutAStackDefinitionFailsClearly() {
    assertThat(run(NoStackDefinition.class).get("NoStackDefinition"))
        .isEqualTo(
            "failed: "
                + NoStackDefinition.class.getName()
                + " targets a cluster but has no static method annotated @StackDefinition"
                + " returning Stack.Builder");
  }

  @Test
  void aTargetPropertyWithATypoFailsClearly() {
    set(LlmdBenchExtension.TARGET_PROPERTY, "clustr");
    assertThat(run(PerTest.class).get("one(BenchTarget)"))
        .isEqualTo("failed: llmd.bench.target must be simulator or cluster, was 'clustr'");
  }

  private void pointAt(HelmMockServer server) {
    set(LlmdBenchExtension.TARGET_PROPERTY, "cluster");
    set("kubernetes.auth.tryKubeConfig", "false");
    set("kubernetes.auth.tryServiceAccount", "false");
    set("kubernetes.master", server.client().getMasterUrl().toString());
    set("kubernetes.auth.token", "dummy");
  }

  private static List<String> ephemeralNamespaces(KubernetesClient client) {
    return client.namespaces().list().getItems().stream()
        .map(n -> n.getMetadata().getName())
        .filter(n -> n.startsWith("llmd-bench-"))
        .toList();
  }

  private static void installCrds(KubernetesClient client) throws Exception {
    for (String file :
        List.of(
            "gateway.networking.k8s.io_gateways.yaml",
            "gateway.networking.k8s.io_httproutes.yaml",
            "inference.networking.k8s.io_inferencepools.yaml")) {
      try (InputStream in = LlmdBenchExtensionTest.class.getResourceAsStream("/crds/" + file)) {
        CustomResourceDefinition crd =
            client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
    }
    // the istio gateway class also renders a DestinationRule and a Telemetry
    for (String[] crd :
        new String[][] {
          {"networking.istio.io", "destinationrules", "DestinationRule"},
          {"telemetry.istio.io", "telemetries", "Telemetry"}
        }) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(
              new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
                  .withNewMetadata()
                  .withName(crd[1] + "." + crd[0])
                  .endMetadata()
                  .withNewSpec()
                  .withGroup(crd[0])
                  .withScope("Namespaced")
                  .withNewNames()
                  .withPlural(crd[1])
                  .withKind(crd[2])
                  .endNames()
                  .addNewVersion()
                  .withName("v1")
                  .withServed(true)
                  .withStorage(true)
                  .endVersion()
                  .endSpec()
                  .build())
          .create();
    }
  }
}
