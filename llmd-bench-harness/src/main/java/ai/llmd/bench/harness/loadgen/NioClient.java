package ai.llmd.bench.harness.loadgen;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A non-blocking HTTP/1.1 client for the load generator: a few event-loop threads, each with its
 * own selector and keep-alive connections, run any number of requests at once without a thread per
 * request. Response bodies are split into lines as they are read, each line stamped with the time
 * its bytes arrived, so that server-sent events are timed to the read. Speaks TLS through an {@link
 * SSLEngine} per connection when given an {@link SSLContext}.
 *
 * <p>Every submitted request ends in exactly one call of its {@link Completion}, whatever fails:
 * name resolution, connection, TLS, the server's answer, a timeout, a cancellation, or this
 * client's own thread.
 */
final class NioClient implements Closeable {

  /** Called on the event-loop thread when a request has finished, successfully or not. */
  interface Completion {
    /**
     * @param sendNanos when the request's first byte was written
     * @param error {@code null}, or the error kind: {@code resolve}, {@code connect}, {@code tls},
     *     {@code timeout}, {@code io}, {@code protocol}, {@code stream_error}, {@code
     *     http_<status>}, {@code cancelled}, {@code client}
     * @param detail what went wrong in words (the server's error body, the exception message), or
     *     {@code null}
     */
    void done(Exchange exchange, long sendNanos, String error, String detail);
  }

  /** Where requests go: host and port, and TLS settings for https. */
  record Target(String host, int port, SSLContext tls, boolean verifyHostname) {}

  private final Target target;
  private final InetSocketAddress address;
  private final long timeoutNanos;
  private final Consumer<Throwable> onBug;
  private final Loop[] loops;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * @param onBug told when a completion callback or an event loop throws: the request still ends as
   *     failed ({@code client}), and the owner decides whether to stop
   */
  NioClient(Target target, int threads, long timeoutNanos, Consumer<Throwable> onBug)
      throws IOException {
    this.target = target;
    this.address = new InetSocketAddress(target.host(), target.port());
    this.timeoutNanos = timeoutNanos;
    this.onBug = onBug;
    this.loops = new Loop[threads];
    for (int i = 0; i < threads; i++) {
      loops[i] = new Loop("llmd-loadgen-io-" + (i + 1));
      loops[i].start();
    }
  }

  /** Sends a request from any thread; {@code completion} runs on an event-loop thread. */
  void submit(byte[] request, Exchange exchange, Completion completion) {
    Pending p = new Pending(request, exchange, completion);
    // a request submitted by a completion (a closed-loop user's next) stays on its loop
    if (Thread.currentThread() instanceof Loop l && l.client() == this) {
      l.local.add(p);
    } else {
      loops[Math.floorMod(next.getAndIncrement(), loops.length)].submit(p);
    }
  }

