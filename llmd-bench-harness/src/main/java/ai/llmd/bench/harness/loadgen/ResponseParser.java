package ai.llmd.bench.harness.loadgen;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses an HTTP/1.1 response incrementally from the bytes a non-blocking read returns: status
 * line, headers, then a body framed by {@code Content-Length}, chunked encoding or connection
 * close. Body bytes are split into lines passed to the {@link Exchange} with the time of the read
 * that delivered them.
 */
final class ResponseParser {
  /** The response is not valid HTTP/1.1. */
  static final class ProtocolException extends IOException {
    ProtocolException(String message) {
      super(message);
    }
  }

  private enum State {
    STATUS,
    HEADERS,
    BODY_LENGTH,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    BODY_CLOSE,
    DONE
  }

  private State state;
  private Exchange exchange;
  private byte[] head = new byte[256];
  private int headLength;
  private byte[] line = new byte[1024];
  private int lineLength;
  private int status;
  private long remaining;
  private boolean chunked;
  private long contentLength;
  private boolean keepAlive;
  private boolean started;

  void reset(Exchange exchange) {
    this.exchange = exchange;
    state = State.STATUS;
    headLength = 0;
    lineLength = 0;
    status = 0;
    chunked = false;
    contentLength = -1;
    keepAlive = true;
    started = false;
  }

  int status() {
    return status;
  }

  boolean keepAlive() {
    return keepAlive;
  }

  /** Whether any byte of the response has arrived. */
  boolean started() {
    return started;
  }

  /** Consumes bytes; returns true when the response is complete. */
  boolean feed(byte[] buf, int from, int to, long now) throws ProtocolException {
    started = true;
    int i = from;
    while (i < to && state != State.DONE) {
      switch (state) {
        case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
          int nl = newline(buf, i, to);
          appendHead(buf, i, (nl < 0 ? to : nl) - i);
          if (nl < 0) {
            i = to;
          } else {
            i = nl + 1;
            line(trimCr());
            headLength = 0;
          }
        }
        case BODY_LENGTH, CHUNK_DATA -> {
          int n = (int) Math.min(remaining, to - i);
          body(buf, i, n, now);
          i += n;
          remaining -= n;
          if (remaining == 0) {
            if (state == State.BODY_LENGTH) {
              endBody(now);
            } else {
              state = State.CHUNK_END;
            }
          }
        }
        case BODY_CLOSE -> {
          body(buf, i, to - i, now);
          i = to;
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    return state == State.DONE;
  }

  /** The connection closed; true when that legitimately ends the response. */
  boolean endOfStream(long now) {
    if (state == State.BODY_CLOSE) {
      endBody(now);
      return true;
    }
    return false;
  }

  private void appendHead(byte[] buf, int from, int n) throws ProtocolException {
    if (headLength + n > head.length) {
      if (headLength + n > 64 * 1024) {
        throw new ProtocolException("header line longer than 64 KiB");
      }
      head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + n));
    }
    System.arraycopy(buf, from, head, headLength, n);
    headLength += n;
  }

  private int trimCr() {
    return headLength > 0 && head[headLength - 1] == '\r' ? headLength - 1 : headLength;
  }

