package ai.llmd.bench.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRecordTest {
  private static final String TOKEN = "hf_abcdefghijklmnopqrstuvwxyz0123456789";
  @TempDir Path dir;

  @Test
  void aSecretPutIntoEveryInputAppearsInNoFileWritten() throws Exception {
    // given: the token in values, overrides, the route, the profile, executor settings and image
    // references
    ExperimentRecord record =
        ExperimentRecord.builder("exp-1")
            .secret(TOKEN)
            .start(Instant.parse("2026-11-27T00:00:00Z"))
            .end(Instant.parse("2026-11-27T00:10:00Z"))
            .environment(
                new ExperimentRecord.Environment(
                    "v1.31.2",
                    List.of(
                        new ExperimentRecord.Node(
                            "gpu-1", Map.of("nvidia.com/gpu.product", "H100"), 8)),
                    List.of(
                        new ExperimentRecord.Image(
                            "vllm/vllm-openai:v0.11?token=" + TOKEN, "sha256:abc")),
                    "17",
                    "Linux"))
            .release(
                new ExperimentRecord.Release(
                    "deploy_model",
                    "ms-qwen",
                    "bench",
                    "llm-d-modelservice/llm-d-modelservice",
                    null,
                    "0.2.9",
                    "https://llm-d-incubation.github.io/llm-d-modelservice/",
                    Map.of(
                        "modelArtifacts",
                        Map.of("authSecretName", "hf", "hfToken", TOKEN),
                        "note",
                        "uses " + TOKEN),
                    List.of("decode.env[name=\"HF_TOKEN\"].value=" + TOKEN)))
            .route(Map.of("metadata", Map.of("annotations", Map.of("auth", TOKEN))))
            .workload(
                new ExperimentRecord.Workload(
                    "inference-perf",
                    "sanity_random",
                    Map.of(
                        "tokenizer",
                        Map.of("token", TOKEN),
                        "server",
                        Map.of("base_url", "http://x")),
                    Map.of("env", Map.of("HF_TOKEN", TOKEN), "args", List.of("--token", TOKEN)),
                    Instant.parse("2026-11-27T00:01:00Z"),
                    Instant.parse("2026-11-27T00:09:00Z"),
                    "results/raw",
                    List.of("results/reports/r.yaml")))
            .build();

    // when
    Path file = dir.resolve("record.yaml");
    record.write(file);

    // then
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain(TOKEN);
      }
    }
    ExperimentRecord back = ExperimentRecord.read(file);
    assertThat(back.experimentId()).isEqualTo("exp-1");
    assertThat(back.releases().get(0).resolvedVersion()).isEqualTo("0.2.9");
    assertThat(back.releases().get(0).overrides().get(0)).endsWith(Redactor.REDACTED);
    assertThat(back.workloads().get(0).end()).isEqualTo(Instant.parse("2026-11-27T00:09:00Z"));
    assertThat(back.environment().nodes().get(0).gpuCount()).isEqualTo(8);
    assertThat(record.toString()).doesNotContain(TOKEN);
  }

  @Test
  void readingSomethingElseNamesTheFile() throws Exception {
    Path file = dir.resolve("x.yaml");
    Files.writeString(file, "experiment_id: [1, 2\n");
    assertThatThrownBy(() -> ExperimentRecord.read(file)).hasMessageContaining(file.toString());
  }
}
