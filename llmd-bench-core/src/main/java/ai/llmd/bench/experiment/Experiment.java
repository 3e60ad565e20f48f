package ai.llmd.bench.experiment;

import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.harness.Executor;
import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.KubernetesExecutor;
import ai.llmd.bench.harness.WorkloadProfile;
import ai.llmd.bench.helm.HelmClient;
import ai.llmd.bench.stack.DeployedStack;
import ai.llmd.bench.stack.Overrides;
import ai.llmd.bench.stack.Stack;
import ai.llmd.bench.storage.ResultStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The whole pipeline as one call: for each stack and each setup treatment, deploy (or upgrade in
 * place), then for each run treatment and repetition render the profile, run the harness while
 * scraping the servers' metrics, transform its output into universal reports, and record what ran;
 * finally tear the stacks down, write the summary and upload the results.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.builder().start()) {
 *   ExperimentResult result = Experiment.builder()
 *       .id("rate-sweep")
 *       .stack(sim)
 *       .harness(Harnesses.get("loadgen"), new LoadgenExecutor())
 *       .workload(Harnesses.get("loadgen").profile("rate_sweep").withValue("stages[0].duration_s", 10))
 *       .runTreatment(RunTreatment.named("rate-20").withValue("stages[0].rate", 20))
 *       .runTreatment(RunTreatment.named("rate-50").withValue("stages[0].rate", 50))
 *       .repetitions(2)
 *       .resultsRoot(Path.of("results"))
 *       .listener(new ConsoleListener(System.out))
 *       .build()
 *       .run();
 *   System.out.print(result.summary().render());
 * }
 * }</pre>
 *
 * <p>Running the same experiment again (same id and results root) continues where the last run
 * stopped: load points in the journal are read back, not run again; a stack a killed run left
 * deployed is removed first. A different definition under the same id is refused unless {@link
 * Builder#restart(boolean)}.
 *
 * @since 0.1
 */
public final class Experiment {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

  final Builder b;

  private Experiment(Builder b) {
    this.b = b;
  }

  /**
   * Starts an experiment definition; see the class documentation for a complete example. {@link
   * Builder#build()} checks the definition.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The experiment id. */
  public String id() {
    return b.id;
  }

  /** Its directory, {@code <results root>/<id>}. */
  public Path directory() {
    return b.resultsRoot.resolve(b.id);
  }

  /**
   * Runs (or continues) the experiment.
   *
   * @throws IllegalArgumentException for a treatment that does not render or that the chart
   *     rejects, naming the treatment and the value; nothing is deployed then
   * @throws ExperimentException when a load point fails (the stacks are torn down, what finished is
   *     kept) or the experiment on disk has another definition
   */
  public ExperimentResult run() {
    return new Runner(this).run();
  }

  static void checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " must be lower-case letters, digits, '-' or '.', at most 63, was '" + name + "'");
    }
  }

  /** Where load goes and what is deployed. */
  sealed interface Target permits StackTarget, DeployedTarget, EndpointTarget {}

  record StackTarget(Stack.Builder builder) implements Target {}

  record DeployedTarget(DeployedStack stack) implements Target {}

  record EndpointTarget(Endpoint endpoint) implements Target {}

  /** Configures an {@link Experiment}; {@link #build()} checks it. */
  public static final class Builder {
    String id = "experiment";
    final List<Target> targets = new ArrayList<>();
    final List<SetupTreatment> setups = new ArrayList<>();
    final List<RunTreatment> runs = new ArrayList<>();
    Harness harness;
    Executor executor;
    WorkloadProfile workload;
    int repetitions = 1;
    Path resultsRoot = Path.of("results");
    ResultStore store;
    String storePrefix = "";
    EventListener listener = EventListener.NOOP;
    boolean keepStacks;
    boolean restart;
    HelmClient helm;
    Duration workloadTimeout = Duration.ofHours(2);
    Duration metricsInterval = Duration.ofSeconds(5);
    Function<DeployedStack, URI> stackEndpoint;
    boolean shutdownHook = true;
    Duration readyTimeout = Duration.ofMinutes(15);

    private Builder() {}

    /** The id: the directory name under the results root and the key for resuming. */
    public Builder id(String id) {
      checkName("experiment id", id);
      this.id = id;
      return this;
    }

    /** A stack to deploy (copied per setup treatment; torn down at the end unless kept). */
    public Builder stack(Stack.Builder stack) {
      targets.add(new StackTarget(Objects.requireNonNull(stack, "stack").copy()));
      return this;
    }

    /** A stack deployed by the caller; it stays the caller's (never torn down here). */
    public Builder stack(DeployedStack stack) {
      targets.add(new DeployedTarget(Objects.requireNonNull(stack, "stack")));
      return this;
    }

    /** A server to send load to as it is: the embedded simulator, a port-forward, a URL. */
    public Builder stack(Endpoint endpoint) {
      targets.add(new EndpointTarget(Objects.requireNonNull(endpoint, "endpoint")));
      return this;
    }

    /** A setup treatment; none means the stacks as given ({@link SetupTreatment#BASE}). */
    public Builder setupTreatment(SetupTreatment treatment) {
      setups.add(Objects.requireNonNull(treatment, "treatment"));
      return this;
    }

    /** A run treatment; none means the workload as given ({@link RunTreatment#BASE}). */
    public Builder runTreatment(RunTreatment treatment) {
      runs.add(Objects.requireNonNull(treatment, "treatment"));
      return this;
    }

    /**
     * The harness and where it runs. Without an executor: a Kubernetes Job in the stack's namespace
     * for deployed stacks, a local process for endpoints.
     */
    public Builder harness(Harness harness, Executor executor) {
      this.harness = Objects.requireNonNull(harness, "harness");
      this.executor = executor;
      return this;
    }

    /** A harness by id, with the default executor. */
    public Builder harness(String id) {
      return harness(Harnesses.get(id), null);
    }

    /**
     * The workload profile every run treatment starts from (default: the harness's first built-in
     * profile). Its endpoint and model are set per stack.
     */
    public Builder workload(WorkloadProfile profile) {
      this.workload = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** How often each run treatment runs (default 1). */
    public Builder repetitions(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("repetitions must be >= 1, was " + n);
      }
      this.repetitions = n;
      return this;
    }

    /** The directory experiments are written under (default {@code results}). */
    public Builder resultsRoot(Path root) {
      this.resultsRoot = Objects.requireNonNull(root, "root");
      return this;
    }

    /** Uploads the experiment directory to {@code store} under {@code prefix} at the end. */
    public Builder store(ResultStore store, String prefix) {
      this.store = Objects.requireNonNull(store, "store");
      this.storePrefix = prefix == null ? "" : prefix;
      return this;
    }

    /** Receives the experiment's events (default: none; SLF4J logging happens regardless). */
    public Builder listener(EventListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Leave the stacks this experiment deployed running at the end (default: tear down). */
    public Builder keepStacks(boolean keep) {
      this.keepStacks = keep;
      return this;
    }

    /**
     * When the results root holds this id with another definition: {@code true} moves the old
     * directory aside ({@code <id>.replaced-<time>}) and starts anew; {@code false} (default)
     * refuses.
     */
    public Builder restart(boolean restart) {
      this.restart = restart;
      return this;
    }

    /** The Helm implementation for upgrades in place and cleanup (default: helm-java). */
    public Builder helm(HelmClient helm) {
      this.helm = helm;
      return this;
    }

    /** Longest run of one load point (default 2 hours). */
    public Builder workloadTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("workloadTimeout must be positive, was " + timeout);
      }
      this.workloadTimeout = timeout;
      return this;
    }

    /** How often server metrics are scraped during a workload; zero turns scraping off. */
    public Builder metricsInterval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw new IllegalArgumentException("metricsInterval must not be negative, was " + interval);
      }
      this.metricsInterval = interval;
      return this;
    }

    /**
     * Where a deployed stack is reached from the harness (default: its in-cluster gateway URL for a
     * Kubernetes executor, a port-forward to the gateway otherwise).
     */
    public Builder stackEndpoint(Function<DeployedStack, URI> endpoint) {
      this.stackEndpoint = endpoint;
      return this;
    }

    /** How long an upgrade in place waits for the model servers to roll out (default 15 min). */
    public Builder readyTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("readyTimeout must be positive, was " + timeout);
      }
      this.readyTimeout = timeout;
      return this;
    }

    /** Whether a JVM shutdown hook tears the stacks down if the JVM exits mid-run (default on). */
    public Builder shutdownHook(boolean enabled) {
      this.shutdownHook = enabled;
      return this;
    }

    /**
     * Checks the definition.
     *
     * @throws IllegalArgumentException with no stack, no harness, duplicate treatment names, or
     *     setup treatments on a plain endpoint
     */
    public Experiment build() {
      if (targets.isEmpty()) {
        throw new IllegalArgumentException(
            "an experiment needs at least one stack: stack(Stack.builder()...), stack(deployedStack)"
                + " or stack(simulator)");
      }
      if (harness == null) {
        throw new IllegalArgumentException(
            "an experiment needs a harness: harness(Harnesses.get(\"inference-perf\"), executor)");
      }
      if (workload == null) {
        List<String> profiles = harness.profiles();
        if (profiles.isEmpty()) {
          throw new IllegalArgumentException(
              "harness " + harness.id() + " has no built-in profile; give one with workload(...)");
        }
        workload = harness.profile(profiles.get(0));
      }
      if (!workload.harness().equals(harness.id())) {
        throw new IllegalArgumentException(
            "workload profile "
                + workload.name()
                + " is for "
                + workload.harness()
                + ", not "
                + harness.id());
      }
      unique("setup treatment", setups.stream().map(SetupTreatment::name).toList());
      unique("run treatment", runs.stream().map(RunTreatment::name).toList());
      for (SetupTreatment s : setups) {
        for (var e : s.rules().entrySet()) {
          try {
            Overrides.of(e.getValue().toArray(String[]::new));
          } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(
                "setup treatment " + s.name() + ": " + ex.getMessage(), ex);
          }
        }
        if (!s.rules().isEmpty()) {
          for (Target t : targets) {
            if (t instanceof EndpointTarget et) {
              throw new IllegalArgumentException(
                  "setup treatment "
                      + s.name()
                      + " changes Helm values, but "
                      + et.endpoint().name()
                      + " is an endpoint with nothing to deploy");
            }
          }
        }
      }
      return new Experiment(this);
    }

    private static void unique(String what, List<String> names) {
      Set<String> seen = new LinkedHashSet<>();
      for (String n : names) {
        if (!seen.add(n)) {
          throw new IllegalArgumentException("two " + what + "s are named '" + n + "'");
        }
      }
    }

    List<SetupTreatment> setupsOrBase() {
      return setups.isEmpty() ? List.of(SetupTreatment.BASE) : List.copyOf(setups);
    }

    List<RunTreatment> runsOrBase() {
      return runs.isEmpty() ? List.of(RunTreatment.BASE) : List.copyOf(runs);
    }

    Executor executorFor(Target t, DeployedStack stack) {
      if (executor != null) {
        return executor;
      }
      return stack != null ? Executor.kubernetes(stack) : Executor.local();
    }

    boolean inCluster(Target t) {
      return executor instanceof KubernetesExecutor
          || (executor == null && !(t instanceof EndpointTarget));
    }
  }
}
