package ai.llmd.bench.harness.sim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An in-process server that behaves like a vLLM OpenAI-compatible endpoint, with configurable
 * latencies, a limit of concurrent sequences (with a queue behind it) and a failure rate. For
 * tests, calibration and the quickstart.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.builder().timeToFirstToken(Duration.ofMillis(20))
 *         .interTokenLatency(Duration.ofMillis(5)).maxConcurrency(64).start()) {
 *   URI endpoint = sim.endpoint(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>Serves {@code /v1/models}, {@code /v1/completions}, {@code /v1/chat/completions} (streaming as
 * server-sent events with {@code usage} in the last chunk, or not), {@code /health} and {@code
 * /metrics} (Prometheus text with the vLLM series). The time to first token counts from admission,
 * so queueing at the concurrency limit adds to it, as in vLLM. Chat messages may carry a string or
 * a list of parts (text parts are counted; image and audio parts are accepted).
 *
 * <p>It runs on Netty: a few event-loop threads and one clock thread serve every connection, so
 * thousands of concurrent streams cost memory, not threads.
 */
public final class Simulator implements AutoCloseable, ai.llmd.bench.experiment.Endpoint {
  private final Config config;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Clock clock;
  private final SimulatorHandler handler;
  private final Channel server;

  private Simulator(Config config) {
    this.config = config;
    boss =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("llmd-sim-accept", true), NioIoHandler.newFactory());
    workers =
        new MultiThreadIoEventLoopGroup(
            config.ioThreads(),
            new DefaultThreadFactory("llmd-sim-io", true),
            NioIoHandler.newFactory());
    clock = new Clock("llmd-sim-clock");
    handler = new SimulatorHandler(config, clock);
    try {
      server =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 8192)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                          .addLast(handler);
                    }
                  })
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()))
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException e) {
      shutdown();
      throw new IllegalStateException("cannot start the simulator on port " + config.port(), e);
    }
  }

  /** Largest request body accepted (larger ones get HTTP 413). */
  private static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;

  /**
   * Starts a simulator configuration; every setting has a default, so {@code
   * Simulator.builder().start()} gives a working endpoint.
   *
   * <pre>{@code
   * try (Simulator sim = Simulator.builder().maxConcurrency(16).start()) {
   *   URI endpoint = sim.endpoint();
   * }
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}; OpenAI paths go below it. */
  @Override
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort());
  }

  /** {@code simulator}: the name of this server in an experiment's results. */
  @Override
  public String name() {
    return "simulator";
  }

  /** The Prometheus {@code /metrics} of the simulator. */
  @Override
  public URI metricsUrl() {
    return endpoint().resolve("/metrics");
  }

  /** The served model name. */
  @Override
  public String model() {
    return config.model();
  }

  /** Counters of what the simulator has served so far. */
  public SimulatorMetrics metrics() {
    return handler.metrics();
  }

  /** Stops the server; in-flight requests are cut. Idempotent. */
  @Override
  public void close() {
    if (server != null) {
      server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    shutdown();
  }

  private void shutdown() {
    clock.close();
    boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    workers
        .shutdownGracefully(0, 0, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  /** The model, address and settings, e.g. for a log line. */
  @Override
  public String toString() {
    return "Simulator["
        + config.model()
        + " at "
        + endpoint()
        + ", TTFT "
        + config.timeToFirstToken().toMillis()
        + " ms, ITL "
        + config.interTokenLatency().toMillis()
        + " ms, max "
        + config.maxConcurrency()
        + " concurrent, failure rate "
        + config.failureRate()
        + "]";
  }

  /** The simulator's settings. */
  record Config(
      String model,
      int port,
      Duration timeToFirstToken,
      Duration interTokenLatency,
      int maxConcurrency,
      double failureRate,
      int defaultMaxTokens,
      Integer naturalOutputTokens,
      long seed,
      int ioThreads) {}

  /** Configures and starts a {@link Simulator}. */
  public static final class Builder {
    private String model = "llmd-bench/sim";
    private int port = 0;
    private Duration ttft = Duration.ofMillis(20);
    private Duration itl = Duration.ofMillis(5);
    private int maxConcurrency = 256;
    private double failureRate = 0;
    private int defaultMaxTokens = 16;
    private Integer naturalOutputTokens;
    private long seed = 42;
    private int ioThreads = Math.min(2, Runtime.getRuntime().availableProcessors());

    private Builder() {}

    /** The model name served on {@code /v1/models} and accepted in requests. */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** The port to listen on (loopback only); 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Time from admission to the first token. */
    public Builder timeToFirstToken(Duration ttft) {
      this.ttft = nonNegative("timeToFirstToken", ttft);
      return this;
    }

    /** Time between two output tokens. */
    public Builder interTokenLatency(Duration itl) {
      this.itl = nonNegative("interTokenLatency", itl);
      return this;
    }

    /**
     * Sequences processed at once; later requests wait in a queue ({@code
     * vllm:num_requests_waiting}).
     */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException("maxConcurrency must be >= 1, was " + maxConcurrency);
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /** Fraction of requests (0..1) answered with HTTP 500. */
    public Builder failureRate(double failureRate) {
      if (!(failureRate >= 0 && failureRate <= 1)) {
        throw new IllegalArgumentException("failureRate must be within 0..1, was " + failureRate);
      }
      this.failureRate = failureRate;
      return this;
    }

    /**
     * Output tokens when a request gives no {@code max_tokens} (vLLM's completions default is 16).
     */
    public Builder defaultMaxTokens(int tokens) {
      if (tokens < 1) {
        throw new IllegalArgumentException("defaultMaxTokens must be >= 1, was " + tokens);
      }
      this.defaultMaxTokens = tokens;
      return this;
    }

    /**
     * The length at which the model would stop by itself (end of sequence); requests with {@code
     * ignore_eos} run to {@code max_tokens}. Unset: every request runs to {@code max_tokens}.
     */
    public Builder naturalOutputTokens(int tokens) {
      if (tokens < 1) {
        throw new IllegalArgumentException("naturalOutputTokens must be >= 1, was " + tokens);
      }
      this.naturalOutputTokens = tokens;
      return this;
    }

    /** Seed of the failure draws and generated text. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Event-loop threads serving connections (default: 2, or 1 on a single core). Streams do not
     * hold a thread: thousands share these.
     */
    public Builder ioThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("ioThreads must be >= 1, was " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /** Starts the server. */
    public Simulator start() {
      return new Simulator(
          new Config(
              model,
              port,
              ttft,
              itl,
              maxConcurrency,
              failureRate,
              defaultMaxTokens,
              naturalOutputTokens,
              seed,
              ioThreads));
    }

    private static Duration nonNegative(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + d);
      }
      return d;
    }
  }
}
