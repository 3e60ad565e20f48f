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
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking HTTP/1.1 client for the load generator: a few event-loop threads, each with its
 * own selector and keep-alive connections, run any number of requests at once without a thread per
 * request. Response bodies are split into lines as they are read, each line stamped with the time
 * its bytes arrived, so that server-sent events are timed to the read. Plain HTTP only.
 */
final class NioClient implements Closeable {

  /** Called on the event-loop thread when a request has finished, successfully or not. */
  interface Completion {
    /**
     * @param sendNanos when the request's first byte was written
     * @param error {@code null}, or the error kind: {@code connect}, {@code timeout}, {@code io},
     *     {@code protocol}, {@code http_<status>}
     */
    void done(Exchange exchange, long sendNanos, String error);
  }

  private final InetSocketAddress address;
  private final long timeoutNanos;
  private final Loop[] loops;
  private final AtomicInteger next = new AtomicInteger();

  NioClient(String host, int port, int threads, long timeoutNanos) throws IOException {
    this.address = new InetSocketAddress(host, port);
    this.timeoutNanos = timeoutNanos;
    this.loops = new Loop[threads];
    for (int i = 0; i < threads; i++) {
      loops[i] = new Loop("llmd-loadgen-io-" + (i + 1));
      loops[i].start();
    }
  }

  /** Sends a request from any thread; {@code completion} runs on an event-loop thread. */
  void submit(byte[] request, Exchange exchange, Completion completion) {
    loops[Math.floorMod(next.getAndIncrement(), loops.length)].submit(
        new Pending(request, exchange, completion));
  }

  @Override
  public void close() {
    for (Loop l : loops) {
      l.shutdown();
    }
    for (Loop l : loops) {
      try {
        l.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private record Pending(byte[] request, Exchange exchange, Completion completion) {}

  /** One event loop: a selector, its connections and their requests. */
  private final class Loop extends Thread {
    private final Selector selector;
    private final ConcurrentLinkedQueue<Pending> inbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private final Set<Conn> active = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private volatile boolean running = true;
    private long nextTimeoutCheck;

    Loop(String name) throws IOException {
      super(name);
      setDaemon(true);
      selector = Selector.open();
    }

    void submit(Pending p) {
      inbox.add(p);
      if (Thread.currentThread() != this) {
        selector.wakeup();
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
          selector.select(10);
          Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
          while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Conn c = (Conn) key.attachment();
            if (key.isValid()) {
              c.ready(key);
            }
          }
          checkTimeouts();
        }
      } catch (IOException e) {
        // selector failure: fail what is outstanding
      } finally {
        for (Conn c : new ArrayList<>(active)) {
          c.fail("io");
        }
        Pending p;
        while ((p = inbox.poll()) != null) {
          p.completion().done(p.exchange(), System.nanoTime(), "io");
        }
        for (Conn c : idle) {
          c.closeQuietly();
        }
        try {
          selector.close();
        } catch (IOException e) {
          // closing
        }
      }
    }

    private void drainInbox() {
      Pending p;
      while ((p = inbox.poll()) != null) {
        start(p, true);
      }
    }

    /** Starts a request on an idle connection, or on a new one. */
    private void start(Pending p, boolean mayReuse) {
      Conn c = mayReuse ? idle.pollFirst() : null;
      try {
        if (c == null) {
          c = new Conn(this);
        }
        active.add(c);
        c.begin(p);
      } catch (IOException e) {
        p.completion()
            .done(
                p.exchange(), System.nanoTime(), e instanceof ConnectException ? "connect" : "io");
      }
    }

    private void checkTimeouts() {
      long now = System.nanoTime();
      if (now < nextTimeoutCheck) {
        return;
      }
      nextTimeoutCheck = now + 5_000_000;
      List<Conn> expired = new ArrayList<>();
      for (Conn c : active) {
        if (now - c.lastActivity > timeoutNanos) {
          expired.add(c);
        }
      }
      for (Conn c : expired) {
        c.fail("timeout");
      }
    }
  }

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
    private final ResponseParser parser = new ResponseParser();

    Conn(Loop loop) throws IOException {
      this.loop = loop;
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      connected = channel.connect(address);
      key = channel.register(loop.selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
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
          write();
          return;
        }
        if (k.isWritable()) {
          write();
        }
        if (k.isReadable()) {
          read();
        }
      } catch (ConnectException e) {
        fail("connect");
      } catch (ResponseParser.ProtocolException e) {
        fail("protocol");
      } catch (IOException e) {
        staleOrFail();
      }
    }

    private void write() throws IOException {
      channel.write(out);
      key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read() throws IOException {
      ByteBuffer buf = loop.readBuffer;
      while (true) {
        buf.clear();
        int n = channel.read(buf);
        long now = System.nanoTime();
        if (n < 0) {
          if (parser.endOfStream(now)) {
            finish(false);
          } else {
            staleOrFail();
          }
          return;
        }
        if (n == 0) {
          return;
        }
        lastActivity = now;
        buf.flip();
        if (parser.feed(buf.array(), buf.position(), buf.limit(), now)) {
          finish(parser.keepAlive());
          return;
        }
      }
    }

    /**
     * A reused keep-alive connection closed before answering is retried once on a new connection.
     */
    private void staleOrFail() {
      if (reused && !parser.started() && pending != null) {
        Pending p = pending;
        pending = null;
        loop.active.remove(this);
        closeQuietly();
        p.exchange().reset();
        loop.start(p, false);
      } else {
        fail(parser.started() ? "protocol" : "io");
      }
    }

    private void finish(boolean keepAlive) {
      Pending p = pending;
      pending = null;
      loop.active.remove(this);
      if (keepAlive) {
        reused = true;
        key.interestOps(0);
        loop.idle.addFirst(this);
      } else {
        closeQuietly();
      }
      p.completion().done(p.exchange(), sendNanos, p.exchange().finish(parser.status()));
    }

    void fail(String kind) {
      Pending p = pending;
      pending = null;
      loop.active.remove(this);
      closeQuietly();
      if (p != null) {
        p.completion().done(p.exchange(), sendNanos, kind);
      }
    }

    void closeQuietly() {
      key.cancel();
      try {
        channel.close();
      } catch (IOException e) {
        // closing a broken connection
      }
    }
  }
}
