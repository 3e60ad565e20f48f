package ai.llmd.bench.harness.loadgen;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MissingSettingsTest {
  @Test
  void aMissingEndpointOrModelSaysHowToSetIt() {
    assertThatThrownBy(
            () ->
                LoadGenerator.builder()
                    .model("m")
                    .stage(Stage.rate(1, Duration.ofSeconds(1)))
                    .build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("endpoint is required: LoadGenerator.builder().endpoint(URI)");
    assertThatThrownBy(
            () ->
                LoadGenerator.builder()
                    .endpoint(URI.create("http://127.0.0.1:1"))
                    .stage(Stage.rate(1, Duration.ofSeconds(1)))
                    .build())
        .hasMessageStartingWith("model is required");
  }
}
