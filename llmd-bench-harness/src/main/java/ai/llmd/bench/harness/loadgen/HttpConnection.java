package ai.llmd.bench.harness.loadgen;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal persistent HTTP/1.1 client connection: one request at a time, chunked or sized bodies,
 * delivered line by line as they arrive so that each server-sent event can be timestamped. It
 * exists because the load generator needs tens of thousands of requests per second on two cores
 * with per-event timing, which the JDK client does not reach.
 */
final class HttpConnection implements Closeable {
  /** Receives the body line by line (without the line break) as it arrives. */
  interface LineListener {
    void line(byte[] buffer, int offset, int length, long nanoTime);
  }

  /** Status and whether the connection may be reused. */
  record Response(int status, boolean keepAlive) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] lineBuffer = new byte[64 * 1024];
  private byte[] line = new byte[8 * 1024];

  HttpConnection(String host, int port, boolean tls, int connectTimeoutMs, int readTimeoutMs)
      throws IOException {
    Socket s = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
      s.setSoTimeout(readTimeoutMs);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    this.socket = s;
    this.in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
    this.out = s.getOutputStream();
  }

  /**
   * Sends a complete request (head and body) and reads the response, passing its body lines to the
   * listener.
   */
  Response exchange(byte[] request, LineListener listener) throws IOException {
    out.write(request);
    out.flush();
    String statusLine = readHeaderLine();
    if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
      throw new ProtocolException("not an HTTP response: " + abbreviate(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (RuntimeException e) {
      throw new ProtocolException("bad status line: " + abbreviate(statusLine));
    }
    long contentLength = -1;
    boolean chunked = false;
    boolean keepAlive = statusLine.startsWith("HTTP/1.1");
    String header;
    while ((header = readHeaderLine()) != null && !header.isEmpty()) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase();
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> contentLength = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase().contains("chunked");
        case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    if (header == null) {
      throw new ProtocolException("connection closed inside the response headers");
    }
    LineSplitter splitter = new LineSplitter(listener);
    if (chunked) {
      long size;
      while ((size = chunkSize()) > 0) {
        copy(size, splitter);
        readHeaderLine(); // CRLF after the chunk
      }
      while ((header = readHeaderLine()) != null && !header.isEmpty()) {
        // trailers
      }
    } else if (contentLength >= 0) {
      copy(contentLength, splitter);
    } else {
      copy(Long.MAX_VALUE, splitter);
      keepAlive = false;
    }
    splitter.finish();
    return new Response(status, keepAlive);
  }

  private long chunkSize() throws IOException {
    String sizeLine = readHeaderLine();
    if (sizeLine == null) {
      throw new ProtocolException("connection closed inside a chunked body");
    }
    int semicolon = sizeLine.indexOf(';');
    try {
      return Long.parseLong(
          (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
    } catch (NumberFormatException e) {
      throw new ProtocolException("bad chunk size: " + abbreviate(sizeLine));
    }
  }

  private void copy(long length, LineSplitter splitter) throws IOException {
    long left = length;
    while (left > 0) {
      int n = in.read(lineBuffer, 0, (int) Math.min(lineBuffer.length, left));
      if (n < 0) {
        if (length == Long.MAX_VALUE) {
          return;
        }
        throw new ProtocolException("connection closed with " + left + " body bytes missing");
      }
      splitter.accept(lineBuffer, n, System.nanoTime());
      left -= n;
    }
  }

  /** Reads a CRLF- (or LF-) terminated header line as ISO-8859-1; null at end of stream. */
  private String readHeaderLine() throws IOException {
    int len = 0;
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        if (len > 0 && line[len - 1] == '\r') {
          len--;
        }
        return new String(line, 0, len, StandardCharsets.ISO_8859_1);
      }
      if (len == line.length) {
        if (len >= 1024 * 1024) {
          throw new ProtocolException("header line longer than 1 MiB");
        }
        line = java.util.Arrays.copyOf(line, len * 2);
      }
      line[len++] = (byte) b;
    }
    return len == 0 ? null : new String(line, 0, len, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a broken connection
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "end of stream" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  /** The response was not valid HTTP. */
  static final class ProtocolException extends IOException {
    ProtocolException(String message) {
      super(message);
    }
  }

  /** Splits body bytes into lines, across reads. */
  private static final class LineSplitter {
    private final LineListener listener;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    LineSplitter(LineListener listener) {
      this.listener = listener;
    }

    void accept(byte[] buf, int n, long now) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
          if (partial.size() > 0) {
            partial.write(buf, start, end - start);
            byte[] whole = partial.toByteArray();
            int len = whole.length;
            if (len > 0 && whole[len - 1] == '\r') {
              len--;
            }
            listener.line(whole, 0, len, now);
            partial.reset();
          } else {
            listener.line(buf, start, end - start, now);
          }
          start = i + 1;
        }
      }
      if (start < n) {
        partial.write(buf, start, n - start);
      }
    }

    void finish() {
      if (partial.size() > 0) {
        byte[] rest = partial.toByteArray();
        listener.line(rest, 0, rest.length, System.nanoTime());
        partial.reset();
      }
    }
  }
}
