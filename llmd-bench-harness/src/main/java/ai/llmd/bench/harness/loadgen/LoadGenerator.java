package ai.llmd.bench.harness.loadgen;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.harness.loadgen.LoadSpec.Api;
import ai.llmd.bench.harness.loadgen.LoadSpec.Arrival;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in load generator (harness id {@code loadgen}): sends OpenAI-compatible requests over
 * http or https in stages of a constant or Poisson rate (open loop: requests go out on schedule
 * whatever is still outstanding) or a fixed concurrency, measures each request with a monotonic
 * clock, and writes per-request and per-stage files that {@link LoadgenTransformer} turns into
 * benchmark reports (also given directly by {@link LoadgenResult#reports()}).
 *
 * <pre>{@code
 * LoadGenerator gen = LoadGenerator.builder()
 *     .endpoint(URI.create("http://127.0.0.1:8000"))
 *     .model("Qwen/Qwen3-0.6B")
 *     .data(DataSpec.random(TokenLength.fixed(128), TokenLength.fixed(32)))
 *     .stage(Stage.rate(10, Duration.ofSeconds(20)))
 *     .stage(Stage.rate(20, Duration.ofSeconds(20)))
 *     .failOnErrorRate(0.01)      // throw when more than 1 % of a stage's requests fail
 *     .build();
 * LoadgenResult result = gen.run(Path.of("results/raw"));
 * }</pre>
 *
 * <p>Every request sent ends as completed or failed (by kind, with the first error of each kind
 * kept in words). Interrupting the thread in {@link #run}, or calling {@link #cancel()} or {@link
 * #close()}, stops the run within moments; the files of what ran are complete and {@link
 * LoadgenException} says where it stopped.
 */
public final class LoadGenerator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final LoadSpec spec;
  private final String apiKey;
  private final int ioThreads;
  private final EventListener listener;
  private final BenchEvent.Context eventContext;
  private final Double maxErrorRate;
  private final Prompts prompts;
  private final NioClient.Target target;
  private final String tlsDescription;
  private final RequestBodies bodies;
  private final Set<Run> runs = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private LoadGenerator(
      LoadSpec spec,
      String apiKey,
      int ioThreads,
      EventListener listener,
      BenchEvent.Context eventContext,
      Double maxErrorRate,
      SSLContext tls,
      boolean verifyHostname,
      String tlsDescription) {
    this.spec = spec;
    this.ioThreads = ioThreads;
    this.apiKey = apiKey;
    this.listener = listener;
    this.eventContext = eventContext;
    this.maxErrorRate = maxErrorRate;
    this.prompts = new Prompts(spec.data(), spec.seed());
    URI e = spec.endpoint();
    boolean https = "https".equals(e.getScheme());
    int port = e.getPort() > 0 ? e.getPort() : https ? 443 : 80;
    this.target = new NioClient.Target(e.getHost(), port, https ? tls : null, verifyHostname);
    this.tlsDescription = tlsDescription;
    String path = e.getRawPath() == null ? "" : e.getRawPath();
    this.bodies =
        new RequestBodies(
            spec,
            e.getHost(),
            port,
            path.endsWith("/") ? path.substring(0, path.length() - 1) : path,
            apiKey);
  }

  /**
   * Starts a load; {@link Builder#endpoint(URI)}, {@link Builder#model(String)} and at least one
   * {@link Builder#stage(Stage)} are required, the rest has defaults.
   *
   * <pre>{@code
   * LoadGenerator gen = LoadGenerator.builder()
   *     .endpoint(URI.create("http://127.0.0.1:8000"))
   *     .model("Qwen/Qwen3-0.6B")
   *     .stage(Stage.concurrency(8, Duration.ofSeconds(30)))
   *     .build();
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The validated load. */
  public LoadSpec spec() {
    return spec;
  }

  /**
   * Runs every stage and writes into {@code directory}, which must be empty or not exist yet:
   * {@code loadgen.json} (the load), and per stage {@code stage_<N>_requests.csv} and {@code
   * stage_<N>_summary.json}. Failed requests are counted by kind, never thrown, unless a {@link
   * Builder#failOnErrorRate(double) failOn} policy says otherwise. A stage where nothing succeeded
   * is logged as a WARN.
   *
   * @throws IllegalArgumentException when {@code directory} is a file or already holds files (runs
   *     are never mixed)
   * @throws LoadgenException when the run is interrupted, cancelled or refused by the failOn
   *     policy; the files of the stages that ran are complete
   * @throws IllegalStateException when this generator is closed
   */
  public LoadgenResult run(Path directory) {
    if (closed) {
      throw new IllegalStateException("this LoadGenerator is closed");
    }
    prepare(directory);
    Run run = new Run();
    runs.add(run);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(daemon("llmd-loadgen-progress"));
    AtomicLong requestIndex = new AtomicLong();
    List<StageResult> results = new ArrayList<>();
    try (NioClient client =
        new NioClient(target, ioThreads, spec.requestTimeout().toNanos(), run::bug)) {
      if (closed) {
        run.stop("closed");
      }
      if (!spec.warmup().isZero()) {
        Stage first = spec.stages().get(0);
        runStage(
            run,
            -1,
            new Stage(first.rate(), first.concurrency(), spec.warmup()),
            null,
            client,
            ticker,
            requestIndex);
        if (run.stopping()) {
          throw stopped(run, directory, results, "during the warm-up");
        }
      }
      for (int i = 0; i < spec.stages().size(); i++) {
        StageResult r =
            runStage(run, i, spec.stages().get(i), directory, client, ticker, requestIndex);
        results.add(r);
        if (r.interrupted() || run.stopping()) {
          throw stopped(run, directory, results, "in stage " + i);
        }
        if (maxErrorRate != null && r.errorRate() > maxErrorRate) {
          throw new LoadgenException(
              String.format(
                  Locale.ROOT,
                  "stage %d (%s): %d of %d requests failed, error rate %.3f above the allowed"
                      + " %.3f (failOnErrorRate); %s; files of stages 0..%d in %s",
                  i,
                  r.stage(),
                  r.failed(),
                  r.sent(),
                  r.errorRate(),
                  maxErrorRate,
                  samples(r),
                  i,
                  directory),
              new LoadgenResult(directory, results),
              null);
        }
      }
      return new LoadgenResult(directory, results);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the load generator's network threads", e);
    } finally {
      ticker.shutdownNow();
      runs.remove(run);
    }
  }

  /**
   * Stops every run of this generator within moments: no new request is sent, outstanding ones fail
   * as {@code cancelled}, the files of what ran are completed, and {@link #run} throws {@link
   * LoadgenException}. The generator can run again afterwards.
   */
  public void cancel() {
    for (Run r : runs) {
      r.stop("cancelled");
    }
  }

  /** Cancels any run in progress; later calls of {@link #run} are refused. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (Run r : runs) {
      r.stop("closed");
    }
  }

  private LoadgenException stopped(
      Run run, Path directory, List<StageResult> results, String where) {
    String why =
        run.bug != null ? "failed: " + run.bug : Objects.requireNonNullElse(run.stop, "stopped");
    return new LoadgenException(
        "load run "
            + why
            + " "
            + where
            + (results.isEmpty()
                ? "; no stage finished"
                : "; complete files for stages 0.." + (results.size() - 1) + " in " + directory),
        new LoadgenResult(directory, results),
        run.bug);
  }

  /** Refuses a directory that holds anything, so that two runs never mix; creates it otherwise. */
  private void prepare(Path directory) {
    Objects.requireNonNull(directory, "directory");
    try {
      if (Files.exists(directory)) {
        if (!Files.isDirectory(directory)) {
          throw new IllegalArgumentException(
              "results directory " + directory + " is a file, not a directory");
        }
        List<String> present;
        try (Stream<Path> files = Files.list(directory)) {
          present = files.map(p -> p.getFileName().toString()).sorted().limit(5).toList();
        }
        if (!present.isEmpty()) {
          throw new IllegalArgumentException(
              "results directory "
                  + directory
                  + " is not empty (holds "
                  + String.join(", ", present)
                  + (present.size() == 5 ? ", ..." : "")
                  + "): a run writes into an empty or new directory, so that runs never mix");
        }
      }
      Files.createDirectories(directory);
      Files.writeString(
          directory.resolve("loadgen.json"),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(describe()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + directory, e);
    }
  }

  private ObjectNode describe() {
    ObjectNode d = JSON.createObjectNode();
    d.put("tool", LoadgenHarness.ID).put("tool_version", LoadgenHarness.VERSION);
    d.put("endpoint", spec.endpoint().toString()).put("model", spec.model());
    if (target.tls() != null) {
      d.put("tls", tlsDescription);
    }
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

  /** A short description: endpoint, model and stages. */
  @Override
  public String toString() {
    return "LoadGenerator["
        + spec.endpoint()
        + ", model "
        + spec.model()
        + ", "
        + spec.api().name().toLowerCase(Locale.ROOT)
        + (spec.streaming() ? " streaming" : "")
        + ", stages "
        + spec.stages()
        + (spec.warmup().isZero() ? "" : ", warm-up " + seconds(spec.warmup()))
        + "]";
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

  /** One call of {@link #run}: its thread, and why it stops. */
  private static final class Run {
    final Thread thread = Thread.currentThread();
    volatile String stop;
    volatile Throwable bug;
    volatile StageState stage;

    /** Whether the run must stop; an interrupt of the run's thread is remembered here. */
    boolean stopping() {
      if (stop == null && thread.isInterrupted()) {
        stop = "interrupted";
      }
      return stop != null || bug != null;
    }

    void stop(String why) {
      if (stop == null) {
        stop = why;
      }
      LockSupport.unpark(thread);
      StageState s = stage;
      if (s != null) {
        s.wake();
      }
    }

    /** The load generator's own failure (a callback or an I/O thread threw): stop the run. */
    void bug(Throwable t) {
      if (bug == null) {
        bug = t;
      }
      stop("failed");
    }
  }

  /** Counters of one stage, shared by its workers. */
  private static final class StageState {
    final LongAdder sent = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final Map<String, String> samples = new ConcurrentHashMap<>();
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
        wake();
      }
    }

    void wake() {
      synchronized (idle) {
        idle.notifyAll();
      }
    }

    /** Waits until nothing is in flight, the deadline passes or the run stops. */
    void awaitIdle(long deadlineNanos, Run run) {
      synchronized (idle) {
        long left;
        while (inFlight.get() > 0
            && !run.stopping()
            && (left = deadlineNanos - System.nanoTime()) > 0) {
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
      Run run,
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
    run.stage = state;
    var tick =
        ticker.scheduleAtFixedRate(
            () -> progress(index, stage, state, start, end), 1, 1, TimeUnit.SECONDS);
    long stopped;
    try {
      if (stage.isRate()) {
        SplittableRandom arrivals = new SplittableRandom(spec.seed() + 1_000_003L * (index + 2));
        double offset = 0;
        for (long n = 0; !run.stopping(); n++) {
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
          if (!parkUntil(due, run)) {
            break;
          }
          send(client, state, i, due, prompt, request, null);
          if (spec.arrival() == Arrival.POISSON) {
            offset += -Math.log(1 - arrivals.nextDouble()) / stage.rate();
          }
        }
      } else {
        for (int w = 0; w < stage.concurrency(); w++) {
          nextClosedLoop(run, client, state, end, requestIndex, ticker);
        }
        parkUntil(end, run);
      }
      stopped = Math.min(System.nanoTime(), end);
      state.awaitIdle(System.nanoTime() + spec.requestTimeout().toNanos() + 1_000_000_000L, run);
      if (state.inFlight.get() > 0) {
        boolean cancelled = run.stopping();
        client.failOutstanding(
            cancelled ? "cancelled" : "timeout",
            cancelled
                ? "the run stopped while the request was outstanding"
                : "still outstanding " + seconds(spec.requestTimeout()) + " after the stage ended");
      }
    } finally {
      tick.cancel(false);
      run.stage = null;
      if (log != null) {
        log.close();
      }
    }
    boolean interrupted = run.stopping() && stopped < end;
    Instant endTime = Instant.now();
    return summarize(
        index,
        stage,
        state,
        directory,
        startTime,
        endTime,
        interrupted ? Duration.ofNanos(stopped - start) : stage.duration(),
        interrupted);
  }

  /** A duration as seconds with one decimal: {@code 1.0 s}. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
  }

  private void progress(int index, Stage stage, StageState state, long start, long end) {
    EventListener.safely(
        listener,
        BenchEvent.progress(
            eventContext,
            new BenchEvent.Progress(
                index,
                spec.stages().size(),
                Duration.ofNanos(Math.min(System.nanoTime(), end) - start),
                stage.duration(),
                state.sent.sum(),
                state.completed.sum(),
                state.failed.sum(),
                state.inFlight.get())));
  }

  /**
   * One closed-loop user: sends a request, and on its completion the next, until the stage ends. A
   * request that never reached the server (name resolution, connection or TLS failed) is followed
   * by the next one only after {@link #UNREACHABLE_PAUSE}, so that a closed loop against a dead
   * server does not spin.
   */
  private void nextClosedLoop(
      Run run,
      NioClient client,
      StageState state,
      long end,
      AtomicLong requestIndex,
      ScheduledExecutorService ticker) {
    long now = System.nanoTime();
    if (now >= end || run.stopping()) {
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
        error -> {
          if (error != null && UNREACHABLE.contains(error)) {
            try {
              ticker.schedule(
                  () -> nextClosedLoop(run, client, state, end, requestIndex, ticker),
                  UNREACHABLE_PAUSE.toNanos(),
                  TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
              // the run is over
            }
          } else {
            nextClosedLoop(run, client, state, end, requestIndex, ticker);
          }
        });
  }

  /** Error kinds of requests that never reached the server. */
  private static final Set<String> UNREACHABLE = Set.of("resolve", "connect", "tls");

  /** How long a closed-loop user waits after its request could not reach the server. */
  static final Duration UNREACHABLE_PAUSE = Duration.ofMillis(100);

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
      java.util.function.Consumer<String> then) {
    state.begin();
    state.sent.increment();
    client.submit(
        request,
        new Exchange(spec.streaming()),
        (x, sendNanos, error, detail) -> {
          try {
            long delay = sendNanos - due;
            state.scheduleDelay.record(delay / 1000);
            if (error == null) {
              state.completed.increment();
            } else {
              fail(state, error, detail);
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
          } finally {
            state.end();
          }
          if (then != null) {
            then.accept(error);
          }
        });
  }

  private void fail(StageState state, String kind, String detail) {
    state.failed.increment();
    state.errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    if (!state.samples.containsKey(kind)) {
      String text = detail == null ? kind : detail;
      if (apiKey != null && !apiKey.isEmpty()) {
        text = text.replace(apiKey, "***");
      }
      state.samples.putIfAbsent(kind, text);
    }
  }

  private StageResult summarize(
      int index,
      Stage stage,
      StageState state,
      Path directory,
      Instant startTime,
      Instant endTime,
      Duration measured,
      boolean interrupted) {
    double seconds = measured.toNanos() / 1e9;
    long sent = state.sent.sum();
    long completed = state.completed.sum();
    long failed = state.failed.sum();
    double achieved = sent / seconds;
    double p50 = state.scheduleDelay.quantile(0.5) / 1000.0;
    double p99 = state.scheduleDelay.quantile(0.99) / 1000.0;
    List<String> reasons = new ArrayList<>();
    if (stage.isRate()) {
      if (achieved < 0.95 * stage.rate()) {
        reasons.add(
            String.format(
                Locale.ROOT,
                "achieved %.1f req/s of the %.1f requested (below 95%%)",
                achieved,
                stage.rate()));
      }
      double threshold = spec.scheduleDelayThreshold().toNanos() / 1e6;
      if (p99 > threshold) {
        reasons.add(
            String.format(
                Locale.ROOT,
                "schedule delay p99 %.3f ms above the %.3f ms threshold",
                p99,
                threshold));
      }
    }
    boolean serverFailing =
        sent > 0 && (completed == 0 || failed > StageResult.SERVER_FAILING_ERROR_RATE * sent);
    boolean clientBottleneck = !reasons.isEmpty() && !serverFailing;
    Map<String, Long> errors = new TreeMap<>();
    state.errors.forEach((k, v) -> errors.put(k, v.sum()));
    Map<String, String> samples = new TreeMap<>(state.samples);
    if (directory == null) {
      return null;
    }
    ObjectNode s = JSON.createObjectNode();
    s.put("stage", index);
    if (stage.isRate()) {
      s.put("rate", stage.rate());
    } else {
      s.put("concurrency", stage.concurrency());
    }
    s.put("duration_s", seconds);
    s.put("start", startTime.toString()).put("end", endTime.toString());
    s.put("sent", sent).put("completed", completed).put("failed", failed);
    s.set("errors", JSON.valueToTree(errors));
    s.set("error_samples", JSON.valueToTree(samples));
    s.put("achieved_rate", achieved);
    s.put("schedule_delay_p50_ms", p50).put("schedule_delay_p99_ms", p99);
    s.put("server_failing", serverFailing);
    s.put("client_bottleneck", clientBottleneck);
    s.set("bottleneck_reasons", JSON.valueToTree(reasons));
    if (interrupted) {
      s.put("interrupted", true);
      s.put("planned_duration_s", stage.duration().toNanos() / 1e9);
    }
    Path summaryFile = directory.resolve("stage_" + index + "_summary.json");
    try {
      Files.writeString(summaryFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the stage summary " + summaryFile, e);
    }
    StageResult result =
        new StageResult(
            index,
            stage,
            sent,
            completed,
            failed,
            errors,
            samples,
            achieved,
            p50,
            p99,
            clientBottleneck,
            reasons,
            interrupted,
            LoadgenTransformer.stageReport(directory, index));
    if (completed == 0 && sent > 0) {
      log.warn(
          "Load stage {} ({}): none of {} requests succeeded; {}",
          index,
          stage,
          sent,
          samples(result));
    } else if (failed > 0) {
      log.warn(
          "Load stage {} ({}): {} of {} requests failed; {}",
          index,
          stage,
          failed,
          sent,
          samples(result));
    }
    return result;
  }

  /** The error kinds of a stage with their first message, for logs and exceptions. */
  private static String samples(StageResult r) {
    return r.errors().entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + " x"
                    + e.getValue()
                    + Objects.toString(
                        r.errorSamples().get(e.getKey()) == null
                            ? null
                            : ": " + r.errorSamples().get(e.getKey()),
                        ""))
        .collect(Collectors.joining("; "));
  }

  /** Parks until {@code deadline}; false when the run stopped first. */
  private static boolean parkUntil(long deadline, Run run) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      if (run.stopping()) {
        return false;
      }
      LockSupport.parkNanos(left);
    }
    return !run.stopping();
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
    private EventListener listener = EventListener.NOOP;
    private BenchEvent.Context eventContext = BenchEvent.Context.NONE;
    private Double maxErrorRate;
    private Path trustStore;
    private char[] trustStorePassword;
    private Path trustCertificates;
    private SSLContext sslContext;
    private boolean insecure;

    private Builder() {}

    /**
     * Base URL of the server ({@code http} or {@code https}): a stack endpoint, a gateway, a
     * port-forward or the simulator.
     */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The model name sent in each request; required. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Completions or chat completions (default {@link Api#COMPLETIONS}). */
    public Builder api(Api api) {
      this.api = api;
      return this;
    }

    /**
     * Whether responses are streamed (default {@code true}); without streaming there is no time to
     * first token nor inter-token latency.
     */
    public Builder streaming(boolean streaming) {
      this.streaming = streaming;
      return this;
    }

    /** Spacing of requests in rate stages (default {@link Arrival#CONSTANT}). */
    public Builder arrival(Arrival arrival) {
      this.arrival = arrival;
      return this;
    }

    /** Adds a stage; stages run in the order added. */
    public Builder stage(Stage stage) {
      stages.add(Objects.requireNonNull(stage, "stage"));
      return this;
    }

    /**
     * Load run before the first stage, at its rate or concurrency, whose requests are not recorded
     * (default none).
     */
    public Builder warmup(Duration warmup) {
      this.warmup = warmup;
      return this;
    }

    /**
     * Where prompts come from (default random prompts of 128 input and 32 output tokens, see {@link
     * DataSpec#random}).
     */
    public Builder data(DataSpec data) {
      this.data = data;
      return this;
    }

    /** Seed of the prompt data and of Poisson arrivals (default 42); same seed, same load. */
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

    /** A bearer token sent as {@code Authorization}; it is never written to any file or log. */
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

    /**
     * Receives a {@link BenchEvent.Type#WORKLOAD_PROGRESS} event about once a second while the load
     * runs, on the load generator's own thread: return quickly (default: none). What the listener
     * throws is logged and does not stop the run.
     *
     * <pre>{@code
     * LoadGenerator.builder()...listener(e -> System.out.println(e.progress())).build();
     * // stage 1/2  elapsed 1.0 s of 60.0 s  sent 5  ok 4  failed 0  in flight 1
     * }</pre>
     */
    public Builder listener(EventListener listener) {
      return listener(listener, eventContext);
    }

    /** Receives progress events in {@code context} (the experiment, stack and treatment). */
    public Builder listener(EventListener listener, BenchEvent.Context context) {
      this.listener = Objects.requireNonNull(listener, "listener");
      this.eventContext = context == null ? BenchEvent.Context.NONE : context;
      return this;
    }

    /**
     * Makes {@link LoadGenerator#run} throw {@link LoadgenException} after the first stage whose
     * failed requests exceed {@code maxErrorRate} of those sent ({@code 0}: any failure; {@code
     * 0.01}: more than 1 %). The message names the error kinds with the server's first answer for
     * each. Without it, failures are counted and logged, never thrown.
     */
    public Builder failOnErrorRate(double maxErrorRate) {
      if (!(maxErrorRate >= 0 && maxErrorRate < 1)) {
        throw new IllegalArgumentException(
            "failOnErrorRate must be in [0, 1), was " + maxErrorRate);
      }
      this.maxErrorRate = maxErrorRate;
      return this;
    }

    /**
     * For https: trust the certificates of a key store file (PKCS#12 or JKS) instead of the JDK's
     * default trust store. The password is only used to read the file.
     */
    public Builder trustStore(Path file, char[] password) {
      this.trustStore = Objects.requireNonNull(file, "trustStore");
      this.trustStorePassword = password == null ? null : password.clone();
      return this;
    }

    /**
     * For https: trust the X.509 certificates of a PEM file (a private CA, or a self-signed server
     * certificate) instead of the JDK's default trust store.
     */
    public Builder trustCertificates(Path pemFile) {
      this.trustCertificates = Objects.requireNonNull(pemFile, "trustCertificates");
      return this;
    }

    /** For https: an {@link SSLContext} of your own (client certificates, providers). */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "sslContext");
      return this;
    }

    /**
     * For https: accept any server certificate and host name. For test servers only: the traffic is
     * encrypted but the server is not authenticated. Logged as a WARN when the run starts.
     */
    public Builder insecureSkipTlsVerify(boolean insecure) {
      this.insecure = insecure;
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
      int trustOptions =
          (trustStore != null ? 1 : 0)
              + (trustCertificates != null ? 1 : 0)
              + (sslContext != null ? 1 : 0)
              + (insecure ? 1 : 0);
      if (trustOptions > 1) {
        throw new IllegalArgumentException(
            "choose one of trustStore, trustCertificates, sslContext and insecureSkipTlsVerify");
      }
      boolean https = "https".equals(spec.endpoint().getScheme());
      if (trustOptions > 0 && !https) {
        throw new IllegalArgumentException(
            "TLS options are set but the endpoint is not https: " + spec.endpoint());
      }
      SSLContext context = null;
      String description = "jdk default trust store";
      if (https) {
        try {
          if (sslContext != null) {
            context = sslContext;
            description = "caller's SSLContext";
          } else if (insecure) {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            description = "insecure: server certificate not verified";
            log.warn("TLS verification is off for {}: the server is not authenticated", endpoint);
          } else if (trustStore != null) {
            context = trusting(readKeyStore(trustStore, trustStorePassword));
            description = "trust store " + trustStore.getFileName();
          } else if (trustCertificates != null) {
            context = trusting(readPem(trustCertificates));
            description = "certificates of " + trustCertificates.getFileName();
          } else {
            context = SSLContext.getDefault();
          }
        } catch (GeneralSecurityException e) {
          throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
      }
      return new LoadGenerator(
          spec,
          apiKey,
          ioThreads,
          listener,
          eventContext,
          maxErrorRate,
          context,
          !insecure,
          description);
    }

    private static KeyStore readKeyStore(Path file, char[] password) {
      try {
        return KeyStore.getInstance(file.toFile(), password);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "trustStore " + file + " cannot be read as PKCS#12 or JKS: " + e.getMessage(), e);
      }
    }

    private static KeyStore readPem(Path file) {
      try (InputStream in = Files.newInputStream(file)) {
        var certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        if (certs.isEmpty()) {
          throw new IllegalArgumentException("trustCertificates " + file + " holds no certificate");
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int n = 0;
        for (Certificate c : certs) {
          ks.setCertificateEntry("cert-" + n++, c);
        }
        return ks;
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "trustCertificates "
                + file
                + " is not a PEM file of X.509 certificates: "
                + e.getMessage(),
            e);
      }
    }

    private static SSLContext trusting(KeyStore ks) throws GeneralSecurityException {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(null, tmf.getTrustManagers(), null);
      return c;
    }
  }

  /** Accepts every certificate: {@link Builder#insecureSkipTlsVerify(boolean)} only. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