  private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] NONE = {};
  private static final byte[][] INTERESTING = {
    CONTENT_LENGTH, "transfer-encoding".getBytes(StandardCharsets.US_ASCII), CONNECTION
  };

  /**
   * A head or framing line of {@code len} bytes. The common lines (headers we ignore, chunk sizes,
   * chunk ends) are handled on the bytes; the rest as text.
   */
  private void line(int len) throws ProtocolException {
    switch (state) {
      case STATUS -> {
        if (statusLine(len)) {
          return;
        }
      }
      case HEADERS -> {
        if (len == 0) {
          endHeaders();
          return;
        }
        if (!interesting(len)) {
          return;
        }
        if (len > CONTENT_LENGTH.length + 1 && sameName(CONTENT_LENGTH)) {
          long value = decimal(CONTENT_LENGTH.length + 1, len);
          if (value >= 0) {
            contentLength = value;
            return;
          }
        } else if (len > CONNECTION.length && sameName(CONNECTION)) {
          keepAlive = !isClose(CONNECTION.length + 1, len);
          return;
        }
      }
      case CHUNK_END -> {
        if (len == 0) {
          state = State.CHUNK_SIZE;
          return;
        }
      }
      case CHUNK_SIZE -> {
        long size = hex(len);
        if (size >= 0) {
          remaining = size;
          state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
          return;
        }
      }
      default -> {}
    }
    headerLine(new String(head, 0, len, StandardCharsets.ISO_8859_1));
  }

  /**
   * A well-formed status line ({@code HTTP/1.x NNN ...}) read on the bytes; false to let the text
   * path judge (and reject) anything else.
   */
  private boolean statusLine(int len) {
    if (len < 12 || !Arrays.equals(head, 0, 7, HTTP_1, 0, 7) || head[8] != ' ') {
      return false;
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      int d = head[i] - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      code = code * 10 + d;
    }
    status = code;
    keepAlive = head[7] == '1';
    state = State.HEADERS;
    return true;
  }

  /** The blank line after the headers: how the body is framed decides the next state. */
  private void endHeaders() {
    exchange.status(status);
    if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (contentLength >= 0) {
      remaining = contentLength;
      state = State.BODY_LENGTH;
      if (remaining == 0) {
        endBody(System.nanoTime());
      }
    } else {
      keepAlive = false;
      state = State.BODY_CLOSE;
    }
  }

  /** Whether the header line starts with {@code name} (any case) followed by a colon. */
  private boolean sameName(byte[] name) {
    if (head[name.length] != ':') {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if ((head[i] | 0x20) != name[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The decimal value of {@code head[from, to)} between optional blanks, or -1 to let the text path
   * judge.
   */
  private long decimal(int from, int to) {
    int start = skipBlanks(from, to);
    int end = trimBlanks(start, to);
    if (end == start || end - start > 18) {
      return -1;
    }
    long v = 0;
    for (int i = start; i < end; i++) {
      int d = head[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** Whether {@code head[from, to)}, blanks aside, is {@code close} in any case. */
  private boolean isClose(int from, int to) {
    int start = skipBlanks(from, to);
    if (trimBlanks(start, to) - start != CLOSE.length) {
      return false;
    }
    for (int i = 0; i < CLOSE.length; i++) {
      if ((head[start + i] | 0x20) != CLOSE[i]) {
        return false;
      }
    }
    return true;
  }

  /** The first position in {@code head[from, to)} that is not a blank (or {@code to}). */
  private int skipBlanks(int from, int to) {
    while (from < to && (head[from] == ' ' || head[from] == '\t')) {
      from++;
    }
    return from;
  }

  /** The end of {@code head[from, to)} without its trailing blanks. */
  private int trimBlanks(int from, int to) {
    while (to > from && (head[to - 1] == ' ' || head[to - 1] == '\t')) {
      to--;
    }
    return to;
  }

  /** Whether a header line names one of the headers that frame the response. */
  private boolean interesting(int len) {
    int first = head[0] | 0x20;
    for (byte[] name : first == 'c' || first == 't' ? INTERESTING : NONE) {
      if (len > name.length && head[name.length] == ':') {
        boolean same = true;
        for (int i = 0; i < name.length && same; i++) {
          same = (head[i] | 0x20) == name[i];
        }
        if (same) {
          return true;
        }
      }
    }
    // a name with spaces before the colon is unusual: let the text path judge it
    for (int i = 0; i < len; i++) {
      if (head[i] == ':') {
        return i == 0 || head[i - 1] == ' ';
      }
    }
    return true;
  }

  /** A chunk size line's value, or -1 to let the text path judge (extensions, errors). */
  private long hex(int len) {
    if (len == 0 || len > 15) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < len; i++) {
      int c = head[i];
      int d =
          c >= '0' && c <= '9'
              ? c - '0'
              : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  private void headerLine(String text) throws ProtocolException {
    switch (state) {
      case STATUS -> {
        if (!text.startsWith("HTTP/1.") || text.length() < 12) {
          throw new ProtocolException("not an HTTP response: " + text);
        }
        try {
          status = Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
          throw new ProtocolException("bad status line: " + text);
        }
        keepAlive = text.startsWith("HTTP/1.1");
        state = State.HEADERS;
      }
      case HEADERS -> {
        if (text.isEmpty()) {
          endHeaders();
          return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
          throw new ProtocolException("bad header line: " + text);
        }
        String name = text.substring(0, colon).trim();
        String value = text.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("content-length")) {
          try {
            contentLength = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new ProtocolException("bad Content-Length: " + value);
          }
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
          chunked = value.toLowerCase().contains("chunked");
        } else if (name.equalsIgnoreCase("connection")) {
          keepAlive = !value.equalsIgnoreCase("close");
        }
      }
      case CHUNK_SIZE -> {
        int semicolon = text.indexOf(';');
        try {
          remaining =
              Long.parseLong((semicolon >= 0 ? text.substring(0, semicolon) : text).trim(), 16);
        } catch (NumberFormatException e) {
          throw new ProtocolException("bad chunk size: " + text);
        }
        state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
      }
      case CHUNK_END -> {
        if (!text.isEmpty()) {
          throw new ProtocolException("missing CRLF after a chunk");
        }
        state = State.CHUNK_SIZE;
      }
      case TRAILERS -> {
        if (text.isEmpty()) {
          endBody(System.nanoTime());
        }
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void body(byte[] buf, int from, int n, long now) {
    int start = from;
    int end = from + n;
    while (start < end) {
      int nl = newline(buf, start, end);
      if (nl < 0) {
        append(buf, start, end - start);
        return;
      }
      int stop = nl > start && buf[nl - 1] == '\r' ? nl - 1 : nl;
      if (lineLength > 0) {
        append(buf, start, stop - start);
        int len = line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        exchange.line(line, 0, len, now);
        lineLength = 0;
      } else {
        exchange.line(buf, start, stop - start, now);
      }
      start = nl + 1;
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The index of the first {@code '\n'} in {@code buf[from, to)}, or -1; eight bytes at a time (the
   * lowest byte of a word that is zero after the XOR is the first newline).
   */
  static int newline(byte[] buf, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LONGS.get(buf, i) ^ NEWLINES;
      long zeros = (word - ONES) & ~word & HIGHS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(byte[] buf, int from, int n) {
    if (lineLength + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
    }
    System.arraycopy(buf, from, line, lineLength, n);
    lineLength += n;
  }

  private void endBody(long now) {
    if (lineLength > 0) {
      exchange.line(line, 0, lineLength, now);
      lineLength = 0;
    }
    state = State.DONE;
  }
}
