package ai.llmd.bench.harness.loadgen;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Appends one CSV line per finished request to a stage's {@code stage_<N>_requests.csv}, as
 * requests complete, so the heap does not grow with the length of a run. Times are milliseconds
 * with microsecond resolution. Lines are formatted straight into bytes: this runs once per request
 * on the I/O threads.
 */
final class RequestLog implements Closeable {
  static final String HEADER =
      "index,scheduled_ms,schedule_delay_ms,ttft_ms,e2e_ms,input_tokens,output_tokens,itl_ms,error";

  private final OutputStream out;
  private boolean closed;

  RequestLog(Path file) {
    try {
      out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
      out.write((HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes a request. {@code ttftNanos} is negative when unknown; {@code gapsNanos[0..gaps)} are
   * the inter-token gaps; {@code error} is null on success.
   */
  void write(
      long index,
      long scheduledNanos,
      long delayNanos,
      long ttftNanos,
      long e2eNanos,
      int inputTokens,
      int outputTokens,
      long[] gapsNanos,
      int gaps,
      String error) {
    Line line = new Line(96 + gaps * 12);
    line.number(index).comma().ms(scheduledNanos).comma().ms(delayNanos).comma();
    if (ttftNanos >= 0) {
      line.ms(ttftNanos);
    }
    line.comma().ms(e2eNanos).comma().number(inputTokens).comma().number(outputTokens).comma();
    for (int i = 0; i < gaps; i++) {
      if (i > 0) {
        line.put(';');
      }
      line.ms(gapsNanos[i]);
    }
    line.comma();
    if (error != null) {
      line.text(error.replaceAll("[,\r\n\"]", " "));
    }
    line.put('\n');
    synchronized (this) {
      if (closed) {
        return; // a request failed as cancelled after its stage was closed: already counted
      }
      try {
        out.write(line.bytes, 0, line.length);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the request log", e);
      }
    }
  }

  /** Nanoseconds as milliseconds with three decimals, rounded half away from zero. */
  static String ms(long nanos) {
    Line line = new Line(24).ms(nanos);
    return new String(line.bytes, 0, line.length, StandardCharsets.US_ASCII);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the request log", e);
    }
  }

  /** One line's bytes, growing as needed. */
  private static final class Line {
    byte[] bytes;
    int length;

    Line(int capacity) {
      bytes = new byte[capacity];
    }

    Line put(char c) {
      if (length == bytes.length) {
        bytes = Arrays.copyOf(bytes, length * 2);
      }
      bytes[length++] = (byte) c;
      return this;
    }

    Line comma() {
      return put(',');
    }

    Line number(long v) {
      if (v < 0) {
        put('-');
        v = -v;
      }
      if (v >= 10) {
        number(v / 10);
      }
      return put((char) ('0' + v % 10));
    }

    Line ms(long nanos) {
      long micros = (nanos >= 0 ? nanos + 500 : nanos - 500) / 1000;
      if (micros < 0) {
        put('-');
        micros = -micros;
      }
      int frac = (int) (micros % 1000);
      return number(micros / 1000)
          .put('.')
          .put((char) ('0' + frac / 100))
          .put((char) ('0' + frac / 10 % 10))
          .put((char) ('0' + frac % 10));
    }

    Line text(String s) {
      for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
        put((char) (b & 0xff));
      }
      return this;
    }
  }
}
