package ai.llmd.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a Helm chart comes from: a repository URL and chart name, an OCI reference, or a local
 * chart directory; and which version ({@code null}: the latest).
 *
 * <pre>{@code
 * ChartRef.repo("https://llm-d-incubation.github.io/llm-d-modelservice/", "llm-d-modelservice");
 * ChartRef.oci("oci://registry.k8s.io/gateway-api-inference-extension/charts/inferencepool").withVersion("v1.0.1");
 * ChartRef.local(Path.of("charts/my-chart"));
 * }</pre>
 *
 * @param repository a chart repository URL, or {@code null}
 * @param name the chart name (in the repository), or the OCI reference, or the directory's name
 * @param localDirectory a chart directory on disk, or {@code null}
 * @param version the chart version, or {@code null} for the latest
 */
public record ChartRef(String repository, String name, Path localDirectory, String version) {

  /**
   * Checks the name.
   *
   * @param repository a chart repository URL, or {@code null}
   * @param name the chart name (in the repository), or the OCI reference, or the directory's name
   * @param localDirectory a chart directory on disk, or {@code null}
   * @param version the chart version, or {@code null} for the latest
   * @throws NullPointerException when the name is null
   */
  public ChartRef {
    Objects.requireNonNull(name, "chart name");
  }

  /**
   * A chart in a Helm repository, e.g. {@code
   * URI.create("https://llm-d-incubation.github.io/llm-d-modelservice/")}.
   *
   * @throws IllegalArgumentException when the repository is not an http(s) or file URL
   */
  public static ChartRef repo(URI repositoryUrl, String chart) {
    Objects.requireNonNull(repositoryUrl, "repository URL");
    String scheme = repositoryUrl.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme) && !"file".equals(scheme)) {
      throw new IllegalArgumentException(
          "a chart repository URL must be http(s) or file, was " + repositoryUrl);
    }
    return new ChartRef(repositoryUrl.toString(), chart, null, null);
  }

  /**
   * A chart in a Helm repository given as a string, parsed as {@link #repo(URI, String)}.
   *
   * @throws IllegalArgumentException when it is not a URI, or not an http(s) or file URL
   */
  public static ChartRef repo(String repositoryUrl, String chart) {
    return repo(URI.create(Objects.requireNonNull(repositoryUrl, "repository URL")), chart);
  }

  /** A chart from an OCI registry, e.g. {@code oci://registry.k8s.io/.../inferencepool}. */
  public static ChartRef oci(String reference) {
    if (!reference.startsWith("oci://")) {
      throw new IllegalArgumentException(
          "an OCI chart reference starts with oci://, was " + reference);
    }
    return new ChartRef(null, reference, null, null);
  }

  /**
   * A chart directory on disk, at the version its {@code Chart.yaml} declares.
   *
   * @throws IllegalArgumentException when the directory has no readable {@code Chart.yaml}
   */
  public static ChartRef local(Path directory) {
    Path chartYaml = directory.resolve("Chart.yaml");
    if (!Files.isRegularFile(chartYaml)) {
      throw new IllegalArgumentException(
          "no Helm chart at " + directory + " (Chart.yaml not found)");
    }
    Map<String, Object> chart;
    try {
      chart = Values.parse(Files.readString(chartYaml), chartYaml.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + chartYaml, e);
    }
    Object version = chart.get("version");
    return new ChartRef(
        null,
        String.valueOf(chart.getOrDefault("name", directory.getFileName())),
        directory,
        version == null ? null : version.toString());
  }

  /** A copy of this chart reference at another version ({@code null}: the latest). */
  public ChartRef withVersion(String newVersion) {
    return new ChartRef(repository, name, localDirectory, newVersion);
  }

  /** Whether this is an OCI reference ({@code oci://...}). */
  public boolean isOci() {
    return name.startsWith("oci://");
  }

  /** A short description, e.g. {@code oci://.../inferencepool@v1.0.1}. */
  @Override
  public String toString() {
    String where =
        localDirectory != null
            ? localDirectory.toString()
            : repository != null ? repository + " " + name : name;
    return where + (version == null ? "" : "@" + version);
  }
}
