package ai.llmd.bench.harness.loadgen;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.harness.Executor;
import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.HarnessException;
import ai.llmd.bench.harness.HarnessRun;
import ai.llmd.bench.harness.WorkloadProfile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the built-in load generator in this JVM from a rendered {@code loadgen} profile (see the
 * template {@code rate_sweep}), writing {@code profile.yaml}, {@code raw/} and {@code logs/} like
 * the other executors, and reporting progress as {@link BenchEvent}s.
 *
 * <pre>{@code
 * Harness loadgen = Harnesses.get("loadgen");
 * WorkloadProfile p = loadgen.profile("rate_sweep").withEndpoint(sim.endpoint()).withModel(sim.model())
 *     .withValue("stages[0].rate", 50);
 * Path raw = loadgen.run(p, new LoadgenExecutor().withResultsDirectory(dir)).await(Duration.ofMinutes(5));
 * }</pre>
 *
 * @since 0.1
 */
public final class LoadgenExecutor implements Executor {
  private final Path resultsDirectory;
  private final EventListener listener;
  private final BenchEvent.Context context;
  private final String apiKey;

  /** An executor writing to a temporary directory, with no listener and no API key. */
  public LoadgenExecutor() {
    this(null, EventListener.NOOP, BenchEvent.Context.NONE, null);
  }

  private LoadgenExecutor(
      Path resultsDirectory, EventListener listener, BenchEvent.Context context, String apiKey) {
    this.resultsDirectory = resultsDirectory;
    this.listener = listener;
    this.context = context;
    this.apiKey = apiKey;
  }

  @Override
  public LoadgenExecutor withResultsDirectory(Path dir) {
    return new LoadgenExecutor(dir, listener, context, apiKey);
  }

  /**
   * A copy reporting the load's progress ({@link BenchEvent.Type#WORKLOAD_PROGRESS}, about once a
   * second) to {@code newListener}, in {@code newContext}.
   */
  @Override
  public LoadgenExecutor withEvents(EventListener newListener, BenchEvent.Context newContext) {
    return new LoadgenExecutor(
        resultsDirectory,
        Objects.requireNonNull(newListener, "listener"),
        newContext == null ? BenchEvent.Context.NONE : newContext,
        apiKey);
  }

  /** A copy reporting the load's progress to {@code newListener}, in this context. */
  @Override
  public LoadgenExecutor withEvents(EventListener newListener) {
    return withEvents(newListener, context);
  }

  /** A copy sending this bearer token to the server; it is never written anywhere. */
  public LoadgenExecutor withApiKey(String key) {
    return new LoadgenExecutor(resultsDirectory, listener, context, key);
  }

  /**
   * The load generator a rendered profile describes.
   *
   * @throws IllegalArgumentException naming the profile key that is missing or wrong
   */
  public static LoadGenerator.Builder toBuilder(WorkloadProfile.Rendered profile) {
    Map<String, Object> d = profile.document();
    LoadGenerator.Builder b = LoadGenerator.builder();
    b.endpoint(URI.create(string(d, "endpoint", null)));
    b.model(string(d, "model", null));
    b.api(
        switch (string(d, "api", "completions")) {
          case "completions" -> LoadSpec.Api.COMPLETIONS;
          case "chat" -> LoadSpec.Api.CHAT;
          default -> throw bad("api", d.get("api"), "completions or chat");
        });
    b.streaming(!"false".equals(String.valueOf(d.getOrDefault("streaming", true))));
    b.arrival(
        switch (string(d, "arrival", "constant")) {
          case "constant" -> LoadSpec.Arrival.CONSTANT;
          case "poisson" -> LoadSpec.Arrival.POISSON;
          default -> throw bad("arrival", d.get("arrival"), "constant or poisson");
        });
    b.seed((long) number(d, "seed", 42));
    b.warmup(seconds(number(d, "warmup_s", 0)));
    b.requestTimeout(seconds(number(d, "request_timeout_s", 60)));
    Map<String, Object> data = map(d.get("data"), "data");
    TokenLength input = length(map(data.get("input"), "data.input"), "data.input");
    TokenLength output = length(map(data.get("output"), "data.output"), "data.output");
    b.data(
        switch (string(data, "type", "random")) {
          case "random" -> DataSpec.random(input, output);
          case "synthetic" -> DataSpec.synthetic(input, output);
          default -> throw bad("data.type", data.get("type"), "random or synthetic");
        });
    if (!(d.get("stages") instanceof List<?> stages) || stages.isEmpty()) {
      throw new IllegalArgumentException("loadgen profile: 'stages' must be a non-empty list");
    }
    for (int i = 0; i < stages.size(); i++) {
      String at = "stages[" + i + "]";
      Map<String, Object> s = map(stages.get(i), at);
      Duration duration = seconds(number(s, "duration_s", -1));
      try {
        b.stage(
            s.containsKey("rate")
                ? Stage.rate(number(s, "rate", -1), duration)
                : Stage.concurrency((int) number(s, "concurrency", -1), duration));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("loadgen profile " + at + ": " + e.getMessage(), e);
      }
    }
    return b;
  }

