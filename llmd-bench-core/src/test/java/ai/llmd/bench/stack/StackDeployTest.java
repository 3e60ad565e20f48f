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
    server =
        HelmMockServer.start()
            .registerKinds(HelmMockServer.ISTIO_KINDS)
            .registerKinds(HelmMockServer.AGENTGATEWAY_KINDS);
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
        .gateway(
            GatewaySpec.llmdInfra().withChart(ChartRef.local(StackPlanTest.chart("llm-d-infra"))))
        .gaie(
            GaieSpec.inferencePool()
                .withChart(ChartRef.local(StackPlanTest.chart("inferencepool"))))
        .model(
            ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                .withChart(ChartRef.local(StackPlanTest.chart("llm-d-modelservice")))
                .withDecodeReplicas(2))
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

  /** The stack's pods, labelled as the rendered pod templates label them. */
  private List<Pod> stackPods(String label) {
    Map<String, String> decode =
        Map.of(
            "llm-d.ai/model",
            label,
            "llm-d.ai/role",
            "decode",
            "llm-d.ai/inferenceServing",
            "true");
    return List.of(
        pod(label + "-decode-0", decode),
        pod(label + "-decode-1", decode),
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
    // the model servers: the installed decode Deployment's pods, reached on the sidecar port
    // through the gateway; no Service was installed for them, so none is claimed
    DeployedStack.ModelServiceRef ms = stack.modelService();
    assertThat(ms.release()).isEqualTo("qwen-ms");
    assertThat(ms.workloads()).containsExactly("qwen-decode");
    assertThat(ms.port()).isEqualTo(8000);
    assertThat(ms.serviceUrl()).isEmpty();
    var decodeTemplate =
        client
            .apps()
            .deployments()
            .inNamespace("bench")
            .withName("qwen-decode")
            .get()
            .getSpec()
            .getTemplate();
    assertThat(decodeTemplate.getMetadata().getLabels()).containsAllEntriesOf(ms.podSelector());
    assertThat(decodeTemplate.getSpec().getInitContainers())
        .flatExtracting(c -> c.getPorts())
        .extracting(p -> p.getContainerPort())
        .contains(ms.port());
    assertThat(client.pods().inNamespace("bench").withLabels(ms.podSelector()).list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("qwen-decode-0", "qwen-decode-1");
    assertThat(client.services().inNamespace("bench").list().getItems())
        .noneMatch(
            svc ->
                svc.getSpec().getSelector() != null
                    && ms.podSelector()
                        .entrySet()
                        .containsAll(svc.getSpec().getSelector().entrySet()));
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
        .containsEntry("app.kubernetes.io/managed-by", "Helm") // Helm's own label stays
        .containsEntry("llm-d.ai/managed-by", "llmd-bench")
        .containsEntry("llm-d.ai/model", "qwen");
    assertThat(
            client
                .genericKubernetesResources("gateway.networking.k8s.io/v1", "Gateway")
                .inNamespace("bench")
                .withName("llmd-infra-inference-gateway")
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "Helm")
        .containsEntry("llm-d.ai/managed-by", "llmd-bench");
    // the istio provider's objects were installed
    assertThat(
            client
                .genericKubernetesResources("telemetry.istio.io/v1", "Telemetry")
                .inNamespace("bench")
                .list()
                .getItems())
        .hasSize(1);
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
        stack("tok")
            .huggingFaceToken(token)
            .readyTimeout(Duration.ofSeconds(1))
            .keepOnFailure(true);
    assertThatThrownBy(builder::deploy)
        .isInstanceOf(StackDeploymentException.class)
        .hasMessageNotContaining(token);

    var secret = client.secrets().inNamespace("bench").withName(Stack.Builder.HF_SECRET).get();
    assertThat(secret).isNotNull();
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "llmd-bench");
    // the Deployment deploy() installed references the Secret exactly as the plan shows it
    var installed = client.apps().deployments().inNamespace("bench").withName("tok-decode").get();
    assertThat(client.getKubernetesSerialization().asYaml(installed.getSpec().getTemplate()))
        .contains("secretKeyRef")
        .contains(Stack.Builder.HF_SECRET)
        .doesNotContain(token);
    assertThat(
            stack("tok")
                .huggingFaceToken(token)
                .plan()
                .release("deploy_model")
                .manifests()
                .toString())
        .contains("secretKeyRef")
        .contains(Stack.Builder.HF_SECRET);

    // a failed deploy without keepOnFailure leaves no Secret behind
    Stacks.cleanup(client, "bench");
    assertThatThrownBy(
            stack("tok2").huggingFaceToken(token).readyTimeout(Duration.ofSeconds(1))::deploy)
        .isInstanceOf(StackDeploymentException.class);
    assertThat(client.secrets().inNamespace("bench").withName(Stack.Builder.HF_SECRET).get())
        .isNull();
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .isEmpty();
    StackPlan plan =
        stack("tok")
            .model(
                ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                    .withChart(ChartRef.local(StackPlanTest.chart("llm-d-modelservice")))
                    .withHuggingFaceTokenSecret(Stack.Builder.HF_SECRET))
            .plan();
    assertThat(plan.release("deploy_model").manifests().toString())
        .contains("secretKeyRef")
        .doesNotContain(token);
  }

  @Test
  void stacksShareOneRouteWithARuleEach() throws Exception {
    List<DeployedStack> stacks = new java.util.ArrayList<>();
    for (String label : List.of("a1", "b2")) {
      Stack.Builder builder =
          stack(label)
              .route(RouteSpec.shared("multi-model-route"))
              .huggingFaceToken("hf_sharedtokenvalue0000000000");
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
    // b2 still routes through the gateway: its release stays, and so does the token Secret
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .extracting(Release::getName)
        .containsExactlyInAnyOrder("llmd-infra", "b2-gaie", "b2-ms");
    assertThat(client.secrets().inNamespace("bench").withName(Stack.Builder.HF_SECRET).get())
        .isNotNull();

    stacks.get(1).close();
    // the last stack removes the rest: nothing is left behind
    assertThat(routes.list().getItems()).isEmpty();
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .isEmpty();
    assertThat(client.secrets().inNamespace("bench").list().getItems()).isEmpty();
    assertThat(client.apps().deployments().inNamespace("bench").list().getItems()).isEmpty();
    assertThat(
            client
                .genericKubernetesResources("gateway.networking.k8s.io/v1", "Gateway")
                .inNamespace("bench")
                .list()
                .getItems())
        .isEmpty();
  }

  @Test
  void theGatewayStaysWhileAnotherStacksRouteUsesIt() throws Exception {
    DeployedStack a = deployReady(stack("pa"), "pa", true);
    DeployedStack b = deployReady(stack("pb"), "pb", false);
    assertThat(a.releases()).containsExactly("llmd-infra", "pa-gaie", "pa-ms");
    assertThat(b.releases()).containsExactly("pb-gaie", "pb-ms");

    a.close(); // the stack that installed the gateway goes first
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .extracting(Release::getName)
        .containsExactlyInAnyOrder("llmd-infra", "pb-gaie", "pb-ms");
    assertThat(client.resources(HTTPRoute.class).inNamespace("bench").withName("pb").get())
        .isNotNull();

    b.close();
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .isEmpty();
    assertThat(client.resources(HTTPRoute.class).inNamespace("bench").list().getItems()).isEmpty();
  }

  @Test
  void anInstalledStackIsUpgradedInPlace() throws Exception {
    DeployedStack first = deployReady(stack("up"), "up", true);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("bench")
                .withName("up-decode")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);

    // changed values: three decode replicas and another argument
    Stack.Builder changed =
        stack("up")
            .model(
                ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                    .withChart(ChartRef.local(StackPlanTest.chart("llm-d-modelservice")))
                    .withDecodeReplicas(3)
                    .withArgs("--max-model-len=8192"));
    ready(pod("up-decode-2", Map.of("llm-d.ai/model", "up", "llm-d.ai/role", "decode")));
    DeployedStack upgraded = changed.upgrade();

    var decode = client.apps().deployments().inNamespace("bench").withName("up-decode").get();
    assertThat(decode.getSpec().getReplicas()).isEqualTo(3);
    assertThat(decode.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--max-model-len=8192");
    assertThat(decode.getMetadata().getLabels()).containsEntry("llm-d.ai/managed-by", "llmd-bench");
    List<Release> releases =
        Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call();
    assertThat(releases)
        .filteredOn(r -> r.getName().equals("up-ms"))
        .extracting(Release::getRevision)
        .containsExactly("2");
    assertThat(client.resources(HTTPRoute.class).inNamespace("bench").withName("up").get())
        .isNotNull();
    // deploy() refuses an installed label, upgrade() refuses a missing one
    assertThatThrownBy(() -> stack("nope").upgrade()).hasMessageContaining("deploy() it first");

    upgraded.close();
    first.close();
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .isEmpty();
  }

  @Test
  void aClusterOutsideTheChartsKubeVersionIsRefusedAndNothingIsCreated() throws Exception {
    server.kubernetesVersion("v1.27.3");
    assertThatThrownBy(stack("old").huggingFaceToken("hf_secretvalue000000000000")::deploy)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("llm-d-infra")
        .hasMessageContaining("v1.27.3");
    assertThat(
            Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
        .isEmpty();
    assertThat(client.secrets().inNamespace("bench").list().getItems()).isEmpty();
    assertThat(client.resources(HTTPRoute.class).inNamespace("bench").list().getItems()).isEmpty();
  }

  /** Deploys while "the cluster" brings the stack's pods up, and waits for the handle. */
  private DeployedStack deployReady(Stack.Builder builder, String label, boolean gateway)
      throws Exception {
    CompletableFuture<DeployedStack> deploying = CompletableFuture.supplyAsync(builder::deploy);
    awaitDeployment(label + "-decode");
    List<Pod> pods = new java.util.ArrayList<>(stackPods(label));
    if (gateway) {
      pods.add(
          pod(
              "gw-" + label,
              Map.of("gateway.networking.k8s.io/gateway-name", "llmd-infra-inference-gateway")));
    }
    pods.forEach(this::ready);
    return deploying.get(30, TimeUnit.SECONDS);
  }
}
