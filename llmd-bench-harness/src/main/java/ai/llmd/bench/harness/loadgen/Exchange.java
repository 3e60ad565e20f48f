package ai.llmd.bench.harness.loadgen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client side of one request: takes the response body line by line, timestamps each streamed
 * token event and decides, at the end, whether the answer was a well-formed OpenAI response.
 * Streamed events are read with a streaming JSON parser (every token checked, nothing built), which
 * keeps the load generator's cost per event low.
 */
final class Exchange {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  private final boolean streaming;
  long firstToken;
  private long lastToken;
  long[] gaps = new long[16];
  int gapCount;
  private int tokenEvents;
  private boolean done;
  private boolean malformed;
  private boolean errorEvent;
  int promptTokens;
  private int completionTokens;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  Exchange(boolean streaming) {
    this.streaming = streaming;
    reset();
  }

  /** Forgets what was received (before a retry on a fresh connection). */
  void reset() {
    firstToken = -1;
    lastToken = -1;
    gapCount = 0;
    tokenEvents = 0;
    done = false;
    malformed = false;
    errorEvent = false;
    promptTokens = -1;
    completionTokens = -1;
    body.reset();
  }

  /** One body line (without its line break), received at {@code now}. */
  void line(byte[] buf, int off, int len, long now) {
    if (!streaming) {
      body.write(buf, off, len);
      body.write('\n');
      return;
    }
    if (len < DATA.length || !Arrays.equals(buf, off, off + DATA.length, DATA, 0, DATA.length)) {
      return; // blank separators, comments, event names
    }
    int p = off + DATA.length;
    int end = off + len;
    while (p < end && buf[p] == ' ') {
      p++;
    }
    if (end - p == DONE.length && Arrays.equals(buf, p, end, DONE, 0, DONE.length)) {
      done = true;
      return;
    }
    try (JsonParser parser = JSON.createParser(buf, p, end - p)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        malformed = true;
        return;
      }
      boolean hasChoices = false;
      boolean token = false;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "choices" -> {
            hasChoices = value == JsonToken.START_ARRAY;
            token = hasChoices && firstChoiceHasText(parser);
          }
          case "usage" -> usage(parser, value);
          case "error" -> {
            errorEvent = true;
            hasChoices = true;
            parser.skipChildren();
          }
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        malformed = true;
      }
      if (!hasChoices) {
        malformed = true;
      } else if (token) {
        token(now);
      }
    } catch (JacksonException e) {
      malformed = true;
    }
  }

  /** Reads a choices array; true when its first element carries non-empty text or delta content. */
  private static boolean firstChoiceHasText(JsonParser p) {
    boolean text = false;
    boolean first = true;
    while (p.nextToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (first && name.equals("text") && v == JsonToken.VALUE_STRING) {
          text = !p.getString().isEmpty();
        } else if (first && name.equals("delta") && v == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String d = p.currentName();
            JsonToken dv = p.nextToken();
            if (d.equals("content") && dv == JsonToken.VALUE_STRING) {
              text = !p.getString().isEmpty();
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      first = false;
    }
    return text;
  }

  private void usage(JsonParser p, JsonToken value) {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NUMBER_INT && name.equals("prompt_tokens")) {
        promptTokens = p.getIntValue();
      } else if (v == JsonToken.VALUE_NUMBER_INT && name.equals("completion_tokens")) {
        completionTokens = p.getIntValue();
      } else {
        p.skipChildren();
      }
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
      if (errorEvent) {
        return "stream_error";
      }
      return malformed || !done || tokenEvents == 0 ? "protocol" : null;
    }
    try {
      JsonNode n = JSON.readTree(body.toByteArray());
      JsonNode choices = n == null ? null : n.get("choices");
      if (choices == null || !choices.isArray() || choices.isEmpty()) {
        return "protocol";
      }
      JsonNode usage = n.get("usage");
      if (usage != null && usage.isObject()) {
        promptTokens = usage.path("prompt_tokens").asInt(promptTokens);
        completionTokens = usage.path("completion_tokens").asInt(completionTokens);
      }
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
}
