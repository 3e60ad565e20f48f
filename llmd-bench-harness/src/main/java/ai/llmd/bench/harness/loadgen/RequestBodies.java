package ai.llmd.bench.harness.loadgen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * Serialises prompts into complete HTTP/1.1 requests for the completions or chat API. The parts
 * that do not change between requests (the request head, the model and the options) are encoded
 * once; only the prompt and {@code max_tokens} are encoded per request, which matters at tens of
 * thousands of requests per second.
 */
final class RequestBodies {
  private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

  private final byte[] head;
  private final byte[] bodyStart;
  private final byte[] bodyEnd;
  private final boolean chat;

  RequestBodies(LoadSpec spec, String host, int port, String basePath, String apiKey) {
    this.chat = spec.api() == LoadSpec.Api.CHAT;
    StringBuilder h = new StringBuilder(256);
    h.append("POST ").append(basePath).append(spec.api().path()).append(" HTTP/1.1\r\n");
    h.append("Host: ").append(host).append(':').append(port).append("\r\n");
    h.append("Content-Type: application/json\r\n");
    h.append("Accept: ")
        .append(spec.streaming() ? "text/event-stream" : "application/json")
        .append("\r\n");
    if (apiKey != null) {
      h.append("Authorization: Bearer ").append(apiKey).append("\r\n");
    }
    h.append("Content-Length: ");
    head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream start = new ByteArrayOutputStream();
    start.writeBytes(ascii("{\"model\":\""));
    start.writeBytes(ENCODER.quoteAsUTF8(spec.model()));
    start.writeBytes(ascii("\","));
    bodyStart = start.toByteArray();
    bodyEnd =
        (",\"ignore_eos\":true,\"temperature\":0,\"stream\":"
                + spec.streaming()
                + (spec.streaming() ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + "}")
            .getBytes(StandardCharsets.UTF_8);
  }

  /** The complete request (head and body) for a prompt. */
  byte[] http(Prompts.Prompt prompt) {
    byte[] body = body(prompt);
    byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[head.length + length.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(length, 0, all, head.length, length.length);
    System.arraycopy(body, 0, all, head.length + length.length, body.length);
    return all;
  }

  /** The JSON body for a prompt. */
  byte[] body(Prompts.Prompt prompt) {
    ByteArrayOutputStream b =
        new ByteArrayOutputStream(bodyStart.length + prompt.user().length() + 96);
    b.writeBytes(bodyStart);
    if (chat) {
      b.writeBytes(ascii("\"messages\":["));
      if (prompt.system() != null) {
        message(b, "system", prompt.system());
        b.write(',');
      }
      message(b, "user", prompt.user());
      b.write(']');
    } else {
      b.writeBytes(ascii("\"prompt\":\""));
      if (prompt.system() != null) {
        b.writeBytes(quoted(prompt.system()));
        b.write(' ');
      }
      b.writeBytes(quoted(prompt.user()));
      b.write('"');
    }
    b.writeBytes(ascii(",\"max_tokens\":" + prompt.maxTokens()));
    b.writeBytes(bodyEnd);
    return b.toByteArray();
  }

  private static void message(ByteArrayOutputStream b, String role, String content) {
    b.writeBytes(ascii("{\"role\":\"" + role + "\",\"content\":\""));
    b.writeBytes(quoted(content));
    b.writeBytes(ascii("\"}"));
  }

  /** The JSON string content for {@code s}: plain printable ASCII as is, the rest escaped. */
  static byte[] quoted(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return ENCODER.quoteAsUTF8(s);
      }
    }
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
