package ai.llmd.bench.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void versionIsCurrentAndSettable() {
    try (HelmMockServer server = HelmMockServer.start()) {
      var info = server.client().getKubernetesVersion();
      assertThat(info.getGitVersion()).isEqualTo(HelmMockServer.DEFAULT_KUBERNETES_VERSION);
      assertThat(info.getMajor()).isEqualTo("1");
      assertThat(Integer.parseInt(info.getMinor())).isGreaterThanOrEqualTo(33);

      server.kubernetesVersion("v1.27.3");
      info = server.client().getKubernetesVersion();
      assertThat(info.getGitVersion()).isEqualTo("v1.27.3");
      assertThat(info.getMinor()).isEqualTo("27");
    }
  }

  @Test
  void kubeVersionConstraintAndRegisteredKinds() throws Exception {
    // a chart like llm-d-infra: kubeVersion >= 1.28 and an istio Telemetry object
    Path chart = Files.createDirectories(dir.resolve("gw/templates"));
    Files.writeString(
        dir.resolve("gw/Chart.yaml"),
        "apiVersion: v2\nname: gw\nversion: 1.0.0\nkubeVersion: \">= 1.28.0-0\"\n");
    Files.writeString(
        chart.resolve("telemetry.yaml"),
        "apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata:\n  name: t\nspec: {}\n");
    try (HelmMockServer server = HelmMockServer.start()) {
      // an istio kind the server does not know
      assertThatThrownBy(() -> install(server, dir.resolve("gw"), "a"))
          .hasMessageContaining("Telemetry");

      server.registerKinds(HelmMockServer.ISTIO_KINDS);
      assertThat(install(server, dir.resolve("gw"), "b").getStatus()).isEqualTo("deployed");
      assertThat(
              server
                  .client()
                  .genericKubernetesResources("telemetry.istio.io/v1", "Telemetry")
                  .inNamespace("bench")
                  .withName("t")
                  .get())
          .isNotNull();

      server.kubernetesVersion("v1.27.0");
      assertThatThrownBy(() -> install(server, dir.resolve("gw"), "c"))
          .hasMessageContaining("kubeVersion")
          .hasMessageContaining("v1.27.0");
    }
  }

  private static Release install(HelmMockServer server, Path chart, String name) {
    return new Helm(chart)
        .install()
        .withName(name)
        .withNamespace("bench")
        .withKubeConfigContents(server.kubeconfig())
        .call();
  }
}
