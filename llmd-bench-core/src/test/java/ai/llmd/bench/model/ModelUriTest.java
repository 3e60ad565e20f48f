package ai.llmd.bench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.stack.ChartRef;
import ai.llmd.bench.stack.ModelServiceSpec;
import ai.llmd.bench.stack.Stack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The download's URI is what the model service takes: the servers mount the claim. */
class ModelUriTest {

  @Test
  void modelServiceSpecAcceptsTheDownloadsPvcUriAndMountsTheModelVolume() throws Exception {
    String uri = ModelDownload.builder().model("Qwen/Qwen3-0.6B").claim("model-cache").uri();
    assertThat(uri).isEqualTo("pvc://model-cache/models/Qwen/Qwen3-0.6B");

    Map<String, Object> values =
        Stack.builder()
            .namespace("bench")
            .modelLabel("qwen")
            .model(
                ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                    .withChart(
                        ChartRef.local(
                            Path.of(getClass().getResource("/charts/llm-d-modelservice").toURI())))
                    .withModelUri(uri))
            .gateway(
                ai.llmd.bench.stack.GatewaySpec.llmdInfra()
                    .withChart(
                        ChartRef.local(
                            Path.of(getClass().getResource("/charts/llm-d-infra").toURI()))))
            .gaie(
                ai.llmd.bench.stack.GaieSpec.inferencePool()
                    .withChart(
                        ChartRef.local(
                            Path.of(getClass().getResource("/charts/inferencepool").toURI()))))
            .plan()
            .release("deploy_model")
            .values();

    @SuppressWarnings("unchecked")
    Map<String, Object> artifacts = (Map<String, Object>) values.get("modelArtifacts");
    assertThat(artifacts).containsEntry("uri", uri);
    @SuppressWarnings("unchecked")
    Map<String, Object> decode = (Map<String, Object>) values.get("decode");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> containers = (List<Map<String, Object>>) decode.get("containers");
    assertThat(containers.get(0)).containsEntry("mountModelVolume", true);
  }

  @Test
  void otherUrisAreRefused() {
    assertThatThrownBy(() -> ModelServiceSpec.of("m").withModelUri("s3://bucket/model"))
        .hasMessageContaining("modelUri must be hf://<model> or pvc://<claim>/<path>");
    assertThatThrownBy(() -> ModelServiceSpec.of("m").withModelUri("pvc://model-cache"))
        .hasMessageContaining("pvc://<claim>/<path>");
    assertThat(ModelServiceSpec.of("m").withModelUri("hf://Qwen/Qwen3-0.6B")).isNotNull();
  }
}
