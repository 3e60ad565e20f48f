package ai.llmd.bench.harness.kube;

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
import ai.llmd.bench.harness.WorkloadProfile;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class KubernetesExecutorTest {
  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path dir;

  private final Harness harness = Harnesses.get("inference-perf");

  private WorkloadProfile profile() {
    return harness
        .profile("sanity_random")
        .withEndpoint(URI.create("http://gw.bench.svc:80/qwen"))
        .withModel("Qwen/Qwen3-0.6B");
  }

  private static byte[] tar(Map<String, byte[]> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      for (var e : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        t.putArchiveEntry(entry);
        t.write(e.getValue());
        t.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  /** Answers the copy (tar over exec) of a pod with a tar stream, as the keeper container would. */
  private void expectCopy(String pod, byte[] tar) {
    byte[] frame = new byte[tar.length + 1];
    frame[0] = 1; // stdout channel
    System.arraycopy(tar, 0, frame, 1, tar.length);
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/bench/pods/"
                + pod
                + "/exec?command=tar&command=-cf&command=-&command=-C&command=%2Fresults&command=.&container=keeper&stdout=true")
        .andUpgradeToWebSocket()
        .open(new WebSocketMessage(frame, true), new StatusStreamMessage(0))
        .done()
        .always();
  }

  private String jobName() {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace("bench")
        .list()
        .getItems()
        .get(0)
        .getMetadata()
        .getName();
  }

  /** The tool finishes in the pod: init container terminated with an exit code. */
  private void finish(String job, String pod, int exit) {
    finish(job, pod, exit, "0");
  }

  private void finish(String job, String pod, int exit, String index) {
    var p =
        client
            .pods()
            .inNamespace("bench")
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(pod)
                    .addToLabels("job-name", job)
                    .addToAnnotations("batch.kubernetes.io/job-completion-index", index)
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("keeper")
                    .withImage("busybox")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    client
        .pods()
        .inNamespace("bench")
        .resource(
            new PodBuilder(p)
                .withNewStatus()
                .withPhase(exit == 0 ? "Running" : "Failed")
                .addNewInitContainerStatus()
                .withName("harness")
                .withNewState()
                .withNewTerminated()
                .withExitCode(exit)
                .endTerminated()
                .endState()
                .endInitContainerStatus()
                .endStatus()
                .build())
        .updateStatus();
  }

  @Test
  void runsAsAJobAndCopiesTheResultsOut() throws Exception {
    // given
    List<BenchEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    BenchEvent.Context ctx = new BenchEvent.Context("exp", "qwen", "base/rate-1/r1");
    Path sample = resource("inference-perf/kubecon2025/stage_0_lifecycle_metrics.json");
    var executor =
        Executor.kubernetes(client, "bench")
            .withHuggingFaceTokenSecret("hf-secret")
            .withResources(
                new ResourceRequirementsBuilder().addToLimits("cpu", new Quantity("2")).build())
            .withNodeSelector(Map.of("pool", "cpu"))
            .withTolerations(
                List.of(
                    new TolerationBuilder().withKey("dedicated").withOperator("Exists").build()))
            .withServiceAccount("bench-harness")
            .withEvents(events::add, ctx)
            .withResultsDirectory(dir);

    // when
    try (HarnessRun run = harness.run(profile(), executor)) {
      String job = jobName();
      expectCopy(
          job + "-0", tar(Map.of("./stage_0_lifecycle_metrics.json", Files.readAllBytes(sample))));
      server
          .expect()
          .get()
          .withPath(
              "/api/v1/namespaces/bench/pods/"
                  + job
                  + "-0/log?pretty=false&container=harness&follow=true")
          .andReturn(200, "Stage 0 - run started\nusing --api-key sk-live-0123456789abcdef\n")
          .always();
      finish(job, job + "-0", 0);
      Path raw = run.await(Duration.ofSeconds(20));

      // then: the tool's log lines came as output events of the pod, secrets scrubbed
      for (int i = 0; i < 200 && events.size() < 2; i++) {
        Thread.sleep(50); // the log is followed on a client thread
      }
      assertThat(events)
          .allSatisfy(
              e -> {
                assertThat(e.type()).isEqualTo(BenchEvent.Type.WORKLOAD_OUTPUT);
                assertThat(e.context()).isEqualTo(ctx);
                assertThat(e.output().source()).isEqualTo("pod/" + job + "-0");
              })
          .extracting(e -> e.output().line())
          .containsExactly("Stage 0 - run started", "using --api-key <redacted>");

      // then: the Job as specified
      Job j = client.batch().v1().jobs().inNamespace("bench").withName(job).get();
      var pod = j.getSpec().getTemplate().getSpec();
      var tool = pod.getInitContainers().get(0);
      assertThat(tool.getImage()).isEqualTo("quay.io/inference-perf/inference-perf:latest");
      assertThat(tool.getCommand()).containsExactly("inference-perf");
      assertThat(tool.getArgs()).containsExactly("--config_file", "/etc/llmd-bench/profile.yaml");
      assertThat(tool.getEnv().get(0).getValueFrom().getSecretKeyRef().getName())
          .isEqualTo("hf-secret");
      assertThat(tool.getResources().getLimits()).containsKey("cpu");
      assertThat(pod.getNodeSelector()).containsEntry("pool", "cpu");
      assertThat(pod.getTolerations()).hasSize(1);
      assertThat(pod.getServiceAccountName()).isEqualTo("bench-harness");
      assertThat(pod.getRestartPolicy()).isEqualTo("Never");
      assertThat(j.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "llmd-bench");
      String config =
          client
              .configMaps()
              .inNamespace("bench")
              .withName(job)
              .get()
              .getData()
              .get("profile.yaml");
      assertThat(config)
          .contains("base_url: http://gw.bench.svc:80/qwen")
          .contains("path: /results");
      // and the results came back, and transform
      assertThat(raw.resolve("stage_0_lifecycle_metrics.json")).exists();
      var reports = harness.transformer().transform(raw);
      assertThat(reports.get(0).results().requestPerformance().aggregate().requests().total())
          .isEqualTo(json(sample).at("/load_summary/count").asLong());
    }
    // close() removed the Job and the ConfigMap
    assertThat(client.batch().v1().jobs().inNamespace("bench").list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace("bench").list().getItems()).isEmpty();
  }

  @Test
  void parallelPodsEachGetTheirOwnResultsDirectory() throws Exception {
    try (HarnessRun run =
        harness.run(
            profile(),
            Executor.kubernetes(client, "bench").withParallelism(2).withResultsDirectory(dir))) {
      String job = jobName();
      Job j = client.batch().v1().jobs().inNamespace("bench").withName(job).get();
      assertThat(j.getSpec().getParallelism()).isEqualTo(2);
      assertThat(j.getSpec().getCompletions()).isEqualTo(2);
      assertThat(j.getSpec().getCompletionMode()).isEqualTo("Indexed");
      for (int i = 0; i < 2; i++) {
        expectCopy(
            job + "-" + i,
            tar(Map.of("./stage_0_lifecycle_metrics.json", ("{\"pod\": " + i + "}").getBytes())));
      }
      finish(job, job + "-0", 0, "0");
      finish(job, job + "-1", 0, "1");
      Path raw = run.await(Duration.ofSeconds(20));
      assertThat(raw.resolve("pod-0/stage_0_lifecycle_metrics.json"))
          .content()
          .contains("\"pod\": 0");
      assertThat(raw.resolve("pod-1/stage_0_lifecycle_metrics.json"))
          .content()
          .contains("\"pod\": 1");
    }
  }

  @Test
  void everyHarnessGetsItsCommandAndAClaimCanHoldTheResults() {
    var executor = Executor.kubernetes(client, "bench").withResultsClaim("bench-results");
    var guidellm = Harnesses.get("guidellm");
    try (HarnessRun run =
        guidellm.run(
            guidellm.profile("rate_sweep").withEndpoint(URI.create("http://gw/q")).withModel("m"),
            executor)) {
      var pod =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace("bench")
              .list()
              .getItems()
              .get(0)
              .getSpec()
              .getTemplate()
              .getSpec();
      var tool = pod.getInitContainers().get(0);
      assertThat(tool.getImage()).isEqualTo("ghcr.io/vllm-project/guidellm:latest");
      assertThat(tool.getCommand()).containsExactly("guidellm");
      assertThat(tool.getArgs())
          .containsSequence("run", "--scenario", "/etc/llmd-bench/profile.yaml")
          .contains("kind=json,path=/results/results.json");
      assertThat(
              pod.getVolumes().stream()
                  .filter(v -> v.getName().equals("results"))
                  .findFirst()
                  .orElseThrow()
                  .getPersistentVolumeClaim()
                  .getClaimName())
          .isEqualTo("bench-results");
    }
    client.batch().v1().jobs().inNamespace("bench").delete();
    var vllm = Harnesses.get("vllm-benchmark");
    try (HarnessRun run =
        vllm.run(
            vllm.profile("concurrent").withEndpoint(URI.create("http://gw/q")).withModel("m"),
            Executor.kubernetes(client, "bench"))) {
      var tool =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace("bench")
              .list()
              .getItems()
              .get(0)
              .getSpec()
              .getTemplate()
              .getSpec()
              .getInitContainers()
              .get(0);
      assertThat(tool.getImage()).isEqualTo("vllm/vllm-openai:latest");
      assertThat(tool.getCommand()).containsExactly("vllm");
      assertThat(tool.getArgs())
          .startsWith("bench", "serve")
          .contains("--base-url=http://gw/q", "--max-concurrency=32", "--result-dir=/results");
    }
  }

  @Test
  void aTarEntryLeavingTheTargetIsRefused() throws Exception {
    try (HarnessRun run =
        harness.run(profile(), Executor.kubernetes(client, "bench").withResultsDirectory(dir))) {
      String job = jobName();
      expectCopy(job + "-0", tar(Map.of("../../escaped.txt", "x".getBytes())));
      finish(job, job + "-0", 0);
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(20)))
          .isInstanceOf(HarnessException.class)
          .hasMessageContaining("outside")
          .hasMessageContaining("refused");
    }
    assertThat(dir.getParent().resolve("escaped.txt")).doesNotExist();
  }

  @Test
  void aFailedToolReportsItsExitCodeAndKeepsWhatWasCopied() throws Exception {
    try (HarnessRun run =
        harness.run(profile(), Executor.kubernetes(client, "bench").withResultsDirectory(dir))) {
      String job = jobName();
      expectCopy(job + "-0", tar(Map.of("./partial.json", "{}".getBytes())));
      finish(job, job + "-0", 2);
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(20)))
          .isInstanceOfSatisfying(
              HarnessException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
          .hasMessageContaining("phase Failed");
      assertThat(dir.resolve("raw/partial.json")).exists();
    }
  }

  @Test
  void aTimeoutSaysWhatThePodsWereDoing() {
    try (HarnessRun run =
        harness.run(profile(), Executor.kubernetes(client, "bench").withResultsDirectory(dir))) {
      assertThatThrownBy(() -> run.await(Duration.ofMillis(500)))
          .isInstanceOf(HarnessException.class)
          .hasMessageContaining("did not finish within PT0.5S")
          .hasMessageContaining("no pod was created");
    }
  }

  @Test
  void aMissingImageIsAnErrorBeforeAnythingIsCreated() {
    assertThatThrownBy(
            () ->
                harness.run(
                    profile(),
                    Executor.kubernetes(client, "bench").withImage("inference-perf", " ")))
        .hasMessageContaining("no image for harness inference-perf");
    assertThat(client.batch().v1().jobs().inNamespace("bench").list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace("bench").list().getItems()).isEmpty();
  }

  @Test
  void fmperfRunsItsLmBenchmarkEvaluationAsAJobAndItsCsvsTransform() throws Exception {
    // given
    Harness fmperf = Harnesses.get("fmperf");
    WorkloadProfile profile =
        fmperf
            .profile("sanity_random")
            .withEndpoint(URI.create("http://gw.bench.svc:80/qwen"))
            .withModel("Qwen/Qwen3-0.6B");
    Path csv = resource("fmperf/llmd-LMBench_sharegpt_output_0.5.csv");
    long rows = Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank()).count();

    // when
    try (HarnessRun run =
        fmperf.run(
            profile,
            Executor.kubernetes(client, "bench")
                .withHuggingFaceTokenSecret("hf-secret")
                .withResultsDirectory(dir))) {
      String job = jobName();
      // short-input writes <key>_short_input_qps<qps>.csv
      expectCopy(
          job + "-0",
          tar(
              Map.of(
                  "./LMBench_short_input_qps0.5.csv",
                  Files.readAllBytes(csv),
                  "./hf_cache/ignored.txt",
                  "x".getBytes())));
      finish(job, job + "-0", 0);
      Path raw = run.await(Duration.ofSeconds(20));

      // then: the Job fmperf's Cluster.evaluate would create for an LMBenchmarkWorkload
      var tool =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace("bench")
              .withName(job)
              .get()
              .getSpec()
              .getTemplate()
              .getSpec()
              .getInitContainers()
              .get(0);
      assertThat(tool.getImage()).isEqualTo("lmcache/lmcache-benchmark:latest");
      assertThat(tool.getCommand()).containsExactly("/bin/bash");
      assertThat(tool.getArgs().get(0)).isEqualTo("-ce");
      assertThat(tool.getArgs().get(1))
          .contains(". .venv/bin/activate")
          .contains(
              "/app/run_benchmarks.sh \"$MODEL\" \"$BASE_URL\" \"$SAVE_FILE_KEY\" $SCENARIOS $QPS_VALUES");
      Map<String, String> env = new java.util.HashMap<>();
      tool.getEnv().stream()
          .filter(e -> e.getValue() != null)
          .forEach(e -> env.put(e.getName(), e.getValue()));
      assertThat(env)
          .containsEntry("MODEL", "Qwen/Qwen3-0.6B")
          .containsEntry("BASE_URL", "http://gw.bench.svc:80/qwen")
          .containsEntry("SAVE_FILE_KEY", "/results/LMBench")
          .containsEntry("SCENARIOS", "short-input")
          .containsEntry("QPS_VALUES", "0.5")
          .containsEntry("NUM_USERS", "4")
          .containsEntry("NUM_ROUNDS", "2")
          .containsEntry("TEST_DURATION", "30")
          .containsEntry("USE_CHAT_COMPLETIONS", "False")
          .doesNotContainKey("HF_TOKEN");
      var token =
          tool.getEnv().stream()
              .filter(e -> e.getName().equals("HF_TOKEN"))
              .findFirst()
              .orElseThrow();
      assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf-secret");
      assertThat(token.getValue()).isNull();

      // and the CSVs come back into raw/ and transform like any other run
      assertThat(raw.resolve("LMBench_short_input_qps0.5.csv")).exists();
      var reports = fmperf.transformer().transform(raw);
      assertThat(reports).hasSize(1);
      var report = reports.get(0);
      assertThat(report.scenario().load().standardized().rateQps()).isEqualTo(0.5);
      assertThat(report.results().requestPerformance().aggregate().requests().total())
          .isEqualTo(rows);
    }
  }

  @Test
  void aBadFmperfProfileIsRefusedNamingTheKeyBeforeAnythingIsCreated() {
    Harness fmperf = Harnesses.get("fmperf");
    WorkloadProfile profile =
        fmperf
            .profile("sanity_random")
            .withEndpoint(URI.create("http://gw/q"))
            .withModel("m")
            .withValue("qps_values", "0.5 $(touch /x)");
    assertThatThrownBy(() -> fmperf.run(profile, Executor.kubernetes(client, "bench")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("qps_values")
        .hasMessageContaining("'$(touch'");
    WorkloadProfile scenario =
        fmperf
            .profile("sanity_random")
            .withEndpoint(URI.create("http://gw/q"))
            .withModel("m")
            .withValue("scenarios", "short-input chit-chat");
    assertThatThrownBy(() -> fmperf.run(scenario, Executor.kubernetes(client, "bench")))
        .hasMessageContaining("scenarios: 'chit-chat' is not one of");
    assertThat(client.batch().v1().jobs().inNamespace("bench").list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace("bench").list().getItems()).isEmpty();
  }

  @Test
  void aParallelPodWithoutOutputIsNamedAndTheOthersAreMerged() throws Exception {
    // given: three fmperf pods; the output of the second cannot be copied
    Harness fmperf = Harnesses.get("fmperf");
    WorkloadProfile profile =
        fmperf.profile("sanity_random").withEndpoint(URI.create("http://gw/q")).withModel("m");
    List<String> lines =
        Files.readAllLines(resource("fmperf/llmd-LMBench_sharegpt_output_0.5.csv")).stream()
            .filter(l -> !l.isBlank())
            .toList();
    String csv0 = String.join("\n", lines.subList(0, 11)) + "\n";
    String csv2 = lines.get(0) + "\n" + String.join("\n", lines.subList(11, 21)) + "\n";
    try (HarnessRun run =
        fmperf.run(
            profile,
            Executor.kubernetes(client, "bench").withParallelism(3).withResultsDirectory(dir))) {
      String job = jobName();
      expectCopy(job + "-0", tar(Map.of("./LMBench_short_input_qps0.5.csv", csv0.getBytes())));
      expectCopy(job + "-2", tar(Map.of("./LMBench_short_input_qps0.5.csv", csv2.getBytes())));
      for (int i = 0; i < 3; i++) {
        finish(job, job + "-" + i, 0, String.valueOf(i));
      }

      // when / then: the error names the pod
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(20)))
          .isInstanceOf(HarnessException.class)
          .hasMessageContaining("pod " + job + "-1 (pod-1): cannot copy its results")
          .hasMessageContaining("transform merges them without it");

      // and the other two pods merge into one report that says pod-1 is missing
      var reports = fmperf.transformer().transform(dir.resolve("raw"));
      assertThat(reports).hasSize(1);
      var report = reports.get(0);
      assertThat(report.results().requestPerformance().aggregate().requests().total())
          .isEqualTo(20);
      assertThat(report.scenario().load().standardized().parallelism()).isEqualTo(2);
      assertThat(report.scenario().load().standardized().rateQps()).isEqualTo(1.0);
      @SuppressWarnings("unchecked")
      var parallel =
          (Map<String, Object>)
              ((Map<String, Object>) report.scenario().load().nativeConfig().config())
                  .get("parallel");
      assertThat(parallel.get("pods")).isEqualTo(List.of("pod-0", "pod-2"));
      assertThat(((Map<?, ?>) parallel.get("missing")).keySet().toString()).isEqualTo("[pod-1]");
      assertThat(parallel.get("note").toString())
          .contains("missing pods (not in these numbers): [pod-1]");
    }
  }
}
