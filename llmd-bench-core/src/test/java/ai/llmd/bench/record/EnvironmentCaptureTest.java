package ai.llmd.bench.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class EnvironmentCaptureTest {
  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void capturesNodesGpusAndImageDigestsOfTheModelServers() {
    // given: one GPU node running a decode pod, and an unrelated pod elsewhere
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("gpu-1")
                .addToLabels("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3")
                .addToLabels("kubernetes.io/os", "linux")
                .endMetadata()
                .withNewStatus()
                .addToCapacity("nvidia.com/gpu", new Quantity("8"))
                .addToCapacity("cpu", new Quantity("96"))
                .endStatus()
                .build())
        .create();
    client
        .pods()
        .inNamespace("bench")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("qwen-decode-0")
                .addToLabels("llm-d.ai/model", "qwen")
                .endMetadata()
                .withNewSpec()
                .withNodeName("gpu-1")
                .addNewContainer()
                .withName("vllm")
                .withImage("vllm/vllm-openai:v0.11.2")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .addNewContainerStatus()
                .withName("vllm")
                .withImage("vllm/vllm-openai:v0.11.2")
                .withImageID("docker.io/vllm/vllm-openai@sha256:0123abcd")
                .endContainerStatus()
                .endStatus()
                .build())
        .create();
    client
        .pods()
        .inNamespace("bench")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("other")
                .addToLabels("app", "x")
                .endMetadata()
                .withNewSpec()
                .withNodeName("cpu-1")
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build())
        .create();

    // when
    ExperimentRecord.Environment env =
        ai.llmd.bench.kube.ClusterEnvironment.capture(client, "bench", "llm-d.ai/model=qwen");

    // then
    assertThat(env.nodes()).hasSize(1);
    assertThat(env.nodes().get(0).name()).isEqualTo("gpu-1");
    assertThat(env.nodes().get(0).gpuCount()).isEqualTo(8);
    assertThat(env.nodes().get(0).gpuLabels()).containsOnlyKeys("nvidia.com/gpu.product");
    assertThat(env.images())
        .containsExactly(new ExperimentRecord.Image("vllm/vllm-openai:v0.11.2", "sha256:0123abcd"));
    assertThat(env.kubernetesVersion()).isNotNull();
    assertThat(env.javaVersion()).isEqualTo(System.getProperty("java.version"));
  }
}
