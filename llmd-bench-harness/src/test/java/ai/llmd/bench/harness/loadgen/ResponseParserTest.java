package ai.llmd.bench.harness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The response parser frames HTTP/1.1 answers however the bytes are split across reads: every
 * response below is fed whole, one byte at a time, and split in two at every position, and must
 * give the same status, token events, usage and keep-alive each time.
 */
class ResponseParserTest {
  private static final int TOKENS = 5;

  /** A stream of {@link #TOKENS} token events, usage and [DONE], with the given line ending. */
  private static String events(String eol) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < TOKENS; i++) {
      s.append("data: {\"choices\":[{\"index\":0,\"text\":\" tok")
          .append(i)
          .append("\"}]}")
          .append(eol)
          .append(eol);
    }
    s.append(": a comment").append(eol);
    s.append("event: message").append(eol);
    s.append("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":")
        .append(TOKENS)
        .append("}}")
        .append(eol)
        .append(eol);
    return s.append("data: [DONE]").append(eol).append(eol).toString();
  }

  private static String lengthFramed(String head, String body) {
    return head
        + "Content-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  private static String chunked(String head, String body, int chunk) {
    StringBuilder s = new StringBuilder(head).append("Transfer-Encoding: chunked\r\n\r\n");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += chunk) {
      int n = Math.min(chunk, bytes.length - i);
      s.append(Integer.toHexString(n))
          .append(i == 0 ? ";ext=1" : "")
          .append("\r\n")
          .append(new String(bytes, i, n, StandardCharsets.UTF_8))
          .append("\r\n");
    }
    return s.append("0\r\nX-Trailer: t\r\n\r\n").toString();
  }

  private static final String HEAD =
      "HTTP/1.1 200 OK\r\nServer: test\r\nDate: Tue, 01 Dec 2026 17:50:38 GMT\r\n"
          + "Content-Type: text/event-stream\r\n";

  /** What a parse produced, compared across splits. */
  private record Outcome(
      int status, String error, int outputTokens, int promptTokens, int gaps, boolean keepAlive) {}

  private static Outcome parse(byte[] response, List<Integer> cuts, boolean close)
      throws ResponseParser.ProtocolException {
    ResponseParser parser = new ResponseParser();
    Exchange exchange = new Exchange(true);
    parser.reset(exchange);
    int from = 0;
    boolean done = false;
    List<Integer> ends = new ArrayList<>(cuts);
    ends.add(response.length);
    long now = 1_000;
    for (int to : ends) {
      assertThat(done).as("complete before the last byte (cut at %s)", cuts).isFalse();
      done = parser.feed(response, from, to, now += 1_000);
      from = to;
    }
    if (close) {
      assertThat(done).isFalse();
      done = parser.endOfStream(now);
    }
    assertThat(done).as("complete after the last byte (cuts %s)", cuts).isTrue();
    String error = exchange.finish(parser.status());
    return new Outcome(
        parser.status(),
        error,
        exchange.outputTokens(),
        exchange.promptTokens,
        exchange.gapCount,
        parser.keepAlive());
  }

  /**
   * Parses whole, byte by byte and split at every position; all must agree with {@code expected}.
   */
  private static void assertEverySplit(String response, boolean close, Outcome expected)
      throws ResponseParser.ProtocolException {
    byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
    assertThat(parse(bytes, List.of(), close)).isEqualTo(expected);
    List<Integer> everyByte = new ArrayList<>();
    for (int i = 1; i < bytes.length; i++) {
      everyByte.add(i);
    }
    Outcome byByte = parse(bytes, everyByte, close);
    // one byte per read: each token arrives in a read of its own, so the gaps are all there
    assertThat(byByte).isEqualTo(expected);
    for (int cut = 1; cut < bytes.length; cut++) {
      assertThat(parse(bytes, List.of(cut), close)).as("split at byte %d", cut).isEqualTo(expected);
    }
  }

  @Test
  void contentLengthBodiesWithCrlfOrLfLinesParseTheSameAtEverySplit() throws Exception {
    Outcome ok = new Outcome(200, null, TOKENS, 7, TOKENS - 1, true);
    assertEverySplit(lengthFramed(HEAD, events("\n")), false, ok);
    assertEverySplit(lengthFramed(HEAD, events("\r\n")), false, ok);
    assertEverySplit(
        lengthFramed(HEAD.replace("Content-Type", "CONTENT-TYPE"), events("\n"))
            .replace("Content-Length", "content-LENGTH"),
        false,
        ok);
  }

  @Test
  void chunkedBodiesParseTheSameAtEverySplitWhateverTheChunkSize() throws Exception {
    Outcome ok = new Outcome(200, null, TOKENS, 7, TOKENS - 1, true);
    for (int chunk : new int[] {1, 7, 64, 4096}) {
      assertEverySplit(chunked(HEAD, events("\n"), chunk), false, ok);
    }
  }

  @Test
  void aBodyEndedByTheConnectionClosingIsCompleteAndNotKeptAlive() throws Exception {
    assertEverySplit(
        HEAD + "\r\n" + events("\n"), true, new Outcome(200, null, TOKENS, 7, TOKENS - 1, false));
  }

  @Test
  void connectionCloseAndHttp10AreNotKeptAlive() throws Exception {
    Outcome closed = new Outcome(200, null, TOKENS, 7, TOKENS - 1, false);
    assertEverySplit(lengthFramed(HEAD + "Connection: close\r\n", events("\n")), false, closed);
    assertEverySplit(lengthFramed(HEAD + "connection:  CLOSE \r\n", events("\n")), false, closed);
    assertEverySplit(
        lengthFramed(HEAD + "Connection: keep-alive\r\n", events("\n")),
        false,
        new Outcome(200, null, TOKENS, 7, TOKENS - 1, true));
    assertEverySplit(
        lengthFramed(HEAD.replace("HTTP/1.1", "HTTP/1.0"), events("\n")), false, closed);
  }

  @Test
  void longHeaderAndBodyLinesGrowTheBuffers() throws Exception {
    String longValue = "v".repeat(5_000);
    String longText = "x".repeat(3_000);
    String body =
        "data: {\"choices\":[{\"text\":\""
            + longText
            + "\"}]}\n\ndata: {\"choices\":[{\"text\":\"y\"}]}\n\ndata: [DONE]\n\n";
    assertEverySplit(
        lengthFramed(HEAD + "X-Long: " + longValue + "\r\n", body),
        false,
        new Outcome(200, null, 2, -1, 1, true));
  }

  @Test
  void anErrorStatusKeepsTheServersMessage() throws Exception {
    String response =
        lengthFramed(
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n",
            "{\"error\":{\"message\":\"model m does not exist\"}}");
    Outcome outcome = parse(response.getBytes(StandardCharsets.UTF_8), List.of(20), false);
    assertThat(outcome.status()).isEqualTo(404);
    assertThat(outcome.error()).isEqualTo("http_404");
    ResponseParser parser = new ResponseParser();
    Exchange exchange = new Exchange(true);
    parser.reset(exchange);
    byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
    assertThat(parser.feed(bytes, 0, bytes.length, 1)).isTrue();
    exchange.finish(parser.status());
    assertThat(exchange.detail())
        .isEqualTo("HTTP 404: {\"error\":{\"message\":\"model m does not exist\"}}");
  }

  @Test
  void anEmptyBodyIsCompleteAtTheEndOfTheHeaders() throws Exception {
    ResponseParser parser = new ResponseParser();
    Exchange exchange = new Exchange(true);
    parser.reset(exchange);
    byte[] bytes =
        "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    assertThat(parser.feed(bytes, 0, bytes.length, 1)).isTrue();
    assertThat(exchange.finish(parser.status())).isEqualTo("http_503");
    assertThat(exchange.detail()).isEqualTo("HTTP 503 with an empty body");
  }

  @Test
  void malformedHeadsAreProtocolErrorsNamingTheLine() {
    assertThatThrownBy(() -> feed("SSH-2.0-OpenSSH_9.2\r\n"))
        .isInstanceOf(ResponseParser.ProtocolException.class)
        .hasMessage("not an HTTP response: SSH-2.0-OpenSSH_9.2");
    assertThatThrownBy(() -> feed("HTTP/1.1 2x0 OK\r\n"))
        .isInstanceOf(ResponseParser.ProtocolException.class)
        .hasMessage("bad status line: HTTP/1.1 2x0 OK");
    assertThatThrownBy(() -> feed("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n"))
        .isInstanceOf(ResponseParser.ProtocolException.class)
        .hasMessage("bad Content-Length: ten");
    assertThatThrownBy(() -> feed("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"))
        .isInstanceOf(ResponseParser.ProtocolException.class)
        .hasMessage("bad header line: no colon here");
    assertThatThrownBy(() -> feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
        .isInstanceOf(ResponseParser.ProtocolException.class)
        .hasMessage("bad chunk size: zz");
    assertThatThrownBy(() -> feed("HTTP/1.1 200 OK\r\nX: " + "a".repeat(70_000) + "\r\n"))
        .isInstanceOf(ResponseParser.ProtocolException.class)
        .hasMessage("header line longer than 64 KiB");
  }

  private static void feed(String text) throws ResponseParser.ProtocolException {
    ResponseParser parser = new ResponseParser();
    parser.reset(new Exchange(true));
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    parser.feed(bytes, 0, bytes.length, 1);
  }

  @Test
  void newlineSearchFindsTheFirstNewlineAtEveryOffset() {
    for (int length = 0; length < 40; length++) {
      for (int at = -1; at < length; at++) {
        byte[] b = new byte[length + 3];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) (i % 3 == 0 ? 0x8A : 'a'); // 0x8A: a byte whose low bits match '\n'
        }
        if (at >= 0) {
          b[1 + at] = '\n';
          if (1 + at + 2 < b.length) {
            b[1 + at + 2] = '\n';
          }
        }
        int found = ResponseParser.newline(b, 1, 1 + length);
        assertThat(found)
            .as("length %d, newline at %d", length, at)
            .isEqualTo(at < 0 ? -1 : 1 + at);
      }
    }
  }
}
