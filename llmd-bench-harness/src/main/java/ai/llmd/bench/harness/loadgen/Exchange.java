package ai.llmd.bench.harness.loadgen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client side of one request: takes the response body line by line, timestamps each streamed
 * token event and decides, at the end, whether the answer was a well-formed OpenAI response.
 * Streamed events are checked by an {@link EventScanner} (every event's JSON validated, nothing
 * built), which keeps the load generator's cost per event low.
 */
final class Exchange {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  /** Longest error text kept per failed request (characters). */
  static final int MAX_SAMPLE = 1024;

  private final boolean streaming;
  private final EventScanner scanner = new EventScanner();
  long firstToken;
  private long lastToken;
  long[] gaps = new long[16];
  int gapCount;
  private int tokenEvents;
  private boolean done;
  private boolean malformed;
  private boolean errorEvent;
  private int status;
  private String firstProblem;
  private StringBuilder errorBody; // only for an error answer
  int promptTokens;
  private int completionTokens;
  private ByteArrayOutputStream body; // only for a non-streamed answer

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
    status = 0;
    firstProblem = null;
    errorBody = null;
    promptTokens = -1;
    completionTokens = -1;
    body = null;
  }

  /** The response's status, known when its headers have been read. */
  void status(int status) {
    this.status = status;
  }

  /** One body line (without its line break), received at {@code now}. */
  void line(byte[] buf, int off, int len, long now) {
    if (status != 200) {
      if (errorBody == null) {
        errorBody = new StringBuilder();
      }
      if (errorBody.length() < MAX_SAMPLE) {
        if (errorBody.length() > 0) {
          errorBody.append('\n');
        }
        errorBody.append(new String(buf, off, len, StandardCharsets.UTF_8));
      }
      return;
    }
    if (!streaming) {
      if (body == null) {
        body = new ByteArrayOutputStream();
      }
      body.write(buf, off, len);
      body.write('\n');
      return;
    }
    if (len < DATA.length || !Arrays.equals(buf, off, off + DATA.length, DATA, 0, DATA.length)) {
      if (len > 0 && buf[off] != ':' && !isSseField(buf, off, len)) {
        problem("not a server-sent event: ", buf, off, len);
      }
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
    if (!scanner.scan(buf, p, end)) {
      malformed = true;
      problem(p < end && buf[p] == '{' ? "not JSON: " : "not a JSON object: ", buf, off, len);
      return;
    }
    if (scanner.error) {
      errorEvent = true;
      problem("", buf, off, len);
      return;
    }
    if (scanner.promptTokens >= 0) {
      promptTokens = scanner.promptTokens;
    }
    if (scanner.completionTokens >= 0) {
      completionTokens = scanner.completionTokens;
    }
    if (!scanner.hasChoices) {
      malformed = true;
      problem("no choices in event: ", buf, off, len);
    } else if (scanner.token) {
      token(now);
    }
  }

  private static final byte[][] SSE_FIELDS = {
    "event:".getBytes(StandardCharsets.US_ASCII),
    "id:".getBytes(StandardCharsets.US_ASCII),
    "retry:".getBytes(StandardCharsets.US_ASCII)
  };

  private static boolean isSseField(byte[] buf, int off, int len) {
    for (byte[] f : SSE_FIELDS) {
      if (len >= f.length && Arrays.equals(buf, off, off + f.length, f, 0, f.length)) {
        return true;
      }
    }
    return false;
  }

  /** Keeps the first thing wrong with the answer, bounded, for the error report. */
  private void problem(String what, byte[] buf, int off, int len) {
    if (firstProblem == null) {
      firstProblem =
          what + bounded(new String(buf, off, Math.min(len, MAX_SAMPLE), StandardCharsets.UTF_8));
    }
  }

  static String bounded(String s) {
    return s.length() <= MAX_SAMPLE ? s : s.substring(0, MAX_SAMPLE) + "...";
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

  /**
   * What went wrong, in words, after {@link #finish} returned an error kind: the server's error
   * body or the first malformed part of the answer, at most about {@value #MAX_SAMPLE} characters.
   */
  String detail() {
    return detail;
  }

  private String detail;

  /** The error kind of a finished exchange, or {@code null} when it succeeded. */
  String finish(int status) {
    detail = null;
    if (status != 200) {
      String text = errorBody == null ? "" : errorBody.toString();
      detail =
          "HTTP "
              + status
              + (text.isBlank() ? " with an empty body" : ": " + bounded(text.strip()));
      return "http_" + status;
    }
    if (streaming) {
      if (errorEvent) {
        detail = firstProblem;
        return "stream_error";
      }
      if (malformed || !done || tokenEvents == 0) {
        detail =
            firstProblem != null
                ? firstProblem
                : !done
                    ? "the stream ended without data: [DONE] after " + tokenEvents + " token events"
                    : "the stream carried no token";
        return "protocol";
      }
      return null;
    }
    try {
      if (body == null) {
        body = new ByteArrayOutputStream();
      }
      JsonNode n = JSON.readTree(body.toByteArray());
      JsonNode choices = n == null ? null : n.get("choices");
      if (choices == null || !choices.isArray() || choices.isEmpty()) {
        detail =
            "not an OpenAI response (no choices): "
                + bounded(body.toString(StandardCharsets.UTF_8).strip());
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
      detail = "not JSON: " + bounded(body.toString(StandardCharsets.UTF_8).strip());
      return "protocol";
    }
  }
}