  /**
   * Fails every request still outstanding with {@code kind}, on the event-loop threads, and returns
   * when they have done so (or after two seconds).
   */
  void failOutstanding(String kind, String detail) {
    CountDownLatch latch = new CountDownLatch(loops.length);
    for (Loop l : loops) {
      l.task(
          () -> {
            l.failAll(kind, detail);
            latch.countDown();
          });
    }
    boolean interrupted = Thread.interrupted();
    try {
      latch.await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    for (Loop l : loops) {
      l.shutdown();
    }
    boolean interrupted = Thread.interrupted();
    for (Loop l : loops) {
      try {
        l.join(2000);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private record Pending(byte[] request, Exchange exchange, Completion completion) {}

  /** Runs a completion; a callback that throws is reported, never allowed to stop the loop. */
  private void complete(Pending p, long sendNanos, String error, String detail) {
    try {
      p.completion().done(p.exchange(), sendNanos, error, detail);
    } catch (RuntimeException | Error e) {
      onBug.accept(e);
    }
  }

  /** One event loop: a selector, its connections and their requests. */
  private final class Loop extends Thread {
    private final Selector selector;
    private final ConcurrentLinkedQueue<Pending> inbox = new ConcurrentLinkedQueue<>();
    // requests submitted on this loop's own thread: no synchronisation, no wake-up needed
    private final ArrayDeque<Pending> local = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    // every open connection; those with a pending request are in flight
    private final List<Conn> conns = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private volatile boolean running = true;
    private long nextTimeoutCheck;

    Loop(String name) throws IOException {
      super(name);
      setDaemon(true);
      selector = Selector.open();
    }

    NioClient client() {
      return NioClient.this;
    }

    void submit(Pending p) {
      inbox.add(p);
      if (Thread.currentThread() != this) {
        selector.wakeup();
      }
      if (!isAlive()) {
        drainDead();
      }
    }

    void task(Runnable r) {
      tasks.add(r);
      selector.wakeup();
      if (!isAlive()) {
        Runnable t;
        while ((t = tasks.poll()) != null) {
          t.run();
        }
      }
    }

    void shutdown() {
      running = false;
      selector.wakeup();
    }

    @Override
    public void run() {
      try {
        while (running) {
          drainInbox();
          if (local.isEmpty()) {
            selector.select(this::ready, 10);
          } else {
            selector.selectNow(this::ready);
          }
          checkTimeouts();
        }
      } catch (IOException | RuntimeException | Error e) {
        death = "the load generator's I/O thread failed: " + e;
        onBug.accept(e);
      } finally {
        running = false;
        failAll(
            death == null ? "cancelled" : "client",
            death == null ? "the load generator stopped" : death);
        for (Conn c : idle) {
          c.closeQuietly();
        }
        Runnable t;
        while ((t = tasks.poll()) != null) {
          t.run();
        }
        try {
          selector.close();
        } catch (IOException e) {
          // closing
        }
      }
    }

    private void ready(SelectionKey key) {
      if (key.isValid()) {
        ((Conn) key.attachment()).ready(key);
      }
    }

    /** Fails what is in flight or waiting on this loop. */
    void failAll(String kind, String detail) {
      for (Conn c : new ArrayList<>(conns)) {
        if (c.pending != null) {
          c.fail(kind, detail);
        }
      }
      drainDead(kind, detail);
    }

    private volatile String death;

    private void drainDead() {
      drainDead(
          death == null ? "cancelled" : "client",
          death == null ? "the load generator stopped" : death);
    }

    private void drainDead(String kind, String detail) {
      Pending p;
      while ((p = inbox.poll()) != null) {
        complete(p, System.nanoTime(), kind, detail);
      }
      if (Thread.currentThread() == this) {
        while ((p = local.poll()) != null) {
          complete(p, System.nanoTime(), kind, detail);
        }
      }
    }

    private void drainInbox() {
      Runnable t;
      while ((t = tasks.poll()) != null) {
        t.run();
      }
      // only what is queued now: a request that fails at once and is resubmitted waits a turn
      for (int n = local.size(); n > 0; n--) {
        start(local.poll(), true);
      }
      Pending p;
      while ((p = inbox.poll()) != null) {
        start(p, true);
      }
    }

    /** Starts a request on an idle connection, or on a new one. */
    private void start(Pending p, boolean mayReuse) {
      if (address.isUnresolved()) {
        complete(p, System.nanoTime(), "resolve", "cannot resolve host " + target.host());
        return;
      }
      Conn c = mayReuse ? idle.pollFirst() : null;
      try {
        if (c == null) {
          c = new Conn(this);
        }
        c.begin(p);
      } catch (IOException | RuntimeException e) {
        if (c != null) {
          c.pending = null;
          c.closeQuietly();
        }
        complete(p, System.nanoTime(), kindOf(e), describe(e));
      }
    }

    private void checkTimeouts() {
      long now = System.nanoTime();
      if (now < nextTimeoutCheck) {
        return;
      }
      nextTimeoutCheck = now + 5_000_000;
      List<Conn> expired = new ArrayList<>();
      for (Conn c : conns) {
        if (c.pending != null && now - c.lastActivity > timeoutNanos) {
          expired.add(c);
        }
      }
      for (Conn c : expired) {
        c.fail(
            "timeout",
            String.format(
                java.util.Locale.ROOT,
                "no byte from %s:%d for %.1f s %s",
                target.host(),
                target.port(),
                timeoutNanos / 1e9,
                c.parser.started()
                    ? "in the middle of the response"
                    : "after sending the request"));
      }
    }
  }

  private String kindOf(Throwable e) {
    if (e instanceof ConnectException) {
      return "connect";
    }
    if (e instanceof SSLException) {
      return "tls";
    }
    if (e instanceof ResponseParser.ProtocolException) {
      return "protocol";
    }
    if (e instanceof IOException) {
      return "io";
    }
    return "client";
  }

  private String describe(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof ConnectException) {
      return m + " (" + target.host() + ":" + target.port() + ")";
    }
    if (e instanceof SSLException) {
      return "TLS with " + target.host() + ":" + target.port() + " failed: " + m;
    }
    if (e instanceof IOException) {
      return m;
    }
    return "load generator error: " + e;
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /** One connection and the request it is serving. */
  private final class Conn {
    private final Loop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private boolean connected;
    private Pending pending;
    private ByteBuffer out;
    private long sendNanos;
    long lastActivity;
    private boolean reused;
    final ResponseParser parser = new ResponseParser();
    // TLS only: the engine, encrypted bytes to send (read mode), received (write mode), plaintext
    private final SSLEngine tls;
    private ByteBuffer netOut;
    private ByteBuffer netIn;
    private ByteBuffer appIn;

    Conn(Loop loop) throws IOException {
      this.loop = loop;
      if (target.tls() != null) {
        tls = target.tls().createSSLEngine(target.host(), target.port());
        tls.setUseClientMode(true);
        SSLParameters params = tls.getSSLParameters();
        if (target.verifyHostname()) {
          params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        params.setApplicationProtocols(new String[] {"http/1.1"});
        tls.setSSLParameters(params);
        int packet = tls.getSession().getPacketBufferSize();
        netOut = ByteBuffer.allocate(packet).flip();
        netIn = ByteBuffer.allocate(packet);
        appIn = ByteBuffer.allocate(tls.getSession().getApplicationBufferSize());
      } else {
        tls = null;
      }
      channel = SocketChannel.open();
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        connected = channel.connect(address);
        key = channel.register(loop.selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
        loop.conns.add(this);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      if (connected && tls != null) {
        tls.beginHandshake();
      }
    }

    void begin(Pending p) throws IOException {
      pending = p;
      out = ByteBuffer.wrap(p.request());
      parser.reset(p.exchange());
      sendNanos = System.nanoTime();
      lastActivity = sendNanos;
      if (connected) {
        write();
      }
    }

    void ready(SelectionKey k) {
      try {
        if (k.isConnectable()) {
          channel.finishConnect();
          connected = true;
          if (tls != null) {
            tls.beginHandshake();
          }
          write();
          return;
        }
        if (k.isWritable()) {
          write();
        }
        if (k.isValid() && k.isReadable()) {
          read();
        }
      } catch (ConnectException | SSLException | ResponseParser.ProtocolException e) {
        fail(kindOf(e), describe(e));
      } catch (IOException e) {
        staleOrFail(e);
      } catch (RuntimeException e) {
        onBug.accept(e);
        fail("client", describe(e));
      }
    }

    private void write() throws IOException {
      if (tls == null) {
        channel.write(out);
        key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
      } else {
        pumpTls();
      }
    }

    private void read() throws IOException {
      ByteBuffer buf = loop.readBuffer;
      while (true) {
        if (tls == null) {
          buf.clear();
        }
        int n = channel.read(tls == null ? buf : netIn);
        long now = System.nanoTime();
        if (n < 0) {
          if (parser.endOfStream(now)) {
            finish(false);
          } else {
            staleOrFail(null);
          }
          return;
        }
        if (n == 0) {
          return;
        }
        lastActivity = now;
        if (tls == null) {
          buf.flip();
          if (parser.feed(buf.array(), buf.position(), buf.limit(), now)) {
            finish(parser.keepAlive());
            return;
          }
        } else if (unwrap(now)) {
          return;
        }
      }
    }

    /**
     * Decrypts what {@code netIn} holds and feeds the plaintext to the parser; true when the
     * response is complete (or the request failed).
     */
    private boolean unwrap(long now) throws IOException {
      netIn.flip();
      try {
        while (true) {
          appIn.clear();
          SSLEngineResult r = tls.unwrap(netIn, appIn);
          appIn.flip();
          if (appIn.hasRemaining()
              && pending != null
              && parser.feed(appIn.array(), appIn.position(), appIn.limit(), now)) {
            finish(parser.keepAlive());
            return true;
          }
          switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
              if (netIn.limit() == netIn.capacity()) {
                netIn = grow(netIn, tls.getSession().getPacketBufferSize());
              }
              return false;
            }
            case BUFFER_OVERFLOW ->
                appIn =
                    ByteBuffer.allocate(
                        Math.max(
                            appIn.capacity() * 2, tls.getSession().getApplicationBufferSize()));
            case CLOSED -> throw new SSLException("the server closed the TLS session");
            default -> {}
          }
          SSLEngineResult.HandshakeStatus hs = r.getHandshakeStatus();
          if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK
              || hs == SSLEngineResult.HandshakeStatus.NEED_WRAP
              || hs == SSLEngineResult.HandshakeStatus.FINISHED) {
            netIn.compact();
            pumpTls();
            netIn.flip();
          }
          if (!netIn.hasRemaining() && r.getStatus() == SSLEngineResult.Status.OK) {
            return false;
          }
        }
      } finally {
        netIn.compact();
      }
    }

    private ByteBuffer grow(ByteBuffer b, int min) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, min));
      bigger.put(b);
      bigger.flip();
      return bigger;
    }

    /**
     * Moves the TLS session forward: runs handshake tasks, encrypts the handshake or the request
     * and writes it; leaves the key interested in writing while bytes wait, else in reading.
     */
    private void pumpTls() throws IOException {
      while (true) {
        if (netOut.hasRemaining()) {
          channel.write(netOut);
          if (netOut.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
            return;
          }
        }
        SSLEngineResult.HandshakeStatus hs = tls.getHandshakeStatus();
        if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
          Runnable t;
          while ((t = tls.getDelegatedTask()) != null) {
            t.run();
          }
          continue;
        }
        boolean handshaking =
            hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                && hs != SSLEngineResult.HandshakeStatus.FINISHED;
        boolean appData = !handshaking && out != null && out.hasRemaining();
        if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP || appData) {
          netOut.clear();
          SSLEngineResult r = tls.wrap(appData ? out : EMPTY, netOut);
          netOut.flip();
          if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new SSLException("the TLS session closed while sending");
          }
          if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            netOut = ByteBuffer.allocate(netOut.capacity() * 2).flip();
          }
          continue;
        }
        key.interestOps(SelectionKey.OP_READ);
        return;
      }
    }

    /**
     * A reused keep-alive connection closed before answering is retried once on a new connection.
     */
    private void staleOrFail(IOException e) {
      if (reused && !parser.started() && pending != null) {
        Pending p = pending;
        pending = null;
        closeQuietly();
        p.exchange().reset();
        loop.start(p, false);
      } else if (tls != null && !reused && !parser.started() && e == null) {
        fail(
            "tls",
            "TLS with "
                + target.host()
                + ":"
                + target.port()
                + " failed: the server closed the connection during the handshake");
      } else {
        String what =
            e == null
                ? "the server closed the connection "
                    + (parser.started() ? "in the middle of the response" : "before answering")
                : e.getMessage();
        fail(parser.started() ? "protocol" : "io", what);
      }
    }

    private void finish(boolean keepAlive) {
      Pending p = pending;
      pending = null;
      if (keepAlive) {
        reused = true;
        key.interestOps(0);
        loop.idle.addFirst(this);
      } else {
        closeQuietly();
      }
      String error = p.exchange().finish(parser.status());
      complete(p, sendNanos, error, error == null ? null : p.exchange().detail());
    }

    void fail(String kind, String detail) {
      Pending p = pending;
      pending = null;
      closeQuietly();
      if (p != null) {
        complete(p, sendNanos, kind, detail);
      }
    }

    void closeQuietly() {
      loop.conns.remove(this);
      key.cancel();
      try {
        channel.close();
      } catch (IOException e) {
        // closing a broken connection
      }
    }
  }
}
