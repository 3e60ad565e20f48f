package ai.llmd.bench.harness;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import java.util.List;

/**
 * Where a harness runs: {@link LocalExecutor local()} as a process on this machine, or {@link
 * KubernetesExecutor kubernetes(...)} as a Kubernetes Job (needs {@code
 * io.fabric8:kubernetes-client} on the class path).
 *
 * <pre>{@code
 * HarnessRun run = Harnesses.get("guidellm").run(profile, Executor.local().withResultsDirectory(Path.of("results/raw")));
 * }</pre>
 */
public interface Executor {

  /**
   * Starts a harness with a rendered profile.
   *
   * @throws HarnessException when it cannot start (tool not found, ...); nothing is running then
   */
  HarnessRun start(Harness harness, WorkloadProfile.Rendered profile);

  /**
   * This executor writing into {@code dir}: {@code profile.yaml}, {@code raw/} (the tool's output)
   * and {@code logs/}.
   *
   * @throws UnsupportedOperationException when the executor cannot be told where to write
   */
  default Executor withResultsDirectory(java.nio.file.Path dir) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot be given a results directory");
  }

  /**
   * This executor reporting the tool's output lines ({@link BenchEvent.Type#WORKLOAD_OUTPUT}) and,
   * where the executor knows it, the workload's progress ({@link
   * BenchEvent.Type#WORKLOAD_PROGRESS}) to {@code listener}, in {@code context}; it replaces the
   * listener given before. The default ignores the listener: an executor that reports nothing.
   *
   * <pre>{@code
   * Executor e = Executor.local().withEvents(new ConsoleListener(System.out), BenchEvent.Context.NONE);
   * }</pre>
   */
  default Executor withEvents(EventListener listener, BenchEvent.Context context) {
    return this;
  }

  /**
   * This executor reporting to {@code listener}, keeping the context it was given (none by
   * default).
   */
  default Executor withEvents(EventListener listener) {
    return withEvents(listener, BenchEvent.Context.NONE);
  }

  /** Runs the harness as a Kubernetes Job in a namespace. */
  static KubernetesExecutor kubernetes(
      io.fabric8.kubernetes.client.KubernetesClient client, String namespace) {
    return KubernetesExecutor.of(client, namespace);
  }

  /**
   * Runs the harness as a Kubernetes Job in a deployed stack's namespace, with the stack's client.
   */
  static KubernetesExecutor kubernetes(ai.llmd.bench.stack.DeployedStack stack) {
    return KubernetesExecutor.of(stack.client(), stack.namespace());
  }

  /** Runs the harness as a local process when its command is on the PATH. */
  static LocalExecutor local() {
    return new LocalExecutor(null, List.of(), null, null);
  }
}
