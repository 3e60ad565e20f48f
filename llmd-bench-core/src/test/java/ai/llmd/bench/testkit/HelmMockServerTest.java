package ai.llmd.bench.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelmMockServerTest {
  @TempDir Path dir;

  @Test
  void realHelmInstallsListsAndUninstallsAgainstTheMock() throws Exception {
    Path chart =
        Path.of(getClass().getResource("/charts/llm-d-modelservice/Chart.yaml").toURI())
            .getParent();
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        "fullnameOverride: qwen\nmodelArtifacts:\n  name: m\n  labels:\n    llm-d.ai/model: qwen\n");
    try (HelmMockServer server = HelmMockServer.start()) {
      // when
      Release installed =
          new Helm(chart)
              .install()
              .withName("qwen-ms")
              .withNamespace("bench")
              .withValuesFile(values)
              .withKubeConfigContents(server.kubeconfig())
              .call();

      // then
      assertThat(installed.getStatus()).isEqualTo("deployed");
      assertThat(
              server
                  .client()
                  .apps()
                  .deployments()
                  .inNamespace("bench")
                  .withName("qwen-decode")
                  .get())
          .isNotNull();
      List<Release> releases =
          Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call();
      assertThat(releases).extracting(Release::getName).containsExactly("qwen-ms");

      Helm.uninstall("qwen-ms")
          .withNamespace("bench")
          .withKubeConfigContents(server.kubeconfig())
          .call();
      assertThat(
              server
                  .client()
                  .apps()
                  .deployments()
                  .inNamespace("bench")
                  .withName("qwen-decode")
                  .get())
          .isNull();
      assertThat(
              Helm.list().withNamespace("bench").withKubeConfigContents(server.kubeconfig()).call())
          .isEmpty();
    }
  }
}
