package ai.llmd.bench.experiment;

import ai.llmd.bench.harness.loadgen.LoadgenExecutor;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@link ExperimentTest#grid} in a JVM of its own, so that a test can kill it with {@code kill
 * -9}. Arguments: kubeconfig file, charts directory, results root, simulator endpoint, stage
 * seconds.
 */
public final class ExperimentChild {
  private ExperimentChild() {}

  public static void main(String[] args) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(Path.of(args[0])));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      ExperimentTest.grid(
              TestStacks.stack(client, Path.of(args[1])),
              Path.of(args[2]),
              URI.create(args[3]),
              new LoadgenExecutor(),
              Double.parseDouble(args[4]))
          .build()
          .run();
    }
  }
}
