package ai.llmd.bench.harness.loadgen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client side of one request: reads the response body line by line, timestamps each streamed
 * token event and decides, at the end, whether the answer was a well-formed OpenAI response.
 */
final class Exchange implements HttpConnection.LineListener {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

  private final boolean streaming;
  long firstToken = -1;
  private long lastToken = -1;
  long[] gaps = new long[16];
  int gapCount;
  private int tokenEvents;
  private boolean done;
  private boolean malformed;
  private boolean sawLine;
  int promptTokens = -1;
  private int completionTokens = -1;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  Exchange(boolean streaming) {
    this.streaming = streaming;
  }

  /** Whether any response byte arrived (a retry on a fresh connection is then unsafe). */
  boolean started() {
    return sawLine;
  }

  @Override
  public void line(byte[] buf, int off, int len, long now) {
    sawLine = true;
    if (!streaming) {
      body.write(buf, off, len);
      body.write('\n');
      return;
    }
    if (len == 0 || !startsWith(buf, off, len, DATA)) {
      return; // blank separators, comments, event names
    }
    int p = off + DATA.length;
    int end = off + len;
    while (p < end && buf[p] == ' ') {
      p++;
    }
    if (end - p == 6 && new String(buf, p, 6, StandardCharsets.US_ASCII).equals("[DONE]")) {
      done = true;
      return;
    }
    JsonNode chunk;
    try {
      chunk = JSON.readTree(buf, p, end - p);
    } catch (JacksonException e) {
      malformed = true;
      return;
    }
    if (chunk == null || !chunk.isObject() || chunk.has("error")) {
      malformed = true;
      return;
    }
    usage(chunk.get("usage"));
    JsonNode choices = chunk.get("choices");
    if (choices == null || !choices.isArray()) {
      malformed = true;
      return;
    }
    if (choices.isEmpty()) {
      return; // the usage-only last chunk
    }
    JsonNode choice = choices.get(0);
    JsonNode text = choice.has("delta") ? choice.get("delta").get("content") : choice.get("text");
    if (text != null && text.isString() && !text.asString().isEmpty()) {
      token(now);
    }
  }

  private void token(long now) {
    if (firstToken < 0) {
      firstToken = now;
    } else {
      if (gapCount == gaps.length) {
        gaps = Arrays.copyOf(gaps, gapCount * 2);
      }
      gaps[gapCount++] = now - lastToken;
    }
    lastToken = now;
    tokenEvents++;
  }

  private void usage(JsonNode usage) {
    if (usage != null && usage.isObject()) {
      promptTokens = usage.path("prompt_tokens").asInt(promptTokens);
      completionTokens = usage.path("completion_tokens").asInt(completionTokens);
    }
  }

  /** Output tokens: the server's count when it gave one, else the token events seen. */
  int outputTokens() {
    return completionTokens >= 0 ? completionTokens : tokenEvents;
  }

  /** The error kind of a finished exchange, or {@code null} when it succeeded. */
  String finish(int status) {
    if (status != 200) {
      return "http_" + status;
    }
    if (streaming) {
      if (malformed) {
        return "protocol";
      }
      if (!done || tokenEvents == 0) {
        return "protocol";
      }
      return null;
    }
    try {
      JsonNode n = JSON.readTree(body.toByteArray());
      JsonNode choices = n == null ? null : n.get("choices");
      if (choices == null || !choices.isArray() || choices.isEmpty()) {
        return "protocol";
      }
      usage(n.get("usage"));
      if (completionTokens < 0) {
        JsonNode c = choices.get(0);
        String text =
            c.has("message")
                ? c.path("message").path("content").asString("")
                : c.path("text").asString("");
        completionTokens = Prompts.count(text);
      }
      return null;
    } catch (JacksonException e) {
      return "protocol";
    }
  }

  private static boolean startsWith(byte[] buf, int off, int len, byte[] prefix) {
    if (len < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf[off + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
