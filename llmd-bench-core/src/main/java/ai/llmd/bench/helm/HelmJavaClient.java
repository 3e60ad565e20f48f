package ai.llmd.bench.helm;

import ai.llmd.bench.report.Reports;
import ai.llmd.bench.stack.ChartRef;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
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
      Path valuesFile = work.resolve("values.yaml");
      Files.writeString(valuesFile, Reports.yamlMapper().writeValueAsString(values));
      TemplateCommand t;
      if (chart.localDirectory() != null) {
        t = new Helm(chart.localDirectory()).template();
      } else if (chart.isOci()) {
        t = Helm.template(chart.name());
      } else {
        // A chart in a repository: add the repository to a private repository config, as `helm repo
        // add` would.
        Path repoConfig = work.resolve("repositories.yaml");
        String alias = "llmd-bench-" + Integer.toHexString(chart.repository().hashCode());
        Helm.repo()
            .add()
            .withRepositoryConfig(repoConfig)
            .withName(alias)
            .withUrl(java.net.URI.create(chart.repository()))
            .call();
        t = Helm.template(alias + "/" + chart.name()).withRepositoryConfig(repoConfig);
      }
      t = t.withName(release).withNamespace(namespace).withValuesFile(valuesFile);
      if (chart.version() != null && chart.localDirectory() == null) {
        t = t.withVersion(chart.version());
      }
      return t.call();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the values of release " + release, e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Helm cannot render release " + release + " of chart " + chart + ": " + e.getMessage(),
          e);
    } finally {
      deleteQuietly(work);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // temporary files left behind
    }
  }
}