  @Override
  public HarnessRun start(Harness harness, WorkloadProfile.Rendered profile) {
    if (!LoadgenHarness.ID.equals(harness.id())) {
      throw new IllegalArgumentException(
          "LoadgenExecutor runs the loadgen harness only, not " + harness.id());
    }
    LoadGenerator.Builder builder = toBuilder(profile);
    if (apiKey != null) {
      builder.apiKey(apiKey);
    }
    Path dir;
    Path raw;
    Path log;
    try {
      dir =
          resultsDirectory != null
              ? Files.createDirectories(resultsDirectory)
              : Files.createTempDirectory("llmd-bench-loadgen");
      raw = Files.createDirectories(dir.resolve("raw"));
      log = Files.createDirectories(dir.resolve("logs")).resolve("loadgen.log");
      Files.writeString(dir.resolve("profile.yaml"), profile.text());
    } catch (IOException e) {
      throw new HarnessException(
          LoadgenHarness.ID, null, resultsDirectory, "cannot write: " + e.getMessage(), null);
    }
    LoadGenerator generator = builder.listener(listener, context).build();
    CompletableFuture<Path> completion = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                LoadgenResult result = generator.run(raw);
                StringBuilder sb = new StringBuilder();
                for (StageResult s : result.stages()) {
                  sb.append(
                      String.format(
                          Locale.ROOT,
                          "stage %d %s: sent %d, ok %d, failed %d %s, achieved %.2f req/s%s%n",
                          s.index(),
                          s.stage(),
                          s.sent(),
                          s.completed(),
                          s.failed(),
                          s.errors(),
                          s.achievedRate(),
                          s.clientBottleneck()
                              ? ", client bottleneck: " + s.bottleneckReasons()
                              : ""));
                }
                Files.writeString(log, sb.toString());
                completion.complete(raw);
              } catch (IOException | RuntimeException e) {
                completion.completeExceptionally(
                    new HarnessException(
                        LoadgenHarness.ID, null, raw, "the load generator failed: " + e, null));
              }
            },
            "llmd-bench-loadgen-run");
    t.setDaemon(true);
    t.start();
    return new HarnessRun() {
      @Override
      public CompletableFuture<Path> completion() {
        return completion;
      }

      @Override
      public Path await(Duration timeout) {
        return HarnessRun.awaitCompletion(
            this,
            timeout,
            LoadgenHarness.ID,
            raw,
            () -> "did not finish within " + timeout,
            () -> null);
      }

      @Override
      public void cancel() {
        t.interrupt();
      }

      @Override
      public void close() {
        if (!completion.isDone()) {
          cancel();
        }
      }
    };
  }

  private static String string(Map<String, Object> d, String key, String dflt) {
    Object v = d.get(key);
    if (v == null) {
      if (dflt == null) {
        throw new IllegalArgumentException("loadgen profile: '" + key + "' is required");
      }
      return dflt;
    }
    return v.toString().toLowerCase(Locale.ROOT);
  }

  private static double number(Map<String, Object> d, String key, double dflt) {
    Object v = d.get(key);
    if (v == null) {
      if (dflt < 0) {
        throw new IllegalArgumentException("loadgen profile: '" + key + "' is required");
      }
      return dflt;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(v.toString());
    } catch (NumberFormatException e) {
      throw bad(key, v, "a number");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object v, String at) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException("loadgen profile: '" + at + "' must be a map, was " + v);
  }

  private static TokenLength length(Map<String, Object> m, String at) {
    String distribution = string(m, "distribution", "fixed");
    try {
      return switch (distribution) {
        case "fixed" -> TokenLength.fixed((int) number(m, "min", -1));
        case "uniform" ->
            TokenLength.uniform((int) number(m, "min", -1), (int) number(m, "max", -1));
        case "gaussian" ->
            TokenLength.gaussian(
                number(m, "mean", -1),
                number(m, "std_dev", -1),
                (int) number(m, "min", -1),
                (int) number(m, "max", -1));
        default -> throw bad(at + ".distribution", distribution, "fixed, uniform or gaussian");
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("in " + at + ": " + e.getMessage(), e);
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1e9));
  }

  private static IllegalArgumentException bad(String key, Object value, String expected) {
    return new IllegalArgumentException(
        "loadgen profile: '" + key + "' must be " + expected + ", was " + value);
  }
}
