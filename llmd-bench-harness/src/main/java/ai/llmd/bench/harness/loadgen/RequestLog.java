package ai.llmd.bench.harness.loadgen;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Appends one CSV line per finished request to a stage's {@code stage_<N>_requests.csv}, as
 * requests complete, so the heap does not grow with the length of a run. Times are milliseconds
 * with microsecond resolution.
 */
final class RequestLog implements Closeable {
  static final String HEADER =
      "index,scheduled_ms,schedule_delay_ms,ttft_ms,e2e_ms,input_tokens,output_tokens,itl_ms,error";

  private final BufferedWriter out;
  private boolean closed;

  RequestLog(Path file) {
    try {
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      out.write(HEADER);
      out.write('\n');
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
    StringBuilder sb = new StringBuilder(64 + gaps * 8);
    sb.append(index).append(',');
    ms(sb, scheduledNanos).append(',');
    ms(sb, delayNanos).append(',');
    if (ttftNanos >= 0) {
      ms(sb, ttftNanos);
    }
    sb.append(',');
    ms(sb, e2eNanos).append(',').append(inputTokens).append(',').append(outputTokens).append(',');
    for (int i = 0; i < gaps; i++) {
      if (i > 0) {
        sb.append(';');
      }
      ms(sb, gapsNanos[i]);
    }
    sb.append(',');
    if (error != null) {
      sb.append(error.replaceAll("[,\r\n\"]", " "));
    }
    sb.append('\n');
    synchronized (this) {
      if (closed) {
        return; // a request failed as cancelled after its stage was closed: already counted
      }
      try {
        out.write(sb.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the request log", e);
      }
    }
  }

  static StringBuilder ms(StringBuilder sb, long nanos) {
    long micros = (nanos >= 0 ? nanos + 500 : nanos - 500) / 1000; // rounded half away from zero
    if (micros < 0) {
      sb.append('-');
      micros = -micros;
    }
    int frac = (int) (micros % 1000);
    return sb.append(micros / 1000)
        .append('.')
        .append((char) ('0' + frac / 100))
        .append((char) ('0' + frac / 10 % 10))
        .append((char) ('0' + frac % 10));
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
}
