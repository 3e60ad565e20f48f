package ai.llmd.bench.harness.loadgen;

import ai.llmd.bench.harness.loadgen.LoadSpec.Api;
import ai.llmd.bench.harness.loadgen.LoadSpec.Arrival;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in load generator (harness id {@code loadgen}): sends OpenAI-compatible requests in
 * stages of a constant or Poisson rate (open loop: requests go out on schedule whatever is still
 * outstanding) or a fixed concurrency, measures each request with a monotonic clock, and writes
 * per-request and per-stage files that {@link LoadgenTransformer} turns into benchmark reports.
 *
 * <pre>{@code
 * LoadGenerator gen = LoadGenerator.builder()
 *     .endpoint(URI.create("http://127.0.0.1:8000"))
 *     .model("Qwen/Qwen3-0.6B")
 *     .data(DataSpec.random(TokenLength.fixed(128), TokenLength.fixed(32)))
 *     .stage(Stage.rate(10, Duration.ofSeconds(20)))
 *     .stage(Stage.rate(20, Duration.ofSeconds(20)))
 *     .build();
 * LoadgenResult result = gen.run(Path.of("results/raw"));
 * }</pre>
 */
public final class LoadGenerator {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final LoadSpec spec;
  private final String apiKey;
  private final int ioThreads;
  private final Progress.Listener listener;
  private final Prompts prompts;
  private final String host;
  private final int port;
  private final RequestBodies bodies;

