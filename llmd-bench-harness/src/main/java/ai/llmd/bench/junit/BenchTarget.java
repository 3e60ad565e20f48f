package ai.llmd.bench.junit;

import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.stack.DeployedStack;
import java.net.URI;
import java.util.Optional;

/**
 * What an {@link LlmdBench} test sends load to: an OpenAI-compatible endpoint reachable from this
 * JVM and the model it serves, backed by the simulator or a deployed stack.
 *
 * <pre>{@code
 * @Test
 * void slo(BenchTarget target) {
 *   LoadGenerator.builder().endpoint(target.endpoint()).model(target.model())...
 * }
 * }</pre>
 */
public interface BenchTarget {

  /** What serves the load. */
  enum Kind {
    /** The in-process {@link Simulator}; no cluster needed. */
    SIMULATOR,
    /** An llm-d stack deployed on the cluster of the default kubeconfig. */
    CLUSTER
  }

  /** Which kind of target this is. */
  Kind kind();

  /**
   * The base URL, reachable from this JVM (for a cluster: a local port forwarded to the gateway);
   * OpenAI paths such as {@code /v1/completions} go below it.
   */
  URI endpoint();

  /** The served model name, as requests must name it. */
  String model();

  /** The simulator, for a {@link Kind#SIMULATOR} target. */
  Optional<Simulator> simulator();

  /** The deployed stack, for a {@link Kind#CLUSTER} target. */
  Optional<DeployedStack> stack();
}
