package ai.llmd.bench.examples;

// tag::imports[]
import static ai.llmd.bench.assertj.BenchAssertions.assertThat;

import ai.llmd.bench.assertj.BenchSoftAssertions;
import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.loadgen.DataSpec;
import ai.llmd.bench.harness.loadgen.LoadGenerator;
import ai.llmd.bench.harness.loadgen.LoadgenResult;
import ai.llmd.bench.harness.loadgen.Stage;
import ai.llmd.bench.harness.loadgen.TokenLength;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.junit.BenchTarget;
import ai.llmd.bench.junit.LlmdBench;
import ai.llmd.bench.junit.SimulatorDefinition;
import ai.llmd.bench.junit.StackDefinition;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.stack.ModelServiceSpec;
import ai.llmd.bench.stack.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// end::imports[]

/**
 * A JUnit 5 performance test with SLO assertions. In every build it runs against the in-process
 * simulator; with {@code -Dllmd.bench.target=cluster} the same class deploys the stack of {@link
 * #stack()} in an ephemeral namespace of the current kubeconfig's cluster (skipped when there is
 * none):
 *
 * <pre>
 * mvn -B test -pl llmd-bench-examples -am -Dtest=LatencySloTest -Dsurefire.failIfNoSpecifiedTests=false -Dllmd.bench.target=cluster
 * </pre>
 *
 * <p>The limits are wide on purpose: the simulator answers in about 25 ms, and a build machine may
 * be busy.
 */
// tag::test[]
@LlmdBench
class LatencySloTest {

  /** What the cluster run deploys. */
  @StackDefinition
  static Stack.Builder stack() {
    return Stack.builder().model(ModelServiceSpec.of("Qwen/Qwen3-0.6B"));
  }

  /** What the simulator run serves. */
  @SimulatorDefinition
  static Simulator.Builder simulator() {
    return Simulator.builder()
        .timeToFirstToken(Duration.ofMillis(20))
        .interTokenLatency(Duration.ofMillis(5))
        .maxConcurrency(16);
  }

  @Test
  void meetsTheLatencySlo(BenchTarget target, @TempDir Path dir) {
    LoadgenResult run =
        LoadGenerator.builder()
            .endpoint(target.endpoint())
            .model(target.model())
            .data(DataSpec.random(TokenLength.fixed(64), TokenLength.fixed(16)))
            .stage(Stage.rate(5, Duration.ofSeconds(2)))
            .stage(Stage.rate(10, Duration.ofSeconds(2)))
            .build()
            .run(dir.resolve("raw"));
    List<BenchmarkReport> reports =
        Harnesses.get("loadgen").transformer().transform(run.directory(), dir.resolve("reports"));

    BenchSoftAssertions.assertSoftly(
        softly -> {
          for (BenchmarkReport report : reports) {
            softly
                .assertThat(report)
                .hasAtLeastRequests(5)
                .ttftAtMost(99, Duration.ofSeconds(2))
                .itlAtMost(50, Duration.ofMillis(500))
                .e2eAtMost(99, Duration.ofSeconds(5))
                .errorRateAtMost(0.0);
          }
        });
  }

  @Test
  void oneLoadPointWithHardAssertions(BenchTarget target, @TempDir Path dir) {
    LoadgenResult run =
        LoadGenerator.builder()
            .endpoint(target.endpoint())
            .model(target.model())
            .data(DataSpec.random(TokenLength.fixed(32), TokenLength.fixed(8)))
            .stage(Stage.concurrency(4, Duration.ofSeconds(2)))
            .build()
            .run(dir.resolve("raw"));
    BenchmarkReport report =
        Harnesses.get("loadgen")
            .transformer()
            .transform(run.directory(), dir.resolve("reports"))
            .get(0);

    assertThat(report).ttftAtMost(99, Duration.ofSeconds(2)).outputTokenRateAtLeast(1);
  }
}
// end::test[]
