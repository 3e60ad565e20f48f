package ai.llmd.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.harness.Executor;
import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.HarnessException;
import ai.llmd.bench.harness.HarnessRun;
import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.WorkloadProfile;
import ai.llmd.bench.harness.loadgen.LoadgenExecutor;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.record.ExperimentRecord;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.stack.Stack;
import ai.llmd.bench.testkit.HelmMockServer;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiments against the mock API server with real Helm installs (stacks, upgrades, teardown),
 * sending load to the embedded simulator.
 */
class ExperimentTest {
  @TempDir Path tmp;
  private HelmMockServer server;
  private KubernetesClient client;
  private FakeCluster cluster;
  private Simulator sim;
  private Path charts;
  private final List<BenchEvent> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    server = HelmMockServer.start().registerKinds(HelmMockServer.ISTIO_KINDS);
    client = server.client();
    // deploy() runs the preflight first: the gateway class must exist and be accepted
    ai.llmd.bench.testkit.ClusterSeed.gatewayClass(
        client, "istio", "istio.io/gateway-controller", true);
    cluster = new FakeCluster(client, "bench");
    sim =
        Simulator.builder()
            .model(TestStacks.MODEL)
            .timeToFirstToken(Duration.ofMillis(2))
            .interTokenLatency(Duration.ofMillis(1))
            .start();
    charts = Files.createDirectories(tmp.resolve("charts"));
  }

  @AfterEach
  void stop() {
    sim.close();
    cluster.close();
    server.close();
  }

  /** 2 setup treatments x 3 run treatments x 2 repetitions on one stack. */
  static Experiment.Builder grid(
      Stack.Builder stack, Path root, URI sim, Executor executor, double stageSeconds) {
    Harness loadgen = Harnesses.get("loadgen");
    return Experiment.builder()
        .id("grid")
        .stack(stack)
        .setupTreatment(SetupTreatment.named("one"))
        .setupTreatment(SetupTreatment.named("two").withModelOverrides("decode.replicas=2"))
        .harness(loadgen, executor)
        .workload(
            loadgen
                .profile("rate_sweep")
                .withValue("warmup_s", 0)
                .withValue("stages[0].duration_s", stageSeconds))
        .runTreatment(RunTreatment.named("rate-4").withValue("stages[0].rate", 4))
        .runTreatment(RunTreatment.named("rate-8").withValue("stages[0].rate", 8))
        .runTreatment(RunTreatment.named("rate-16").withValue("stages[0].rate", 16))
        .repetitions(2)
        .resultsRoot(root)
        .metricsInterval(Duration.ofSeconds(1))
        .readyTimeout(Duration.ofSeconds(30))
        .stackEndpoint(s -> sim);
  }

  private Experiment.Builder grid(Path root, Executor executor) {
    return grid(TestStacks.stack(client, charts), root, sim.endpoint(), executor, 0.5)
        .listener(events::add);
  }

  private List<String> releases() {
    return Helm.list()
        .withNamespace("bench")
        .withKubeConfigContents(server.kubeconfig())
        .call()
        .stream()
        .map(Release::getName)
        .toList();
  }

  private List<BenchEvent.Type> types() {
    synchronized (events) {
      return events.stream().map(BenchEvent::type).toList();
    }
  }

  @Test
  void runsTwelveLoadPointsInTheDocumentedLayoutUpgradingInPlace() throws Exception {
    // given
    Path root = tmp.resolve("results");

    // when
    ExperimentResult result = grid(root, new LoadgenExecutor()).build().run();

    // then: 12 load points, each in <root>/<id>/<model_label>/<harness>-<treatment>/
    assertThat(result.loadPoints()).hasSize(12);
    assertThat(result.loadPoints()).noneMatch(LoadPoint::resumed);
    for (LoadPoint p : result.loadPoints()) {
      Path d =
          root.resolve("grid/qwen/loadgen-" + p.setup() + "-" + p.run() + "-r" + p.repetition());
      assertThat(p.directory()).isEqualTo(d);
      assertThat(d.resolve("profile.yaml")).exists();
      assertThat(d.resolve("raw/loadgen.json")).exists();
      assertThat(d.resolve("logs")).isDirectory();
      assertThat(d.resolve("metrics")).isDirectory();
      ExperimentRecord record = ExperimentRecord.read(d.resolve("record.yaml"));
      assertThat(record.releases())
          .extracting(ExperimentRecord.Release::name)
          .containsExactly("llmd-infra", "qwen-gaie", "qwen-ms");
      try (var files = Files.list(d.resolve("reports"))) {
        List<Path> reports = files.toList();
        assertThat(reports).hasSize(1);
        assertThat(Reports.violations(Reports.read(reports.get(0)))).isEmpty();
      }
    }
    // the run treatment reached the load generator
    BenchmarkReport r16 = result.reports("qwen", "two", "rate-16", 2).get(0);
    assertThat(r16.scenario().load().standardized().rateQps()).isEqualTo(16.0);
    assertThat(r16.results().requestPerformance().aggregate().requests().total()).isEqualTo(8);
    // the setup treatment reached Helm: the model release was upgraded in place to 2 replicas
    ExperimentRecord two =
        ExperimentRecord.read(root.resolve("grid/qwen/loadgen-two-rate-4-r1/record.yaml"));
    assertThat(two.releases().get(2).values())
        .extractingByKey("decode")
        .asString()
        .contains("replicas=2");
    assertThat(types()).containsOnlyOnce(BenchEvent.Type.STACK_DEPLOYING);
    assertThat(types()).containsOnlyOnce(BenchEvent.Type.STACK_UPGRADING);
    // the stack record and the summary
    ExperimentRecord stackRecord = ExperimentRecord.read(root.resolve("grid/qwen/record.yaml"));
    assertThat(stackRecord.workloads()).hasSize(12);
    assertThat(stackRecord.releases()).hasSize(6);
    assertThat(Files.readAllLines(root.resolve("grid/summary.csv"))).hasSize(13);
    assertThat(root.resolve("grid/experiment.yaml")).exists();
    // torn down
    assertThat(releases()).isEmpty();
  }

  /** Fails the n-th start (counting from 1), and counts starts. */
  private static final class Counting implements Executor {
    final AtomicInteger starts;
    final int failAt;
    final Executor delegate;

    Counting(AtomicInteger starts, int failAt, Executor delegate) {
      this.starts = starts;
      this.failAt = failAt;
      this.delegate = delegate;
    }

    @Override
    public HarnessRun start(Harness harness, WorkloadProfile.Rendered profile) {
      if (starts.incrementAndGet() == failAt) {
        throw new HarnessException("loadgen", 1, null, "injected failure", "boom");
      }
      return delegate.start(harness, profile);
    }

    @Override
    public Executor withResultsDirectory(Path dir) {
      return new Counting(starts, failAt, delegate.withResultsDirectory(dir));
    }

    @Override
    public Executor withEvents(EventListener listener, BenchEvent.Context context) {
      return new Counting(starts, failAt, delegate.withEvents(listener, context));
    }
  }

  @Test
  void aFailedTreatmentTearsDownAndARerunRunsOnlyWhatWasNotDone() {
    // given: the 4th load point fails
    Path root = tmp.resolve("results");
    AtomicInteger first = new AtomicInteger();

    // when
    assertThatThrownBy(
            () -> grid(root, new Counting(first, 4, new LoadgenExecutor())).build().run())
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("qwen/one/rate-8/r2")
        .hasMessageContaining("injected failure");

    // then: torn down on failure
    assertThat(releases()).isEmpty();
    assertThat(types()).contains(BenchEvent.Type.TREATMENT_FAILED, BenchEvent.Type.STACK_REMOVED);

    // when: run again
    AtomicInteger second = new AtomicInteger();
    ExperimentResult resumed =
        grid(root, new Counting(second, -1, new LoadgenExecutor())).build().run();

    // then: only the 9 load points not done ran; the result equals an uninterrupted run's
    assertThat(second.get()).as(journalText(root)).isEqualTo(9);
    assertThat(resumed.loadPoints()).filteredOn(LoadPoint::resumed).hasSize(3);
    ExperimentResult fresh = grid(tmp.resolve("fresh"), new LoadgenExecutor()).build().run();
    assertThat(resumed.loadPoints())
        .extracting(LoadPoint::key)
        .containsExactlyElementsOf(fresh.loadPoints().stream().map(LoadPoint::key).toList());
    assertThat(resumed.reports()).hasSameSizeAs(fresh.reports());
    for (int i = 0; i < fresh.reports().size(); i++) {
      BenchmarkReport a = resumed.reports().get(i);
      BenchmarkReport b = fresh.reports().get(i);
      assertThat(a.scenario().load().standardized().rateQps())
          .isEqualTo(b.scenario().load().standardized().rateQps());
      assertThat(a.results().requestPerformance().aggregate().requests().total())
          .isEqualTo(b.results().requestPerformance().aggregate().requests().total());
    }
    assertThat(releases()).isEmpty();
    // a third run has nothing left to do
    AtomicInteger third = new AtomicInteger();
    grid(root, new Counting(third, -1, new LoadgenExecutor())).build().run();
    assertThat(third.get()).isZero();
  }

  @Test
  void aChangedDefinitionIsRefusedUnlessRestarted() {
    // given
    Path root = tmp.resolve("results");
    grid(root, new LoadgenExecutor()).repetitions(1).build().run();

    // when / then
    assertThatThrownBy(() -> grid(root, new LoadgenExecutor()).build().run())
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("another definition")
        .hasMessageContaining("repetitions");
    ExperimentResult anew = grid(root, new LoadgenExecutor()).restart(true).build().run();
    assertThat(anew.loadPoints()).hasSize(12).noneMatch(LoadPoint::resumed);
    try (var dirs = Files.list(root)) {
      assertThat(dirs.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("grid.replaced-"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void badInputFailsBeforeAnythingIsDeployed() throws Exception {
    Path root = tmp.resolve("results");
    Harness loadgen = Harnesses.get("loadgen");
    assertThatThrownBy(() -> Experiment.builder().harness(loadgen, new LoadgenExecutor()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one stack");
    assertThatThrownBy(() -> Experiment.builder().stack(sim).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a harness");
    // a run treatment changing a path the profile template does not have
    assertThatThrownBy(
            () ->
                grid(root, new LoadgenExecutor())
                    .runTreatment(
                        RunTreatment.named("bad-path").withValue("load.stages[0].rate", 5))
                    .build()
                    .run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run treatment bad-path")
        .hasMessageContaining("load.stages[0].rate");
    // a setup treatment overriding a value the chart does not have
    assertThatThrownBy(
            () ->
                grid(root, new LoadgenExecutor())
                    .setupTreatment(
                        SetupTreatment.named("typo").withModelOverrides("decode.replicaz=3"))
                    .build()
                    .run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setup treatment typo")
        .hasMessageContaining("decode.replicaz=3");
    // a setup treatment with a value the chart's schema rejects
    Path strict = Files.createDirectories(tmp.resolve("strict"));
    Path ms = TestStacks.chart("llm-d-modelservice", strict);
    Files.copy(
        Path.of(getClass().getResource("/charts-schema/values.schema.json").toURI()),
        ms.resolve("values.schema.json"));
    Stack.Builder strictStack =
        TestStacks.stack(client, charts)
            .model(
                ai.llmd.bench.stack.ModelServiceSpec.of(TestStacks.MODEL)
                    .withChart(ai.llmd.bench.stack.ChartRef.local(ms))
                    .withDecodeReplicas(1));
    assertThatThrownBy(
            () ->
                grid(strictStack, root, sim.endpoint(), new LoadgenExecutor(), 0.5)
                    .setupTreatment(
                        SetupTreatment.named("negative").withModelOverrides("decode.replicas=-1"))
                    .build()
                    .run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setup treatment negative")
        .hasMessageContaining("decode.replicas=-1");
    // nothing was deployed or written
    assertThat(releases()).isEmpty();
    assertThat(root.resolve("grid")).doesNotExist();
  }

  @Test
  void aKilledJvmsExperimentResumesAndItsStackIsRemoved() throws Exception {
    // given: a child JVM runs the experiment, and is killed (SIGKILL) after two load points
    Path root = tmp.resolve("results");
    Path kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), server.kubeconfig());
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ExperimentChild.class.getName(),
                kubeconfig.toString(),
                charts.toString(),
                root.toString(),
                sim.endpoint().toString(),
                "1.0")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    Path journal = root.resolve("grid/journal.jsonl");
    while (child.isAlive() && doneLines(journal) < 2) {
      Thread.sleep(50);
    }
    assertThat(child.isAlive())
        .as(
            "child still running (log: %s)",
            Files.exists(tmp.resolve("child.log"))
                ? Files.readString(tmp.resolve("child.log"))
                : "")
        .isTrue();
    child.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long done = doneLines(journal);
    assertThat(releases()).as("the killed JVM left its stack").contains("qwen-ms");

    // when: the experiment runs again in this JVM
    AtomicInteger starts = new AtomicInteger();
    ExperimentResult result =
        grid(
                TestStacks.stack(client, charts),
                root,
                sim.endpoint(),
                new Counting(starts, -1, new LoadgenExecutor()),
                1.0)
            .listener(events::add)
            .build()
            .run();

    // then: the leftovers were removed first, only what was not done ran, and all is torn down
    assertThat(events)
        .anyMatch(
            e -> e.type() == BenchEvent.Type.STACK_REMOVED && e.message().contains("earlier run"));
    assertThat(starts.get()).isEqualTo(12 - done);
    assertThat(result.loadPoints()).hasSize(12);
    assertThat(result.loadPoints()).filteredOn(LoadPoint::resumed).hasSize((int) done);
    assertThat(releases()).isEmpty();
  }

  private static String journalText(Path root) {
    try {
      return Files.readString(root.resolve("grid/journal.jsonl"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static long doneLines(Path journal) throws java.io.IOException {
    if (!Files.exists(journal)) {
      return 0;
    }
    return Files.readAllLines(journal).stream()
        .filter(l -> l.contains("\"event\":\"done\""))
        .count();
  }
}
