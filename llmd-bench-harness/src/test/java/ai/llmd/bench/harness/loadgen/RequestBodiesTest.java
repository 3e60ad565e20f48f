package ai.llmd.bench.harness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.core.io.JsonStringEncoder;

/** Prompts go into request bodies as JSON string content, escaped exactly as Jackson does. */
class RequestBodiesTest {

  @Test
  void quotedTextEqualsJacksonsForPlainAndSpecialText() {
    for (String s :
        new String[] {
          "token model cache",
          "",
          "say \"hi\"",
          "back\\slash",
          "tab\tnew\nline\r",
          "\u0001 control",
          "caf\u00e9 \u6f22 \ud83d\ude00",
          "~ del \u007f"
        }) {
      assertThat(new String(RequestBodies.quoted(s), StandardCharsets.UTF_8))
          .as(s)
          .isEqualTo(
              new String(JsonStringEncoder.getInstance().quoteAsUTF8(s), StandardCharsets.UTF_8));
    }
  }
}
