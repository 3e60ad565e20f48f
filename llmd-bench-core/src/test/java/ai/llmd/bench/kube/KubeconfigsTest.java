package ai.llmd.bench.kube;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.testkit.HelmMockServer;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

class KubeconfigsTest {
  @Test
  void helmReachesTheClientsClusterWithTheWrittenKubeconfig() {
    try (HelmMockServer server = HelmMockServer.start()) {
      String kubeconfig = Kubeconfigs.from(server.client().getConfiguration());
      assertThat(kubeconfig).contains("server: http://localhost:" + server.server().getPort());
      assertThat(Helm.list().withNamespace("x").withKubeConfigContents(kubeconfig).call())
          .isEmpty();
    }
  }
}
