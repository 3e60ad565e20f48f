package consumer;

import static ai.llmd.bench.assertj.BenchAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.loadgen.LoadGenerator;
import ai.llmd.bench.harness.loadgen.LoadgenResult;
import ai.llmd.bench.harness.loadgen.Stage;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.junit.BenchTarget;
import ai.llmd.bench.junit.LlmdBench;
import ai.llmd.bench.record.ExperimentRecord;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Metric;
import ai.llmd.bench.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@LlmdBench
class HarnessOnlyTest {

  @Test
  void loadTransformAndRecordWithoutKubernetes(BenchTarget target, @TempDir Path dir) {
    LoadgenResult run =
        LoadGenerator.builder()
            .endpoint(target.endpoint())
            .model(target.model())
            .stage(Stage.rate(5, Duration.ofSeconds(1)))
            .build()
            .run(dir.resolve("raw"));
    List<BenchmarkReport> reports =
        Harnesses.get("loadgen").transformer().transform(run.directory(), dir.resolve("reports"));
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0)).hasAtLeastRequests(1).errorRateAtMost(0.0);
    assertThat(reports.get(0).require(Metric.TTFT).duration("p50")).isPresent();
    Reports.validate(reports.get(0));

    ExperimentRecord.builder("consumer")
        .start(Instant.now())
        .end(Instant.now())
        .environment(ExperimentRecord.Environment.local())
        .build()
        .write(dir.resolve("record.yaml"));
    assertThat(dir.resolve("record.yaml")).exists();
  }

  @Test
  void kubernetesAndHelmAreNotOnTheClassPath() {
    String classPath = System.getProperty("java.class.path");
    assertThat(classPath).contains("llmd-bench-harness", "llmd-bench-core");
    // Netty is there on purpose: the simulator serves its streams on it
    assertThat(classPath).doesNotContain("kubernetes-client", "helm-java", "vertx", "okhttp");
    assertThatThrownBy(() -> Class.forName("io.fabric8.kubernetes.client.KubernetesClient"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("com.marcnuri.helm.Helm"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void everyHarnessLoads() {
    assertThat(Harnesses.all().keySet())
        .contains("loadgen", "inference-perf", "guidellm", "vllm-benchmark", "fmperf");
  }
}
