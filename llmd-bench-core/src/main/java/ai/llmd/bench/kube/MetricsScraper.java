package ai.llmd.bench.kube;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.TimeSeriesData;
import ai.llmd.bench.report.Units;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrapes the Prometheus {@code /metrics} of pods (model servers, endpoint picker) through the API
 * server's pod proxy, so no network path from the JVM to the pods is needed, at an interval while a
 * workload runs; keeps each raw scrape and turns the vLLM series into {@code
 * results.observability}.
 *
 * <pre>{@code
 * MetricsScraper scraper = MetricsScraper.start(client, "bench", "llm-d.ai/model=qwen", 8000,
 *     Duration.ofSeconds(5), resultsDir.resolve("metrics"));
 * ... run the workload ...
 * List<BenchmarkReport> withServerView = scraper.stop().applyTo(reports);
 * }</pre>
 */
public final class MetricsScraper {
  /** vLLM series read, by the report's time-series name. */
  private static final Map<String, String> SERIES =
      Map.of(
          "num_requests_running", "vllm:num_requests_running",
          "num_requests_waiting", "vllm:num_requests_waiting",
          "kv_cache_usage", "vllm:kv_cache_usage_perc",
          "prefix_cache_queries", "vllm:prefix_cache_queries_total",
          "prefix_cache_hits", "vllm:prefix_cache_hits_total",
          "prompt_tokens", "vllm:prompt_tokens_total",
          "generation_tokens", "vllm:generation_tokens_total");

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

  private final KubernetesClient client;
  private final String namespace;
  private final String selector;
  private final int port;
  private final Path rawDirectory;
  private volatile boolean stopping;
  private final ScheduledExecutorService timer;
  private final Source source;

  /** pod -> series -> points. */
  private final Map<String, Map<String, List<TimeSeriesData.Point>>> points =
      new ConcurrentHashMap<>();

  private final List<String> errors = new ArrayList<>();

  private MetricsScraper(
      KubernetesClient client,
      String namespace,
      String selector,
      int port,
      Path rawDirectory,
      Source source) {
    this.client = client;
    this.source = source != null ? source : this::fetchPods;
    this.namespace = namespace;
    this.selector = selector;
    this.port = port;
    this.rawDirectory = rawDirectory;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "llmd-bench-metrics");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts scraping the pods matching {@code podSelector} every {@code interval}. */
  public static MetricsScraper start(
      KubernetesClient client,
      String namespace,
      String podSelector,
      int port,
      Duration interval,
      Path rawDirectory) {
    MetricsScraper s = new MetricsScraper(client, namespace, podSelector, port, rawDirectory, null);
    return s.every(interval);
  }

