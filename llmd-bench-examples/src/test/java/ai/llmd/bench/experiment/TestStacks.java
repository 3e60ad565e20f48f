package ai.llmd.bench.experiment;

import ai.llmd.bench.stack.ChartRef;
import ai.llmd.bench.stack.GaieSpec;
import ai.llmd.bench.stack.GatewaySpec;
import ai.llmd.bench.stack.ModelServiceSpec;
import ai.llmd.bench.stack.Stack;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/** The test charts of llmd-bench-core (its test-jar) as directories, and a stack using them. */
final class TestStacks {
  private TestStacks() {}

  static final String MODEL = "Qwen/Qwen3-0.6B";

  /** Copies {@code /charts/<name>} from the class path (a directory or a jar) into {@code dir}. */
  static Path chart(String name, Path dir) {
    try {
      URI uri = TestStacks.class.getResource("/charts/" + name + "/Chart.yaml").toURI();
      Path target = dir.resolve(name);
      if (uri.getScheme().equals("jar")) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          copy(fs.getPath("/charts/" + name), target);
        }
      } else {
        copy(Path.of(uri).getParent(), target);
      }
      return target;
    } catch (IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot copy chart " + name, e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else if (!Files.exists(t)) {
          Files.copy(p, t);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * A one-replica stack in namespace {@code bench} with the test charts copied under {@code
   * charts}.
   */
  static Stack.Builder stack(KubernetesClient client, Path charts) {
    return Stack.builder()
        .namespace("bench")
        .modelLabel("qwen")
        .kubernetes(client)
        .gateway(GatewaySpec.llmdInfra().withChart(ChartRef.local(chart("llm-d-infra", charts))))
        .gaie(GaieSpec.inferencePool().withChart(ChartRef.local(chart("inferencepool", charts))))
        .model(
            ModelServiceSpec.of(MODEL)
                .withChart(ChartRef.local(chart("llm-d-modelservice", charts)))
                .withDecodeReplicas(1))
        .readyTimeout(Duration.ofSeconds(30));
  }
}
