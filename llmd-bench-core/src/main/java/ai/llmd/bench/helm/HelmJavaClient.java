package ai.llmd.bench.helm;

import ai.llmd.bench.io.Paths2;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.stack.ChartRef;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.UpgradeCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link HelmClient} on helm-java (Helm's Go library through JNA). */
final class HelmJavaClient implements HelmClient {
  private static final Logger log = LoggerFactory.getLogger(HelmJavaClient.class);

  @Override
  public String template(
      ChartRef chart,
      String release,
      String namespace,
      Map<String, Object> values,
      String kubeVersion) {
    Path work = null;
    try {
      ensureDependencies(chart);
      work = Files.createTempDirectory("llmd-bench-helm");
      Path valuesFile = writeValues(work, values);
      TemplateCommand t =
          chart.localDirectory() != null
              ? new Helm(chart.localDirectory()).template()
              : Helm.template(reference(chart, work));
      t = t.withName(release).withNamespace(namespace).withValuesFile(valuesFile);
      if (kubeVersion != null) {
        t = t.withKubeVersion(kubeVersion);
      }
      if (chart.version() != null && chart.localDirectory() == null) {
        t = t.withVersion(chart.version());
      }
      if (chart.repository() != null) {
        t = t.withRepositoryConfig(work.resolve("repositories.yaml"));
      }
      return t.call();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the values of release " + release, e);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException && e.getMessage().startsWith("chart ")) {
        throw e;
      }
      throw new IllegalArgumentException(
          "Helm cannot render release "
              + release
              + " of chart "
              + chart
              + ": "
              + e.getMessage()
              + hint(e.getMessage()),
          e);
    } finally {
      Paths2.deleteQuietly(work);
    }
  }

  @Override
  public String upgradeInstall(
      ChartRef chart,
      String release,
      String namespace,
      Map<String, Object> values,
      String kubeconfig) {
    Path work = null;
    try {
      ensureDependencies(chart);
      work = Files.createTempDirectory("llmd-bench-helm");
      Path valuesFile = writeValues(work, values);
      // helm-java's `upgrade --install` loses the kubeconfig on the install path: install and
      // upgrade separately.
      boolean exists =
          Helm.list().withNamespace(namespace).withKubeConfigContents(kubeconfig).call().stream()
              .anyMatch(r -> r.getName().equals(release));
      if (!exists) {
        InstallCommand i =
            chart.localDirectory() != null
                ? new Helm(chart.localDirectory()).install()
                : Helm.install(reference(chart, work));
        i =
            i.withName(release)
                .withNamespace(namespace)
                .withValuesFile(valuesFile)
                .withKubeConfigContents(kubeconfig);
        if (chart.version() != null && chart.localDirectory() == null) {
          i = i.withVersion(chart.version());
        }
        return i.call().getChart();
      }
      UpgradeCommand u =
          chart.localDirectory() != null
              ? new Helm(chart.localDirectory()).upgrade()
              : Helm.upgrade(reference(chart, work));
      u =
          u.withName(release)
              .withNamespace(namespace)
              .withValuesFile(valuesFile)
              .withKubeConfigContents(kubeconfig);
      if (chart.version() != null && chart.localDirectory() == null) {
        u = u.withVersion(chart.version());
      }
      return u.call().getChart();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the values of release " + release, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Helm cannot install release " + release + " of chart " + chart + ": " + e.getMessage(),
          e);
    } finally {
      Paths2.deleteQuietly(work);
    }
  }

  @Override
  public void uninstall(String release, String namespace, String kubeconfig) {
    try {
      Helm.uninstall(release)
          .ignoreNotFound()
          .withNamespace(namespace)
          .withKubeConfigContents(kubeconfig)
          .call();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Helm cannot uninstall release " + release + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Map<String, Object> defaultValues(ChartRef chart) {
    try {
      String yaml;
      if (chart.localDirectory() != null) {
        ensureDependencies(chart);
        yaml = new Helm(chart.localDirectory()).show().values().call();
      } else if (chart.isOci()) {
        var show = Helm.show(chart.name()).values();
        yaml = (chart.version() != null ? show.withVersion(chart.version()) : show).call();
      } else {
        yaml = new Helm(RepoCharts.download(chart)).show().values().call();
      }
      if (yaml == null || yaml.isBlank()) {
        return new LinkedHashMap<>();
      }
      Object parsed = Reports.yamlMapper().readValue(yaml, Object.class);
      if (parsed == null) {
        return new LinkedHashMap<>();
      }
      if (!(parsed instanceof Map<?, ?>)) {
        throw new IllegalArgumentException("the default values of chart " + chart + " are no map");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) parsed;
      return map;
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException && e.getMessage().startsWith("chart ")) {
        throw e;
      }
      throw new IllegalArgumentException(
          "cannot read the default values of chart " + chart + ": " + e.getMessage(), e);
    }
  }

  /**
   * Builds a local chart's dependencies ({@code helm dependency build}, in its directory) when its
   * {@code charts/} directory lacks one.
   *
   * @throws IllegalArgumentException saying how to build them when that fails
   */
  static void ensureDependencies(ChartRef chart) {
    Path dir = chart.localDirectory();
    if (dir == null) {
      return;
    }
    List<String> missing = missingDependencies(dir);
    if (missing.isEmpty()) {
      return;
    }
    synchronized (HelmJavaClient.class) {
      if (missingDependencies(dir).isEmpty()) {
        return;
      }
      log.info("Building the dependencies {} of chart {}", missing, dir);
      try {
        new Helm(dir).dependency().build().call();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "chart "
                + dir
                + " needs its dependencies "
                + missing
                + " in "
                + dir.resolve("charts")
                + " and building them failed ("
                + e.getMessage()
                + "); run `helm dependency build "
                + dir
                + "` (a file:// dependency must be where Chart.yaml says)",
            e);
      }
      List<String> still = missingDependencies(dir);
      if (!still.isEmpty()) {
        throw new IllegalArgumentException(
            "chart "
                + dir
                + " still lacks "
                + still
                + " in its charts/ directory after a dependency build; run `helm dependency"
                + " build "
                + dir
                + "`");
      }
    }
  }

  /** Dependencies of Chart.yaml that are neither a directory nor an archive in charts/. */
  static List<String> missingDependencies(Path dir) {
    Map<?, ?> chartYaml;
    try {
      chartYaml = Reports.yamlMapper().readValue(dir.resolve("Chart.yaml").toFile(), Map.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "chart " + dir + ": Chart.yaml cannot be read: " + e.getMessage(), e);
    }
    List<String> missing = new ArrayList<>();
    if (!(chartYaml.get("dependencies") instanceof List<?> deps)) {
      return missing;
    }
    Path charts = dir.resolve("charts");
    for (Object d : deps) {
      if (!(d instanceof Map<?, ?> dep) || dep.get("name") == null) {
        continue;
      }
      String name = dep.get("name").toString();
      boolean present = Files.isDirectory(charts.resolve(name));
      if (!present && Files.isDirectory(charts)) {
        try (var files = Files.list(charts)) {
          present =
              files.anyMatch(
                  f -> {
                    String n = f.getFileName().toString();
                    String rest = n.startsWith(name + "-") ? n.substring(name.length() + 1) : "";
                    return n.endsWith(".tgz") && rest.matches("v?\\d.*");
                  });
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + charts, e);
        }
      }
      if (!present) {
        missing.add(name);
      }
    }
    return missing;
  }

  /** A hint for the usual causes of a failed rendering. */
  private static String hint(String message) {
    if (message == null) {
      return "";
    }
    if (message.contains("kubeVersion")) {
      return " (the chart does not support this Kubernetes version: use a cluster or a chart"
          + " version that matches, or set Stack.builder().kubeVersion(...) to the cluster's"
          + " version when planning)";
    }
    if (message.contains("schema")) {
      return " (the chart's values schema rejects the value named above: change or remove it in"
          + " the spec's values or overrides)";
    }
    return "";
  }

  private static Path writeValues(Path work, Map<String, Object> values) throws IOException {
    Path valuesFile = work.resolve("values.yaml");
    Files.writeString(valuesFile, Reports.yamlMapper().writeValueAsString(values));
    return valuesFile;
  }

  /**
   * The chart reference for Helm: the OCI reference, or {@code <alias>/<chart>} after adding the
   * repository to a private repository config in {@code work} (as {@code helm repo add} would).
   */
  private static String reference(ChartRef chart, Path work) {
    if (chart.isOci()) {
      return chart.name();
    }
    String alias = "llmd-bench-" + Integer.toHexString(chart.repository().hashCode());
    Helm.repo()
        .add()
        .withRepositoryConfig(work.resolve("repositories.yaml"))
        .withName(alias)
        .withUrl(java.net.URI.create(chart.repository()))
        .call();
    return alias + "/" + chart.name();
  }
}