  /**
   * Starts scraping one Prometheus endpoint over HTTP (a model server reachable from this JVM, such
   * as the embedded simulator) every {@code interval}; {@code component} names it in the report.
   */
  public static MetricsScraper start(
      URI metricsUrl, String component, Duration interval, Path rawDirectory) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    MetricsScraper s =
        new MetricsScraper(
            null,
            null,
            null,
            0,
            rawDirectory,
            () -> {
              try {
                HttpResponse<String> r =
                    http.send(
                        HttpRequest.newBuilder(metricsUrl).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                  throw new IOException("HTTP " + r.statusCode() + " from " + metricsUrl);
                }
                return Map.of(component, r.body());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
              }
            });
    return s.every(interval);
  }

  /** Creates the raw directory and starts scraping at once, then every {@code interval}. */
  private MetricsScraper every(Duration interval) {
    try {
      Files.createDirectories(rawDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + rawDirectory, e);
    }
    timer.scheduleAtFixedRate(this::scrapeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Fetches the current scrape of each component: component name to Prometheus text. */
  private interface Source {
    Map<String, String> fetch() throws IOException;
  }

  private Map<String, String> fetchPods() {
    Map<String, String> texts = new LinkedHashMap<>();
    for (Pod p :
        client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems()) {
      String pod = p.getMetadata().getName();
      try {
        String text =
            client.raw(
                client.getMasterUrl()
                    + "api/v1/namespaces/"
                    + namespace
                    + "/pods/"
                    + pod
                    + ":"
                    + port
                    + "/proxy/metrics");
        if (text != null) {
          texts.put(pod, text);
        }
      } catch (RuntimeException e) {
        if (stopping) {
          return texts; // a scrape cut short by stop() is not a failure of the pod
        }
        synchronized (errors) {
          errors.add(pod + ": " + e.getMessage());
        }
      }
    }
    return texts;
  }

  private void scrapeAll() {
    Instant now = Instant.now();
    Map<String, String> texts;
    try {
      texts = source.fetch();
    } catch (IOException | RuntimeException e) {
      if (!stopping) {
        synchronized (errors) {
          errors.add(e.getMessage());
        }
      }
      return;
    }
    texts.forEach(
        (pod, text) -> {
          try {
            Files.writeString(rawDirectory.resolve(pod + "-" + now.toEpochMilli() + ".prom"), text);
          } catch (IOException e) {
            synchronized (errors) {
              errors.add(pod + ": " + e.getMessage());
            }
          }
          Map<String, Double> values = parse(text);
          SERIES.forEach(
              (name, metric) -> {
                Double v = values.get(metric);
                if (v != null) {
                  points
                      .computeIfAbsent(pod, k -> new ConcurrentHashMap<>())
                      .computeIfAbsent(
                          name, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                      .add(TimeSeriesData.Point.of(now.toString(), v));
                }
              });
        });
  }

  /** Sums of the samples of each metric name (over label sets), from Prometheus text format. */
  static Map<String, Double> parse(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.strip());
      if (m.find()) {
        try {
          out.merge(m.group(1), Double.parseDouble(m.group(3)), Double::sum);
        } catch (NumberFormatException e) {
          // NaN and odd samples are skipped
        }
      }
    }
    return out;
  }

  /** Stops scraping and summarises what was seen. */
  public Observed stop() {
    stopping = true;
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Results.ObservedComponent> components = new ArrayList<>();
    for (var e : new java.util.TreeMap<>(points).entrySet()) {
      Map<String, List<TimeSeriesData.Point>> s = e.getValue();
      components.add(
          new Results.ObservedComponent(
              e.getKey(),
              e.getKey(),
              new Results.ResourceMetrics(
                  stats(s.get("kv_cache_usage"), Units.FRACTION),
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  stats(s.get("num_requests_running"), Units.COUNT),
                  stats(s.get("num_requests_waiting"), Units.COUNT),
                  null,
                  null),
              new Results.ResourceSeries(
                  series(s.get("kv_cache_usage"), Units.FRACTION),
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  series(s.get("num_requests_running"), Units.COUNT),
                  series(s.get("num_requests_waiting"), Units.COUNT),
                  null,
                  series(s.get("prefix_cache_queries"), Units.COUNT),
                  series(s.get("prefix_cache_hits"), Units.COUNT),
                  null,
                  null,
                  series(s.get("prompt_tokens"), Units.COUNT),
                  series(s.get("generation_tokens"), Units.COUNT),
                  null,
                  null,
                  null,
                  null,
                  null,
                  null),
              rawDirectory.toString(),
              null));
    }
    synchronized (errors) {
      return new Observed(Results.Observability.of(components), List.copyOf(errors));
    }
  }

  private static Statistics stats(List<TimeSeriesData.Point> pts, Units units) {
    if (pts == null || pts.isEmpty()) {
      return null;
    }
    double[] v = pts.stream().mapToDouble(p -> ((Number) p.value()).doubleValue()).toArray();
    return Statistics.of(v, units);
  }

  private static TimeSeriesData series(List<TimeSeriesData.Point> pts, Units units) {
    return pts == null || pts.isEmpty() ? null : new TimeSeriesData(units, List.copyOf(pts));
  }

  /**
   * What the scraper saw.
   *
   * @param errors scrapes that failed (pod and reason)
   * @param observability the scraped series and their aggregates, per component
   */
  public record Observed(Results.Observability observability, List<String> errors) {

    /** The reports with this server-side view as {@code results.observability}. */
    public List<BenchmarkReport> applyTo(List<BenchmarkReport> reports) {
      return reports.stream()
          .map(
              r ->
                  new BenchmarkReport(
                      r.version(),
                      r.run(),
                      r.scenario(),
                      r.results().withObservability(observability)))
          .toList();
    }
  }
}