  private LoadGenerator(LoadSpec spec, String apiKey, int ioThreads, Progress.Listener listener) {
    this.spec = spec;
    this.ioThreads = ioThreads;
    this.apiKey = apiKey;
    this.listener = listener;
    this.prompts = new Prompts(spec.data(), spec.seed());
    URI e = spec.endpoint();
    this.host = e.getHost();
    this.port = e.getPort() > 0 ? e.getPort() : 80;
    String path = e.getRawPath() == null ? "" : e.getRawPath();
    this.bodies =
        new RequestBodies(
            spec,
            host,
            port,
            path.endsWith("/") ? path.substring(0, path.length() - 1) : path,
            apiKey);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The validated load. */
  public LoadSpec spec() {
    return spec;
  }

  /**
   * Runs every stage and writes into {@code directory}: {@code loadgen.json} (the load), and per
   * stage {@code stage_<N>_requests.csv} and {@code stage_<N>_summary.json}. Failed requests are
   * counted by kind, never thrown.
   */
  public LoadgenResult run(Path directory) {
    try {
      Files.createDirectories(directory);
      Files.writeString(
          directory.resolve("loadgen.json"),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(describe()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + directory, e);
    }
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(daemon("llmd-loadgen-progress"));
    AtomicLong requestIndex = new AtomicLong();
    try (NioClient client = new NioClient(host, port, ioThreads, spec.requestTimeout().toNanos())) {
      if (!spec.warmup().isZero()) {
        Stage first = spec.stages().get(0);
        runStage(
            -1,
            new Stage(first.rate(), first.concurrency(), spec.warmup()),
            null,
            client,
            ticker,
            requestIndex);
      }
      List<StageResult> results = new ArrayList<>();
      for (int i = 0; i < spec.stages().size(); i++) {
        results.add(runStage(i, spec.stages().get(i), directory, client, ticker, requestIndex));
      }
      return new LoadgenResult(directory, results);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the load generator's network threads", e);
    } finally {
      ticker.shutdownNow();
    }
  }

  private ObjectNode describe() {
    ObjectNode d = JSON.createObjectNode();
    d.put("tool", LoadgenHarness.ID).put("tool_version", LoadgenHarness.VERSION);
    d.put("endpoint", spec.endpoint().toString()).put("model", spec.model());
    d.put("api", spec.api().name().toLowerCase()).put("streaming", spec.streaming());
    d.put("arrival", spec.arrival().name().toLowerCase()).put("seed", spec.seed());
    d.put("warmup_s", spec.warmup().toMillis() / 1000.0);
    d.put("request_timeout_s", spec.requestTimeout().toMillis() / 1000.0);
    d.put("schedule_delay_threshold_ms", spec.scheduleDelayThreshold().toNanos() / 1e6);
    d.set("data", JSON.valueToTree(dataDescription(spec.data())));
    var stages = d.putArray("stages");
    for (Stage s : spec.stages()) {
      ObjectNode n = stages.addObject();
      if (s.isRate()) {
        n.put("rate", s.rate());
      } else {
        n.put("concurrency", s.concurrency());
      }
      n.put("duration_s", s.duration().toMillis() / 1000.0);
    }
    return d;
  }

  static Map<String, Object> dataDescription(DataSpec data) {
    Map<String, Object> m = new TreeMap<>();
    if (data instanceof DataSpec.Random r) {
      m.put("type", "random");
      m.put("input", r.input());
    } else if (data instanceof DataSpec.Synthetic s) {
      m.put("type", "synthetic");
      m.put("input", s.input());
    } else if (data instanceof DataSpec.SharedPrefix p) {
      m.put("type", "shared_prefix");
      m.put("groups", p.groups());
      m.put("prompts_per_group", p.promptsPerGroup());
      m.put("system_prompt_len", p.systemPromptLen());
      m.put("question_len", p.questionLen());
    } else if (data instanceof DataSpec.Dataset ds) {
      m.put("type", "dataset");
      m.put("file", ds.file().getFileName().toString());
    }
    m.put("output", data.output());
    return m;
  }

  /** Counters of one stage, shared by its workers. */
  private static final class StageState {
    final LongAdder sent = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final Histogram scheduleDelay = new Histogram();
    final AtomicInteger inFlight = new AtomicInteger();
    final Object idle = new Object();
    final RequestLog log;
    final long start;

    StageState(RequestLog log, long start) {
      this.log = log;
      this.start = start;
    }

    void begin() {
      inFlight.incrementAndGet();
    }

    void end() {
      if (inFlight.decrementAndGet() == 0) {
        synchronized (idle) {
          idle.notifyAll();
        }
      }
    }

    /** Waits until nothing is in flight or the deadline passes. */
    void awaitIdle(long deadlineNanos) {
      synchronized (idle) {
        long left;
        while (inFlight.get() > 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
          try {
            TimeUnit.NANOSECONDS.timedWait(idle, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  private StageResult runStage(
      int index,
      Stage stage,
      Path directory,
      NioClient client,
      ScheduledExecutorService ticker,
      AtomicLong requestIndex) {
    RequestLog log =
        directory == null
            ? null
            : new RequestLog(directory.resolve("stage_" + index + "_requests.csv"));
    long start = System.nanoTime();
    Instant startTime = Instant.now();
    long end = start + stage.duration().toNanos();
    StageState state = new StageState(log, start);
    var tick =
        ticker.scheduleAtFixedRate(
            () ->
                listener.progress(
                    new Progress(
                        index,
                        spec.stages().size(),
                        Duration.ofNanos(Math.min(System.nanoTime(), end) - start),
                        stage.duration(),
                        state.sent.sum(),
                        state.completed.sum(),
                        state.failed.sum(),
                        state.inFlight.get())),
            1,
            1,
            TimeUnit.SECONDS);
    try {
      if (stage.isRate()) {
        SplittableRandom arrivals = new SplittableRandom(spec.seed() + 1_000_003L * (index + 2));
        double offset = 0;
        for (long n = 0; ; n++) {
          // constant: n/rate exactly, so no rounding error accumulates; Poisson: summed exponential
          // gaps
          long due =
              start
                  + (spec.arrival() == Arrival.CONSTANT
                      ? Math.round(n * 1e9 / stage.rate())
                      : (long) (offset * 1e9));
          if (due >= end) {
            break;
          }
          long i = requestIndex.getAndIncrement();
          Prompts.Prompt prompt = prompts.get(i);
          byte[] request = bodies.http(prompt);
          parkUntil(due);
          send(client, state, i, due, prompt, request, null);
          if (spec.arrival() == Arrival.POISSON) {
            offset += -Math.log(1 - arrivals.nextDouble()) / stage.rate();
          }
        }
      } else {
        for (int w = 0; w < stage.concurrency(); w++) {
          nextClosedLoop(client, state, end, requestIndex);
        }
        parkUntil(end);
      }
      state.awaitIdle(System.nanoTime() + spec.requestTimeout().toNanos() + 1_000_000_000L);
    } finally {
      tick.cancel(false);
      if (log != null) {
        log.close();
      }
    }
    Instant endTime = Instant.now();
    return summarize(index, stage, state, directory, startTime, endTime);
  }

  /**
   * One closed-loop user: sends a request, and on its completion the next, until the stage ends.
   */
  private void nextClosedLoop(
      NioClient client, StageState state, long end, AtomicLong requestIndex) {
    long now = System.nanoTime();
    if (now >= end) {
      return;
    }
    long i = requestIndex.getAndIncrement();
    Prompts.Prompt prompt = prompts.get(i);
    byte[] request = bodies.http(prompt);
    send(
        client,
        state,
        i,
        now,
        prompt,
        request,
        () -> nextClosedLoop(client, state, end, requestIndex));
  }

  /**
   * Submits a request scheduled at {@code due}; records it on completion, then runs {@code then}.
   */
  private void send(
      NioClient client,
      StageState state,
      long i,
      long due,
      Prompts.Prompt prompt,
      byte[] request,
      Runnable then) {
    state.begin();
    state.sent.increment();
    client.submit(
        request,
        new Exchange(spec.streaming()),
        (x, sendNanos, error) -> {
          long delay = sendNanos - due;
          state.scheduleDelay.record(delay / 1000);
          if (error == null) {
            state.completed.increment();
          } else {
            fail(state, error);
          }
          if (state.log != null) {
            state.log.write(
                i,
                due - state.start,
                delay,
                x.firstToken > 0 ? x.firstToken - sendNanos : -1,
                System.nanoTime() - sendNanos,
                x.promptTokens >= 0 ? x.promptTokens : prompt.inputTokens(),
                x.outputTokens(),
                x.gaps,
                x.gapCount,
                error);
          }
          state.end();
          if (then != null) {
            then.run();
          }
        });
  }

  private StageResult summarize(
      int index,
      Stage stage,
      StageState state,
      Path directory,
      Instant startTime,
      Instant endTime) {
    double seconds = stage.duration().toNanos() / 1e9;
    long sent = state.sent.sum();
    double achieved = sent / seconds;
    double p50 = state.scheduleDelay.quantile(0.5) / 1000.0;
    double p99 = state.scheduleDelay.quantile(0.99) / 1000.0;
    List<String> reasons = new ArrayList<>();
    if (stage.isRate()) {
      if (achieved < 0.95 * stage.rate()) {
        reasons.add(
            String.format(
                java.util.Locale.ROOT,
                "achieved %.1f req/s of the %.1f requested (below 95%%)",
                achieved,
                stage.rate()));
      }
      double threshold = spec.scheduleDelayThreshold().toNanos() / 1e6;
      if (p99 > threshold) {
        reasons.add(
            String.format(
                java.util.Locale.ROOT,
                "schedule delay p99 %.3f ms above the %.3f ms threshold",
                p99,
                threshold));
      }
    }
    Map<String, Long> errors = new TreeMap<>();
    state.errors.forEach((k, v) -> errors.put(k, v.sum()));
    StageResult result =
        new StageResult(
            index,
            stage,
            sent,
            state.completed.sum(),
            state.failed.sum(),
            errors,
            achieved,
            p50,
            p99,
            !reasons.isEmpty(),
            List.copyOf(reasons));
    if (directory != null) {
      ObjectNode s = JSON.createObjectNode();
      s.put("stage", index);
      if (stage.isRate()) {
        s.put("rate", stage.rate());
      } else {
        s.put("concurrency", stage.concurrency());
      }
      s.put("duration_s", seconds);
      s.put("start", startTime.toString()).put("end", endTime.toString());
      s.put("sent", sent).put("completed", result.completed()).put("failed", result.failed());
      s.set("errors", JSON.valueToTree(errors));
      s.put("achieved_rate", achieved);
      s.put("schedule_delay_p50_ms", p50).put("schedule_delay_p99_ms", p99);
      s.put("client_bottleneck", result.clientBottleneck());
      s.set("bottleneck_reasons", JSON.valueToTree(reasons));
      try {
        Files.writeString(
            directory.resolve("stage_" + index + "_summary.json"),
            JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the stage summary", e);
      }
    }
    return result;
  }

  private static void fail(StageState state, String kind) {
    state.failed.increment();
    state.errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  private static void parkUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Configures a {@link LoadGenerator}; {@link #build()} validates everything. */
  public static final class Builder {
    private URI endpoint;
    private String model;
    private Api api = Api.COMPLETIONS;
    private boolean streaming = true;
    private Arrival arrival = Arrival.CONSTANT;
    private final List<Stage> stages = new ArrayList<>();
    private Duration warmup = Duration.ZERO;
    private DataSpec data = DataSpec.random(TokenLength.fixed(128), TokenLength.fixed(32));
    private long seed = 42;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration scheduleDelayThreshold = Duration.ofMillis(5);
    private String apiKey;
    private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private Progress.Listener listener = Progress.Listener.NONE;

    private Builder() {}

    /** Base URL of the server: a stack endpoint, a port-forward or the simulator. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder api(Api api) {
      this.api = api;
      return this;
    }

    public Builder streaming(boolean streaming) {
      this.streaming = streaming;
      return this;
    }

    public Builder arrival(Arrival arrival) {
      this.arrival = arrival;
      return this;
    }

    /** Adds a stage; stages run in the order added. */
    public Builder stage(Stage stage) {
      stages.add(Objects.requireNonNull(stage, "stage"));
      return this;
    }

    public Builder warmup(Duration warmup) {
      this.warmup = warmup;
      return this;
    }

    public Builder data(DataSpec data) {
      this.data = data;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Longest wait for a byte of a response before the request counts as a timeout. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** Schedule delay p99 above which a stage is reported as limited by the client. */
    public Builder scheduleDelayThreshold(Duration threshold) {
      this.scheduleDelayThreshold = threshold;
      return this;
    }

    /** A bearer token sent as {@code Authorization}; it is never written to any file. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      ai.llmd.bench.record.Redactor.register(apiKey);
      return this;
    }

    /** Network event-loop threads (default: half the processors, at least one). */
    public Builder ioThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("ioThreads must be >= 1, was " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    public Builder progress(Progress.Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     * @throws NullPointerException naming a required setting that is missing
     */
    public LoadGenerator build() {
      LoadSpec spec =
          new LoadSpec(
              endpoint,
              model,
              api,
              streaming,
              arrival,
              stages,
              warmup,
              data,
              seed,
              requestTimeout,
              scheduleDelayThreshold);
      return new LoadGenerator(spec, apiKey, ioThreads, listener);
    }
  }
}
