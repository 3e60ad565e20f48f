package ai.llmd.bench.examples.bench;

import ai.llmd.bench.harness.sim.Simulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The simulator holding thousands of concurrent streaming requests: opens {@code streams}
 * connections at once, each streaming {@code tokens} tokens {@code itl} apart, and reports, while
 * they are all open, the JVM's heap (after a GC) and thread count against the idle simulator
 * measured just before (the baseline), plus the inter-token gaps the clients saw against the
 * configured latency once every stream was open (gaps spanning the opening and the measuring GC are
 * left out). The client is one NIO selector thread in the same JVM, so the threads it adds are
 * counted as one.
 *
 * <p>Arguments: streams (default 5000), runs (3), inter-token latency in ms (200), tokens per
 * stream (40).
 *
 * <pre>
 * mvn -q -B package -DskipTests -pl llmd-bench-examples -am
 * java -cp ... ai.llmd.bench.examples.bench.SimulatorStreamsBenchmark 5000 3
 * </pre>
 */
public final class SimulatorStreamsBenchmark {
  private SimulatorStreamsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int itlMs = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 40;
    double[] heapPerStreamKiB = new double[runs];
    double[] heapHeldMiB = new double[runs];
    double[] heapIdleMiB = new double[runs];
    double[] threadsHeld = new double[runs];
    double[] threadsIdle = new double[runs];
    double[] gapMedian = new double[runs];
    double[] gapP99 = new double[runs];
    double[] openSeconds = new double[runs];
    for (int run = 0; run < runs; run++) {
      try (Simulator sim =
          Simulator.builder()
              .model("m")
              .maxConcurrency(streams)
              .timeToFirstToken(Duration.ofMillis(50))
              .interTokenLatency(Duration.ofMillis(itlMs))
              .start()) {
        // baseline: the idle simulator, after one request so that its classes are loaded
        new Clients(sim, 1, 2).run(null);
        heapIdleMiB[run] = heapAfterGcMiB();
        threadsIdle[run] = ManagementFactory.getThreadMXBean().getThreadCount();

        Clients clients = new Clients(sim, streams, tokens);
        double[] held = new double[2];
        long start = System.nanoTime();
        clients.run(
            () -> {
              held[0] = heapAfterGcMiB();
              held[1] = ManagementFactory.getThreadMXBean().getThreadCount();
            });
        if (clients.completed != streams) {
          throw new IllegalStateException(
              "only " + clients.completed + " of " + streams + " streams completed");
        }
        openSeconds[run] = clients.allOpenNanos / 1e9;
        heapHeldMiB[run] = held[0];
        threadsHeld[run] = held[1];
        heapPerStreamKiB[run] = (held[0] - heapIdleMiB[run]) * 1024 / streams;
        double[] gaps = Arrays.copyOf(clients.gaps, clients.gapCount);
        Arrays.sort(gaps);
        gapMedian[run] = gaps.length == 0 ? Double.NaN : gaps[gaps.length / 2];
        gapP99[run] = gaps.length == 0 ? Double.NaN : gaps[(int) (gaps.length * 0.99)];
        System.out.println(
            Measure.f(
                "run %d: %d streams open together after %.2f s (peak running %d); heap %.1f MiB"
                    + " (idle %.1f MiB, %.1f KiB per stream); threads %d (idle %d); inter-token gap"
                    + " median %.1f ms, p99 %.1f ms (configured %d ms); %.1f s in all",
                run + 1,
                streams,
                openSeconds[run],
                clients.peakRunning,
                heapHeldMiB[run],
                heapIdleMiB[run],
                heapPerStreamKiB[run],
                (int) threadsHeld[run],
                (int) threadsIdle[run],
                gapMedian[run],
                gapP99[run],
                itlMs,
                (System.nanoTime() - start) / 1e9));
      }
    }
    System.out.println(
        Measure.f(
            "median of %d runs, %d concurrent streams: heap %.1f MiB held vs %.1f MiB idle (%.1f"
                + " KiB per stream, ratio %.2f); threads %.0f held vs %.0f idle (ratio %.2f);"
                + " inter-token gap median %.1f ms, p99 %.1f ms for %d ms configured",
            runs,
            streams,
            Measure.median(heapHeldMiB),
            Measure.median(heapIdleMiB),
            Measure.median(heapPerStreamKiB),
            Measure.median(heapHeldMiB) / Measure.median(heapIdleMiB),
            Measure.median(threadsHeld),
            Measure.median(threadsIdle),
            Measure.median(threadsHeld) / Measure.median(threadsIdle),
            Measure.median(gapMedian),
            Measure.median(gapP99),
            itlMs));
  }

  private static double heapAfterGcMiB() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024.0 / 1024.0;
  }

  /** Streaming clients on one selector thread: counts SSE events and the gaps between them. */
  private static final class Clients {
    private final Simulator sim;
    private final int streams;
    private final int tokens;
    private final double[] gaps;
    int gapCount;
    int completed;
    int peakRunning;
    long allOpenNanos;

    Clients(Simulator sim, int streams, int tokens) {
      this.sim = sim;
      this.streams = streams;
      this.tokens = tokens;
      this.gaps = new double[streams * tokens];
    }

    private static final class Conn {
      final ByteBuffer request;
      int events;
      long lastEvent;
      boolean newline;

      Conn(ByteBuffer request) {
        this.request = request;
      }
    }

    /** Runs every stream to its end; {@code whileHeld} runs once all of them are streaming. */
    void run(Runnable whileHeld) throws IOException {
      String body =
          "{\"model\":\"m\",\"prompt\":\"a b c d\",\"max_tokens\":" + tokens + ",\"stream\":true}";
      byte[] request =
          ("POST /v1/completions HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.UTF_8);
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", sim.endpoint().getPort());
      ByteBuffer read = ByteBuffer.allocateDirect(64 * 1024);
      int expectedEvents = tokens + 2; // tokens, usage, [DONE]
      long start = System.nanoTime();
      boolean heldDone = whileHeld == null;
      long heldEnd = whileHeld == null ? start : Long.MAX_VALUE;
      try (Selector selector = Selector.open()) {
        for (int i = 0; i < streams; i++) {
          SocketChannel ch = SocketChannel.open();
          ch.configureBlocking(false);
          ch.connect(address);
          ch.register(selector, SelectionKey.OP_CONNECT, new Conn(ByteBuffer.wrap(request)));
        }
        int open = streams;
        int firstEvents = 0;
        while (open > 0) {
          selector.select(100);
          if (!heldDone) {
            int running = sim.metrics().running();
            peakRunning = Math.max(peakRunning, running);
            if (firstEvents == streams && running == streams) {
              allOpenNanos = System.nanoTime() - start;
              whileHeld.run();
              heldDone = true;
              heldEnd = System.nanoTime();
            }
          }
          for (SelectionKey key : selector.selectedKeys()) {
            SocketChannel ch = (SocketChannel) key.channel();
            Conn c = (Conn) key.attachment();
            if (key.isConnectable()) {
              ch.finishConnect();
              key.interestOps(SelectionKey.OP_WRITE);
            } else if (key.isWritable()) {
              ch.write(c.request);
              if (!c.request.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
              }
            } else if (key.isReadable()) {
              read.clear();
              int n = ch.read(read);
              long now = System.nanoTime();
              if (n < 0) {
                key.cancel();
                ch.close();
                open--;
                continue;
              }
              read.flip();
              while (read.hasRemaining()) {
                byte b = read.get();
                boolean nl = b == '\n';
                if (nl && c.newline) {
                  // end of an SSE event
                  if (c.events == 0) {
                    firstEvents++;
                  } else if (c.events < tokens && c.lastEvent > heldEnd && gapCount < gaps.length) {
                    gaps[gapCount++] = (now - c.lastEvent) / 1e6;
                  }
                  c.events++;
                  c.lastEvent = now;
                }
                c.newline = nl;
              }
              if (c.events >= expectedEvents) {
                completed++;
                key.cancel();
                ch.close();
                open--;
              }
            }
          }
          selector.selectedKeys().clear();
        }
      }
    }
  }
}
