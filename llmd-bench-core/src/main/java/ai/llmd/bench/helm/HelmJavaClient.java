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
import java.util.Map;

/** {@link HelmClient} on helm-java (Helm's Go library through JNA). */
final class HelmJavaClient implements HelmClient {

  @Override
  public String template(
      ChartRef chart, String release, String namespace, Map<String, Object> values) {
    Path work = null;
    try {
      work = Files.createTempDirectory("llmd-bench-helm");
      Path valuesFile = writeValues(work, values);
      TemplateCommand t =
          chart.localDirectory() != null
              ? new Helm(chart.localDirectory()).template()
              : Helm.template(reference(chart, work));
      t = t.withName(release).withNamespace(namespace).withValuesFile(valuesFile);
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
      throw new IllegalArgumentException(
          "Helm cannot render release " + release + " of chart " + chart + ": " + e.getMessage(),
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
