package ai.llmd.bench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.testkit.HelmMockServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelDownloadTest {
  private static final String TOKEN = "hf_secretvalue123";
  private HelmMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = HelmMockServer.start();
    client = server.client();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void tokenSecret(String key) {
    client
        .secrets()
        .inNamespace("bench")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("hf-secret")
                .endMetadata()
                .addToStringData(key, TOKEN)
                .build())
        .create();
  }

  private void claim(String size) {
    client
        .persistentVolumeClaims()
        .inNamespace("bench")
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("model-cache")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteMany")
                .withNewResources()
                .addToRequests("storage", new Quantity(size))
                .endResources()
                .endSpec()
                .withNewStatus()
                .withPhase("Bound")
                .addToCapacity("storage", new Quantity(size))
                .endStatus()
                .build())
        .create();
  }

  private ModelDownload download() {
    return ModelDownload.builder()
        .kubernetes(client)
        .namespace("bench")
        .model("Qwen/Qwen3-0.6B")
        .claim("model-cache")
        .timeout(Duration.ofSeconds(30));
  }

  private Job awaitJob() throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      List<Job> jobs = client.batch().v1().jobs().inNamespace("bench").list().getItems();
      if (!jobs.isEmpty()) {
        return jobs.get(0);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no Job created");
  }

  /** Plays the Job controller and kubelet: a running pod with a log, then the Job's outcome. */
  private void runPod(Job job, String log, boolean succeed) {
    String pod = job.getMetadata().getName() + "-x7k2p";
    for (String query :
        List.of(
            "?pretty=false&follow=true",
            "?pretty=false&tailLines=200",
            "?pretty=false&tailLines=30")) {
      server
          .server()
          .expect()
          .get()
          .withPath("/api/v1/namespaces/bench/pods/" + pod + "/log" + query)
          .andReturn(200, log)
          .always();
    }
    client
        .pods()
        .inNamespace("bench")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace("bench")
                .addToLabels("job-name", job.getMetadata().getName())
                .withCreationTimestamp("2026-12-01T15:00:00Z")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("download")
                .withImage("python")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase(succeed ? "Succeeded" : "Failed")
                .endStatus()
                .build())
        .create();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace("bench")
        .resource(
            new JobBuilder(job)
                .withNewStatus()
                .withSucceeded(succeed ? 1 : 0)
                .withFailed(succeed ? 0 : 3)
                .addToConditions(
                    new JobConditionBuilder()
                        .withType(succeed ? "Complete" : "Failed")
                        .withStatus("True")
                        .build())
                .endStatus()
                .build())
        .updateStatus();
  }

  @Test
  void createsTheClaimRunsAJobWithTheTokenByReferenceAndReturnsAPvcUri() throws Exception {
    tokenSecret("HF_TOKEN");
    List<BenchEvent> events = new CopyOnWriteArrayList<>();
    BenchEvent.Context ctx = new BenchEvent.Context("exp", "qwen", null);
    CompletableFuture<ModelDownload.Result> running =
        CompletableFuture.supplyAsync(
            () ->
                download()
                    .createClaim("50Gi", "cephfs")
                    .tokenSecret("hf-secret")
                    .modelSize("2Gi")
                    .listener(events::add, ctx)
                    .run());
    Job job = awaitJob();

    PersistentVolumeClaim pvc =
        client.persistentVolumeClaims().inNamespace("bench").withName("model-cache").get();
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("cephfs");
    assertThat(pvc.getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("50Gi"));
    var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    EnvVar token =
        container.getEnv().stream()
            .filter(e -> e.getName().equals("HF_TOKEN"))
            .findFirst()
            .orElseThrow();
    assertThat(token.getValue()).isNull();
    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf-secret");
    assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("HF_TOKEN");
    assertThat(Reports.jsonMapper().writeValueAsString(job)).doesNotContain(TOKEN);
    assertThat(container.getEnv())
        .extracting(EnvVar::getName)
        .contains("HF_MODEL_ID", "MODEL_PATH", "MOUNT_PATH");
    assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(container.getCommand().get(2)).contains(ModelDownload.MARKER).doesNotContain("Qwen");
    assertThat(
            job.getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes()
                .get(0)
                .getPersistentVolumeClaim()
                .getClaimName())
        .isEqualTo("model-cache");
    assertThat(running).isNotDone();

    runPod(
        job,
        "Fetching 3 files:  33%|###       | 1/3\rFetching 3 files: 100%|##########| 3/3\n"
            + "llmd-bench: download complete: /cache/models/Qwen/Qwen3-0.6B\n",
        true);
    ModelDownload.Result r = running.get(30, TimeUnit.SECONDS);

    assertThat(r.skipped()).isFalse();
    assertThat(r.uri()).isEqualTo("pvc://model-cache/models/Qwen/Qwen3-0.6B");
    // the Job's log lines come as events (a tqdm bar's redraws each as a line)
    assertThat(events)
        .filteredOn(e -> e.type() == BenchEvent.Type.MODEL_DOWNLOAD_OUTPUT)
        .extracting(e -> e.output().line())
        .contains(
            "Fetching 3 files: 100%|##########| 3/3",
            "llmd-bench: download complete: /cache/models/Qwen/Qwen3-0.6B");
    assertThat(events).allSatisfy(e -> assertThat(e.context()).isEqualTo(ctx));
    assertThat(events.get(0).type()).isEqualTo(BenchEvent.Type.MODEL_DOWNLOADING);
    BenchEvent last = events.get(events.size() - 1);
    assertThat(last.type()).isEqualTo(BenchEvent.Type.MODEL_DOWNLOADED);
    assertThat(last.message()).contains("downloaded to pvc://model-cache/models/Qwen/Qwen3-0.6B");
    assertThat(last.elapsed()).isNotNull();
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace("bench")
                .withName(job.getMetadata().getName())
                .get())
        .isNull();
  }

  @Test
  void aModelAlreadyCompleteOnTheClaimIsReportedAsSkipped() throws Exception {
    claim("100Gi");
    List<BenchEvent> events = new CopyOnWriteArrayList<>();
    CompletableFuture<ModelDownload.Result> running =
        CompletableFuture.supplyAsync(() -> download().listener(events::add).run());
    Job job = awaitJob();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("HF_TOKEN");
    runPod(job, ModelDownload.SKIP_LINE + ": /cache/models/Qwen/Qwen3-0.6B\n", true);
    ModelDownload.Result r = running.get(30, TimeUnit.SECONDS);
    assertThat(r.skipped()).isTrue();
    assertThat(r.path()).isEqualTo("models/Qwen/Qwen3-0.6B");
    assertThat(events)
        .filteredOn(e -> e.type() == BenchEvent.Type.MODEL_DOWNLOADED)
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("already complete"));
  }

  @Test
  void aFailedJobRaisesWithItsLogTailAndIsKept() throws Exception {
    claim("100Gi");
    CompletableFuture<ModelDownload.Result> running =
        CompletableFuture.supplyAsync(() -> download().run());
    Job job = awaitJob();
    runPod(job, "huggingface_hub.errors.GatedRepoError: 401 Client Error\n", false);
    assertThatThrownBy(() -> running.join())
        .hasCauseInstanceOf(ModelDownloadException.class)
        .hasMessageContaining("download of Qwen/Qwen3-0.6B failed")
        .hasMessageContaining("GatedRepoError");
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace("bench")
                .withName(job.getMetadata().getName())
                .get())
        .isNotNull();
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsCreated() {
    for (String id :
        List.of("Qwen/Qwen3 0.6B", "../etc/passwd", "a/b/c", "Qwen//x", "-bad/x", "a--b/c")) {
      assertThatThrownBy(() -> download().model(id).createClaim("10Gi", null).run())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid model id '" + id + "'");
    }
    assertThatThrownBy(() -> download().run())
        .hasMessageContaining("claim model-cache not found in bench")
        .hasMessageContaining("createClaim(size, storageClass)");
    assertThatThrownBy(() -> download().createClaim("10Gi", null).modelSize("16Gi").run())
        .hasMessageContaining("claim model-cache (10Gi) is too small for Qwen/Qwen3-0.6B (16Gi)");
    assertThatThrownBy(() -> download().createClaim("lots", null).run())
        .hasMessageContaining("createClaim size: not a quantity 'lots'");
    assertThatThrownBy(() -> download().createClaim("10Gi", null).tokenSecret("hf-secret").run())
        .hasMessageContaining("token Secret hf-secret not found in bench");
    assertThat(client.persistentVolumeClaims().inNamespace("bench").list().getItems()).isEmpty();

    claim("10Gi");
    assertThatThrownBy(() -> download().modelSize("16Gi").run())
        .hasMessageContaining("claim model-cache (10Gi) is too small");
    tokenSecret("token");
    assertThatThrownBy(() -> download().tokenSecret("hf-secret").run())
        .hasMessageContaining("token Secret hf-secret in bench has no key HF_TOKEN");
    assertThat(client.batch().v1().jobs().inNamespace("bench").list().getItems()).isEmpty();
  }
}
