package ai.llmd.bench.helm;

import ai.llmd.bench.report.Reports;
import ai.llmd.bench.stack.ChartRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads a chart archive from a Helm repository (its {@code index.yaml}, then the archive), for
 * the operations helm-java offers only on a chart path ({@code show values}). Archives are kept per
 * JVM.
 */
final class RepoCharts {
  private static final Map<String, Path> CACHE = new ConcurrentHashMap<>();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

  private RepoCharts() {}

  static Path download(ChartRef chart) {
    return CACHE.computeIfAbsent(chart.toString(), k -> fetch(chart));
  }

  @SuppressWarnings("unchecked")
  private static Path fetch(ChartRef chart) {
    String base = chart.repository().endsWith("/") ? chart.repository() : chart.repository() + "/";
    Map<String, Object> index = Reports.yamlMapper().readValue(get(base + "index.yaml"), Map.class);
    Object entries =
        ((Map<String, Object>) index.getOrDefault("entries", Map.of())).get(chart.name());
    if (!(entries instanceof List<?> versions) || versions.isEmpty()) {
      throw new IllegalArgumentException(
          "chart " + chart.name() + " is not in the repository " + chart.repository());
    }
    Map<String, Object> entry = null;
    for (Object v : versions) {
      Map<String, Object> e = (Map<String, Object>) v;
      String version = String.valueOf(e.get("version"));
      if (chart.version() == null
          || version.equals(chart.version())
          || ("v" + version).equals(chart.version())
          || version.equals("v" + chart.version())) {
        entry = e;
        break; // index entries are newest first
      }
    }
    if (entry == null || !(entry.get("urls") instanceof List<?> urls) || urls.isEmpty()) {
      throw new IllegalArgumentException(
          "chart " + chart + " has no such version in " + chart.repository());
    }
    URI url = URI.create(base).resolve(urls.get(0).toString());
    try {
      Path file = Files.createTempFile("llmd-bench-chart-", ".tgz");
      file.toFile().deleteOnExit();
      Files.write(file, get(url.toString()));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store chart " + chart, e);
    }
  }

  private static byte[] get(String url) {
    try {
      HttpResponse<byte[]> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalArgumentException("GET " + url + " answered " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot GET " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while downloading " + url, e);
    }
  }
}
