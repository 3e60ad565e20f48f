package ai.llmd.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.testkit.HelmMockServer;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StackDeployTest {
  private HelmMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = HelmMockServer.start();
    client = server.client();
    // deploy() runs the preflight first: the gateway class must exist and be accepted
    ai.llmd.bench.testkit.ClusterSeed.gatewayClass(
        client, "istio", "istio.io/gateway-controller", true);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Stack.Builder stack(String label) throws Exception {
    return Stack.builder()
        .namespace("bench")
        .modelLabel(label)
        .kubernetes(client)
        .gateway(GatewaySpec.llmdInfra().chart(ChartRef.local(StackPlanTest.chart("llm-d-infra"))))
        .gaie(GaieSpec.inferencePool().chart(ChartRef.local(StackPlanTest.chart("inferencepool"))))
        .model(
            ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                .chart(ChartRef.local(StackPlanTest.chart("llm-d-modelservice")))
                .decodeReplicas(2))
        .readyTimeout(Duration.ofSeconds(20));
  }

  /** Creates a Pending pod, as a controller would. */
  private Pod pod(String name, Map<String, String> labels) {
    return client
        .pods()
        .inNamespace("bench")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("bench")
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("img")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Pending")
                .endStatus()
                .build())
        .create();
  }

  /** Sets a pod Ready from this thread, as the kubelet would. */
  private void ready(Pod pod) {
    client
        .pods()
        .inNamespace("bench")
        .resource(
            new PodBuilder(pod)
                .editStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .updateStatus();
  }

  private void awaitDeployment(String name) throws InterruptedException {
    for (int i = 0;
        i < 500 && client.apps().deployments().inNamespace("bench").withName(name).get() == null;
        i++) {
      Thread.sleep(20);
    }
  }

  private List<Pod> stackPods(String label) {
    return List.of(
        pod(label + "-decode-0", Map.of("llm-d.ai/model", label, "llm-d.ai/role", "decode")),
        pod(label + "-decode-1", Map.of("llm-d.ai/model", label, "llm-d.ai/role", "decode")),
        pod(label + "-gaie-epp-0", Map.of("inferencepool", label + "-gaie-epp")));
  }

  @Test
  void deploysRealReleasesWaitsForReadyPodsAndTearsDown() throws Exception {
    // given: the deployment runs while "the cluster" brings pods up
    Stack.Builder builder = stack("qwen");
    CompletableFuture<DeployedStack> deploying = CompletableFuture.supplyAsync(builder::deploy);
    awaitDeployment("qwen-decode");
    List<Pod> pods = new java.util.ArrayList<>(stackPods("qwen"));
    pods.add(
        pod(
            "gw-0",
            Map.of("gateway.networking.k8s.io/gateway-name", "llmd-infra-inference-gateway")));
    assertThat(deploying).isNotDone(); // Pending pods do not count
    pods.forEach(this::ready);

    // when
    DeployedStack stack = deploying.get(30, TimeUnit.SECONDS);

    // then
    assertThat(stack.releases()).containsExactly("llmd-infra", "qwen-gaie", "qwen-ms");
    List<Release> releases =
        Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call();
    assertThat(releases)
        .extracting(Release::getName)
        .containsExactlyInAnyOrder("llmd-infra", "qwen-gaie", "qwen-ms");
    assertThat(stack.endpoint())
        .hasToString("http://llmd-infra-inference-gateway-istio.bench.svc.cluster.local:80/qwen");
    assertThat(stack.inferencePool())
        .isEqualTo(new DeployedStack.PoolRef("qwen-gaie", "inference.networking.k8s.io"));
    // everything created carries the library's labels
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("bench")
                .withName("qwen-gaie-epp")
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "llmd-bench")
        .containsEntry("llm-d.ai/model", "qwen");
    assertThat(
            client
                .genericKubernetesResources("gateway.networking.k8s.io/v1", "Gateway")
                .inNamespace("bench")
                .withName("llmd-infra-inference-gateway")
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "llmd-bench");
    HTTPRoute route = client.resources(HTTPRoute.class).inNamespace("bench").withName("qwen").get();
    assertThat(route.getSpec().getRules().get(0).getBackendRefs().get(0).getName())
        .isEqualTo("qwen-gaie");
    assertThat(
            client
                .genericKubernetesResources("inference.networking.k8s.io/v1", "InferencePool")
                .inNamespace("bench")
                .list()
                .getItems())
        .isNotEmpty();

    // a local port forwarded to the gateway's Service, for local clients
    client
        .services()
        .inNamespace("bench")
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata()
                .withName("llmd-infra-inference-gateway-istio")
                .endMetadata()
                .withNewSpec()
                .addToSelector(
                    "gateway.networking.k8s.io/gateway-name", "llmd-infra-inference-gateway")
                .addNewPort()
                .withPort(80)
                .withNewTargetPort(8080)
                .endPort()
                .endSpec()
                .build())
        .create();
    try (DeployedStack.PortForward pf = stack.portForward()) {
      assertThat(pf.endpoint().toString()).matches("http://localhost:\\d+/qwen");
      assertThat(pf.forward().getLocalPort()).isPositive();
    }

    // a second stack with the same label is refused, and creates nothing
    int before =
        Helm.list()
            .withNamespace("bench")
            .withKubeConfigContents(server.kubeconfig())
            .call()
            .size();
    assertThatThrownBy(() -> stack("qwen").deploy()).hasMessageContaining("already exists");
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .hasSize(before);

    stack.close();
    stack.close(); // twice is fine
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .isEmpty();
    assertThat(client.resources(HTTPRoute.class).inNamespace("bench").withName("qwen").get())
        .isNull();
  }

  @Test
  void podsThatNeverBecomeReadyFailWithWhatIsMissingAndAreRolledBack() throws Exception {
    Stack.Builder builder = stack("slow").readyTimeout(Duration.ofSeconds(3));
    CompletableFuture<DeployedStack> deploying = CompletableFuture.supplyAsync(builder::deploy);
    awaitDeployment("slow-decode");
    stackPods("slow"); // created, never Ready

    assertThatThrownBy(() -> deploying.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StackDeploymentException.class)
        .cause()
        .hasMessageContaining("not ready within PT3S")
        .hasMessageContaining("decode pods (llm-d.ai/model=slow,llm-d.ai/role=decode): 0/2 ready")
        .hasMessageContaining("slow-decode-0 phase=Pending")
        .hasMessageContaining(
            "gateway (gateway.networking.k8s.io/gateway-name=llmd-infra-inference-gateway): 0/1 ready, no pod found");
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .isEmpty();
    assertThat(client.resources(HTTPRoute.class).inNamespace("bench").withName("slow").get())
        .isNull();
  }

  @Test
  void aCrashLoopingPodFailsFastWithItsLogTailAndKeepOnFailureKeepsTheStack() throws Exception {
    server
        .server()
        .expect()
        .get()
        .withPath("/api/v1/namespaces/bench/pods/crash-decode-0/log?pretty=false&tailLines=20")
        .andReturn(200, "loading model\nCUDA error: out of memory\n")
        .always();
    long start = System.nanoTime();
    Stack.Builder builder = stack("crash").readyTimeout(Duration.ofMinutes(5)).keepOnFailure(true);
    CompletableFuture<DeployedStack> deploying = CompletableFuture.supplyAsync(builder::deploy);
    awaitDeployment("crash-decode");
    Pod p = pod("crash-decode-0", Map.of("llm-d.ai/model", "crash", "llm-d.ai/role", "decode"));
    client
        .pods()
        .inNamespace("bench")
        .resource(
            new PodBuilder(p)
                .editStatus()
                .withPhase("Running")
                .addNewContainerStatus()
                .withName("vllm")
                .withRestartCount(4)
                .withNewState()
                .withNewWaiting()
                .withReason("CrashLoopBackOff")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build())
        .updateStatus();

    assertThatThrownBy(() -> deploying.get(60, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(StackDeploymentException.class)
        .hasMessageContaining("cannot start")
        .hasMessageContaining("CrashLoopBackOff")
        .hasMessageContaining("CUDA error: out of memory");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .hasSize(3);

    // what was kept is found and removed by label
    List<String> removed = Stacks.cleanup(client, "bench");
    assertThat(removed)
        .contains(
            "httproute/crash", "release/crash-ms", "release/crash-gaie", "release/llmd-infra");
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .isEmpty();
  }

  @Test
  void aTokenGivenAsValueGoesIntoASecretAndOnlyItsNameIntoValues() throws Exception {
    String token = "hf_abcdefghijklmnopqrstuvwxyz012345";
    Stack.Builder builder =
        stack("tok").huggingFaceToken(token).readyTimeout(Duration.ofSeconds(1));
    assertThatThrownBy(builder::deploy)
        .isInstanceOf(StackDeploymentException.class)
        .hasMessageNotContaining(token);

    var secret = client.secrets().inNamespace("bench").withName(Stack.Builder.HF_SECRET).get();
    assertThat(secret).isNotNull();
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "llmd-bench");
    StackPlan plan =
        stack("tok")
            .model(
                ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                    .chart(ChartRef.local(StackPlanTest.chart("llm-d-modelservice")))
                    .huggingFaceTokenSecret(Stack.Builder.HF_SECRET))
            .plan();
    assertThat(plan.release("deploy_model").manifests().toString())
        .contains("secretKeyRef")
        .doesNotContain(token);
  }

  @Test
  void stacksShareOneRouteWithARuleEach() throws Exception {
    List<DeployedStack> stacks = new java.util.ArrayList<>();
    for (String label : List.of("a1", "b2")) {
      Stack.Builder builder = stack(label).route(RouteSpec.shared("multi-model-route"));
      CompletableFuture<DeployedStack> deploying = CompletableFuture.supplyAsync(builder::deploy);
      awaitDeployment(label + "-decode");
      List<Pod> pods = new java.util.ArrayList<>(stackPods(label));
      if (label.equals("a1")) {
        pods.add(
            pod(
                "gw-0",
                Map.of("gateway.networking.k8s.io/gateway-name", "llmd-infra-inference-gateway")));
      }
      pods.forEach(this::ready);
      stacks.add(deploying.get(30, TimeUnit.SECONDS));
    }
    var routes = client.resources(HTTPRoute.class).inNamespace("bench");
    assertThat(routes.withName("multi-model-route").get().getSpec().getRules())
        .extracting(r -> r.getBackendRefs().get(0).getName())
        .containsExactly("a1-gaie", "b2-gaie");
    assertThat(stacks.get(1).releases())
        .containsExactly("b2-gaie", "b2-ms"); // the gateway was there already

    stacks.get(0).close();
    assertThat(routes.withName("multi-model-route").get().getSpec().getRules())
        .extracting(r -> r.getMatches().get(0).getPath().getValue())
        .containsExactly("/b2/v1");
  }
}
