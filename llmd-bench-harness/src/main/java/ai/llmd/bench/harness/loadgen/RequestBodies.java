package ai.llmd.bench.harness.loadgen;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Serialises a prompt into a complete HTTP/1.1 request for the completions or chat API. */
final class RequestBodies {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private RequestBodies() {}

  static byte[] http(
      LoadSpec spec, String host, int port, String basePath, String apiKey, Prompts.Prompt prompt) {
    byte[] body = JSON.writeValueAsBytes(body(spec, prompt));
    StringBuilder head = new StringBuilder(256);
    head.append("POST ").append(basePath).append(spec.api().path()).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append(':').append(port).append("\r\n");
    head.append("Content-Type: application/json\r\n");
    head.append("Accept: ")
        .append(spec.streaming() ? "text/event-stream" : "application/json")
        .append("\r\n");
    if (apiKey != null) {
      head.append("Authorization: Bearer ").append(apiKey).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  static ObjectNode body(LoadSpec spec, Prompts.Prompt prompt) {
    ObjectNode b = JSON.createObjectNode();
    b.put("model", spec.model());
    if (spec.api() == LoadSpec.Api.CHAT) {
      ArrayNode messages = b.putArray("messages");
      if (prompt.system() != null) {
        messages.addObject().put("role", "system").put("content", prompt.system());
      }
      messages.addObject().put("role", "user").put("content", prompt.user());
    } else {
      b.put(
          "prompt",
          prompt.system() == null ? prompt.user() : prompt.system() + " " + prompt.user());
    }
    b.put("max_tokens", prompt.maxTokens());
    b.put("ignore_eos", true);
    b.put("temperature", 0);
    b.put("stream", spec.streaming());
    if (spec.streaming()) {
      b.putObject("stream_options").put("include_usage", true);
    }
    return b;
  }
}
