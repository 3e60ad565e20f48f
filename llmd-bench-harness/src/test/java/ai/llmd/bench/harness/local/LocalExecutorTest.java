package ai.llmd.bench.harness.local;

import static ai.llmd.bench.harness.Fixtures.json;
import static ai.llmd.bench.harness.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.event.BenchEvent;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    List<BenchEvent> events = new CopyOnWriteArrayList<>();
    BenchEvent.Context ctx = new BenchEvent.Context("exp", "qwen", "base/sanity/r1");
    var profile =
        harness
            .profile("sanity_random")
            .withEndpoint(URI.create("http://localhost:8000/qwen"))
            .withModel("m");

    // when
    Path raw;
    try (HarnessRun run =
        harness.run(
            profile,
            Executor.local()
                .withSearchPath(List.of(bin))
                .withResultsDirectory(dir.resolve("run"))
                .withEvents(events::add, ctx))) {
      raw = run.await(Duration.ofSeconds(30));
    }

    // then
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(BenchEvent.Type.WORKLOAD_OUTPUT);
              assertThat(e.context()).isEqualTo(ctx);
              assertThat(e.output().source()).isEqualTo("inference-perf");
            })
        .extracting(e -> e.output().line())
        .containsExactly("stage 0 running against http://localhost:8000/qwen", "done");
    assertThat(dir.resolve("run/profile.yaml")).content().contains("path: " + raw.toAbsolutePath());
    assertThat(dir.resolve("run/logs/inference-perf.log")).content().contains("done");
    List<BenchmarkReport> reports = harness.transformer().transform(raw);
    assertThat(reports.get(0).results().requestPerformance().aggregate().requests().total())
        .isEqualTo(json(sample).at("/load_summary/count").asLong());
  }

  @ParameterizedTest(name = "parent exists: {0}")
  @ValueSource(booleans = {true, false})
  void aRelativeResultsDirectoryAndSearchPathWork(boolean parentExists) throws Exception {
    // given: a results directory and a tool directory given relative to the working directory,
    // as in resultsDirectory(Path.of("results/run-2")); the tool refuses relative paths
    Path sample = resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json");
    Path bin =
        standIn(
            "for p in \"$0\" \"$2\"; do case \"$p\" in /*) ;; *) echo \"relative: $p\"; exit 2;; esac; done\n"
                + "test -f \"$2\" || { echo \"no profile at $2\"; exit 3; }\n"
                + "out=$(sed -n 's/^ *path: //p' \"$2\")\n"
                + "case \"$out\" in /*) ;; *) echo \"relative results: $out\"; exit 4;; esac\n"
                + "cp '"
                + sample
                + "' \"$out/stage_0_lifecycle_metrics.json\"\n");
    if (parentExists) {
      Files.createDirectories(dir.resolve("results"));
    }
    Path cwd = Path.of("").toAbsolutePath();
    Path relative = cwd.relativize(dir.resolve("results/run-2"));
    assertThat(relative.isAbsolute()).isFalse();
    var profile =
        harness
            .profile("sanity_random")
            .withEndpoint(URI.create("http://localhost:8000/q"))
            .withModel("m");

    // when
    Path raw;
    try (HarnessRun run =
        harness.run(
            profile,
            Executor.local()
                .withSearchPath(List.of(cwd.relativize(bin)))
                .withResultsDirectory(relative))) {
      raw = run.await(Duration.ofSeconds(30));
    }

    // then
    assertThat(raw).isAbsolute().isEqualTo(dir.resolve("results/run-2/raw"));
    assertThat(dir.resolve("results/run-2/profile.yaml")).content().contains("path: " + raw);
    assertThat(harness.transformer().transform(raw)).hasSize(1);
  }

  @Test
  void aFailingToolReportsExitCodeAndLogTailAndKeepsItsOutput() throws Exception {
    Path bin = standIn("echo loading\necho 'CUDA error: out of memory' >&2\nexit 3\n");
    var profile =
        harness.profile("sanity_random").withEndpoint(URI.create("http://x")).withModel("m");
    try (HarnessRun run =
        harness.run(
            profile,
            Executor.local()
                .withSearchPath(List.of(bin))
                .withResultsDirectory(dir.resolve("run")))) {
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
    var profile =
        harness.profile("sanity_random").withEndpoint(URI.create("http://x")).withModel("m");
    try (HarnessRun run = harness.run(profile, Executor.local().withSearchPath(List.of(bin)))) {
      assertThatThrownBy(() -> run.await(Duration.ofMillis(300)))
          .hasMessageContaining("did not finish within PT0.3S");
    }
  }

  @Test
  void aMissingToolOrProfileErrorIsClearBeforeAnythingRuns() {
    var profile =
        harness.profile("sanity_random").withEndpoint(URI.create("http://x")).withModel("m");
    assertThatThrownBy(
            () ->
                harness.run(
                    profile,
                    Executor.local()
                        .withSearchPath(List.of(dir))
                        .withResultsDirectory(dir.resolve("r"))))
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
                    .withEndpoint(URI.create("http://x"))
                    .withModel("m"),
                Executor.local().withResultsDirectory(dir.resolve("fmperf")))) {
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(30)))
          .isInstanceOfSatisfying(HarnessException.class, e -> assertThat(e.exitCode()).isNotZero())
          .hasMessageContaining("/app");
    }
  }
}
