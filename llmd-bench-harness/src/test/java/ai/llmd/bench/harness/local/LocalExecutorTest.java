package ai.llmd.bench.harness.local;

import static ai.llmd.bench.harness.Fixtures.json;
import static ai.llmd.bench.harness.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.harness.Executor;
import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.HarnessException;
import ai.llmd.bench.harness.HarnessRun;
import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.report.BenchmarkReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecutorTest {
  @TempDir Path dir;
  private final Harness harness = Harnesses.get("inference-perf");

  /** A stand-in `inference-perf` that writes a genuine stage report where its config says. */
  private Path standIn(String body) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path script = bin.resolve("inference-perf");
    Files.writeString(script, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void runsTheToolLocallyAndItsOutputTransforms() throws Exception {
    // given
    Path sample = resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json");
    Path bin =
        standIn(
            "out=$(sed -n 's/^ *path: //p' \"$2\")\n"
                + "echo \"stage 0 running against $(sed -n 's/^ *base_url: //p' \"$2\")\"\n"
                + "cp '"
                + sample
                + "' \"$out/stage_0_lifecycle_metrics.json\"\n"
                + "echo done\n");
    List<String> progress = new CopyOnWriteArrayList<>();
    var profile =
        harness
            .profile("sanity_random")
            .endpoint(URI.create("http://localhost:8000/qwen"))
            .model("m");

    // when
    Path raw;
    try (HarnessRun run =
        harness.run(
            profile,
            Executor.local()
                .searchPath(List.of(bin))
                .resultsDirectory(dir.resolve("run"))
                .progress(progress::add))) {
      raw = run.await(Duration.ofSeconds(30));
    }

    // then
    assertThat(progress)
        .containsExactly("stage 0 running against http://localhost:8000/qwen", "done");
    assertThat(dir.resolve("run/profile.yaml")).content().contains("path: " + raw.toAbsolutePath());
    assertThat(dir.resolve("run/logs/inference-perf.log")).content().contains("done");
    List<BenchmarkReport> reports = harness.transformer().transform(raw);
    assertThat(reports.get(0).results().requestPerformance().aggregate().requests().total())
        .isEqualTo(json(sample).at("/load_summary/count").asLong());
  }

  @Test
  void aFailingToolReportsExitCodeAndLogTailAndKeepsItsOutput() throws Exception {
    Path bin = standIn("echo loading\necho 'CUDA error: out of memory' >&2\nexit 3\n");
    var profile = harness.profile("sanity_random").endpoint(URI.create("http://x")).model("m");
    try (HarnessRun run =
        harness.run(
            profile,
            Executor.local().searchPath(List.of(bin)).resultsDirectory(dir.resolve("run")))) {
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(30)))
          .isInstanceOfSatisfying(
              HarnessException.class,
              e -> {
                assertThat(e.exitCode()).isEqualTo(3);
                assertThat(e.resultsDirectory()).isEqualTo(dir.resolve("run/raw"));
              })
          .hasMessageContaining("CUDA error: out of memory");
    }
  }

  @Test
  void aTimeoutCancelsTheRun() throws Exception {
    Path bin = standIn("sleep 30\n");
    var profile = harness.profile("sanity_random").endpoint(URI.create("http://x")).model("m");
    try (HarnessRun run = harness.run(profile, Executor.local().searchPath(List.of(bin)))) {
      assertThatThrownBy(() -> run.await(Duration.ofMillis(300)))
          .hasMessageContaining("did not finish within PT0.3S");
    }
  }

  @Test
  void aMissingToolOrProfileErrorIsClearBeforeAnythingRuns() {
    var profile = harness.profile("sanity_random").endpoint(URI.create("http://x")).model("m");
    assertThatThrownBy(
            () ->
                harness.run(
                    profile,
                    Executor.local().searchPath(List.of(dir)).resultsDirectory(dir.resolve("r"))))
        .isInstanceOf(HarnessException.class)
        .hasMessageContaining("'inference-perf' is not on the PATH");
    assertThatThrownBy(() -> harness.run(harness.profile("sanity_random"), Executor.local()))
        .hasMessageContaining("unresolved tokens");
    // fmperf's LMBenchmark lives in its image (/app): outside it the run fails, saying so
    try (HarnessRun run =
        Harnesses.get("fmperf")
            .run(
                Harnesses.get("fmperf")
                    .profile("sanity_random")
                    .endpoint(URI.create("http://x"))
                    .model("m"),
                Executor.local().resultsDirectory(dir.resolve("fmperf")))) {
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(30)))
          .isInstanceOfSatisfying(HarnessException.class, e -> assertThat(e.exitCode()).isNotZero())
          .hasMessageContaining("/app");
    }
  }
}
