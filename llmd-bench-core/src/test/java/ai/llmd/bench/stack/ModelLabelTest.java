package ai.llmd.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelLabelTest {
  @Test
  void derivesAsUpstreamDoes() {
    assertThat(ModelLabel.derive("Qwen/Qwen3-0.6B", "bench").value())
        .isEqualTo("qwen-qwe-a15c4f83-en3-0-6b");
    assertThat(ModelLabel.derive("meta-llama/Llama-3.1-8B-Instruct", "bench").value())
        .isEqualTo("meta-lla-9885aafb-instruct");
    assertThat(ModelLabel.derive("facebook/opt-125m", "bench").value())
        .isEqualTo("facebook-fa1f0759-opt-125m");
  }

  @Test
  void sanitisesWhatUpstreamWouldGetWrong() {
    ModelLabel l = ModelLabel.derive("org/My_Model-", "ns");
    assertThat(l.value()).matches("[a-z]([-a-z0-9]*[a-z0-9])?").doesNotContain("_");
  }

  @Test
  void acceptsOnlyDnsLabelsAndSaysWhy() {
    assertThat(ModelLabel.of("qwen3-small").value()).isEqualTo("qwen3-small");
    assertThatThrownBy(() -> ModelLabel.of("Qwen3")).hasMessageContaining("not a DNS label");
    assertThatThrownBy(() -> ModelLabel.of("-x")).hasMessageContaining("not a DNS label");
    assertThatThrownBy(() -> ModelLabel.of("x-")).hasMessageContaining("not a DNS label");
    assertThatThrownBy(() -> ModelLabel.of("a".repeat(64))).hasMessageContaining("at most 63");
    assertThatThrownBy(() -> ModelLabel.of("a.b")).hasMessageContaining("not a DNS label");
  }
}
