package ai.llmd.bench.harness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The event scanner agrees with Jackson on what is JSON and on the fields it reads. */
class EventScannerTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private static final List<String> EVENTS =
      List.of(
          "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\","
              + "\"choices\":[{\"index\":0,\"text\":\" tok\",\"logprobs\":null,\"finish_reason\":null}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi \\\"there\\\" \\u00e9\"}}]}",
          "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"total_tokens\":44,"
              + "\"completion_tokens\":32,\"prompt_tokens_details\":null}}",
          "{\"choices\":[{\"text\":\"\"},{\"text\":\"second\"}]}",
          "{\"choices\":[{\"text\":\"a\",\"stop_reason\":-1.5e3,\"x\":[true,false,null,{}]}]}",
          "{\"error\":{\"message\":\"overloaded\",\"code\":503}}",
          "{\"usage\":{\"prompt_tokens\":1.5,\"completion_tokens\":-2}}",
          "  { \"choices\" : [ { \"text\" : \"é ü 漢\" } ] }  ",
          "{}",
          "{\"choices\":\"nope\"}",
          // not JSON, or not one object
          "{oops",
          "{\"choices\":[{\"text\":\"a\"}]",
          "{\"choices\":[{\"text\":\"a\"}]}}",
          "{\"choices\":[{\"text\":\"a\"}]} x",
          "[1,2]",
          "\"string\"",
          "{\"a\":01}",
          "{\"a\":1.}",
          "{\"a\":.5}",
          "{\"a\":tru}",
          "{\"a\":\"bad \\x escape\"}",
          "{\"a\":\"raw \t tab\"}",
          "{\"a\":[1,]}",
          "{\"a\":1,}",
          "{'a':1}",
          "{\"a\" 1}",
          "{\"a\":\"\\u12g4\"}",
          "");

  @Test
  void agreesWithJacksonOnEveryEvent() {
    for (String e : EVENTS) {
      check(e);
    }
  }

  @Test
  void agreesWithJacksonOnMutatedEvents() {
    // every single-byte deletion and a few substitutions of a real event
    String base = EVENTS.get(0) + "";
    String usage = EVENTS.get(3);
    SplittableRandom random = new SplittableRandom(7);
    String alphabet = "{}[]\":,\\ 0-1eE.tfnu";
    for (String s : List.of(base, usage)) {
      for (int i = 0; i < s.length(); i++) {
        check(s.substring(0, i) + s.substring(i + 1));
        check(
            s.substring(0, i)
                + alphabet.charAt(random.nextInt(alphabet.length()))
                + s.substring(i + 1));
      }
    }
  }

  private static void check(String event) {
    byte[] b = ("xx" + event + "yy").getBytes(StandardCharsets.UTF_8);
    int len = event.getBytes(StandardCharsets.UTF_8).length;
    EventScanner s = new EventScanner();
    boolean ok = s.scan(b, 2, 2 + len);
    JsonNode n = jackson(event);
    boolean object = n != null && n.isObject();
    assertThat(ok).as("valid JSON object: %s", event).isEqualTo(object);
    if (!ok) {
      return;
    }
    JsonNode choices = n.get("choices");
    assertThat(s.hasChoices).as(event).isEqualTo(choices != null && choices.isArray());
    boolean text = false;
    if (choices != null && choices.isArray() && !choices.isEmpty() && choices.get(0).isObject()) {
      JsonNode c = choices.get(0);
      text =
          (c.path("text").isString() && !c.path("text").asString().isEmpty())
              || (c.path("delta").path("content").isString()
                  && !c.path("delta").path("content").asString().isEmpty());
    }
    assertThat(s.token).as(event).isEqualTo(text);
    assertThat(s.error).as(event).isEqualTo(n.has("error"));
    JsonNode u = n.path("usage");
    assertThat(s.promptTokens)
        .as(event)
        .isEqualTo(
            u.path("prompt_tokens").isIntegralNumber() ? u.path("prompt_tokens").asInt() : -1);
    assertThat(s.completionTokens)
        .as(event)
        .isEqualTo(
            u.path("completion_tokens").isIntegralNumber()
                ? u.path("completion_tokens").asInt()
                : -1);
  }

  private static JsonNode jackson(String s) {
    try (var p = JSON.createParser(s)) {
      JsonNode n = JSON.readTree(p);
      return p.nextToken() == null ? n : null;
    } catch (JacksonException e) {
      return null;
    }
  }
}
