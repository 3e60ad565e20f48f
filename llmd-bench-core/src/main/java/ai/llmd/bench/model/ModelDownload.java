package ai.llmd.bench.model;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.io.Hashes;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a Hugging Face model to a PersistentVolumeClaim with a Job (upstream's {@code
 * download_model}), so that model servers mount it instead of downloading at start. The claim is
 * created when asked (size, storage class, ReadWriteMany by default); the token comes from a Secret
 * by {@code secretKeyRef} and never passes through this JVM. The Job writes a marker file after the
 * last byte: a model with the marker is skipped, a directory without it (a download that was cut
 * short) is removed and downloaded again. Progress comes as events: {@code MODEL_DOWNLOADING}, each
 * line of the Job's log as {@code MODEL_DOWNLOAD_OUTPUT} (the download tool's progress), and {@code
 * MODEL_DOWNLOADED}.
 *
 * <pre>{@code
 * ModelDownload.Result r = ModelDownload.builder()
 *     .kubernetes(client).namespace("bench")
 *     .model("Qwen/Qwen3-0.6B")
 *     .claim("model-cache").createClaim("300Gi", "ocs-storagecluster-cephfs")
 *     .tokenSecret("hf-secret")
 *     .listener(new ConsoleListener(System.out))
 *     .run();
 * ModelServiceSpec ms = ModelServiceSpec.of("Qwen/Qwen3-0.6B").withModelUri(r.uri()); // pvc://model-cache/models/Qwen/Qwen3-0.6B
 * }</pre>
 */
public final class ModelDownload {
  private static final Logger log = LoggerFactory.getLogger(ModelDownload.class);

  /** Marker file the Job writes in the model directory once the download is complete. */
  public static final String MARKER = ".llmd-bench-complete";

  /** Where the claim is mounted in the Job. */
  static final String MOUNT = "/cache";

  /** Line the Job prints when the marker was already there. */
  static final String SKIP_LINE = "llmd-bench: model already complete";

  /** Line the Job prints when it found a directory without the marker. */
  static final String REDO_LINE = "llmd-bench: incomplete download found, downloading again";

  /** Hugging Face repository ids: {@code [owner/]name}, letters, digits, {@code . _ -}. */
  private static final Pattern MODEL_ID =
      Pattern.compile("^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}$");

  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  static final String SCRIPT =
      """
      set -eu
      DIR="$MOUNT_PATH/$MODEL_PATH"
      if [ -f "$DIR/%1$s" ]; then
        echo "%2$s: $DIR"
        exit 0
      fi
      if [ -d "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then
        echo "%3$s: $DIR"
        rm -rf "$DIR"
      fi
      mkdir -p "$DIR"
      pip install --quiet --no-cache-dir --disable-pip-version-check huggingface_hub
      if [ -n "${HF_REVISION:-}" ]; then
        hf download "$HF_MODEL_ID" --revision "$HF_REVISION" --local-dir "$DIR"
      else
        hf download "$HF_MODEL_ID" --local-dir "$DIR"
      fi
      date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ > "$DIR/%1$s"
      echo "llmd-bench: download complete: $DIR"
      """
          .formatted(MARKER, SKIP_LINE, REDO_LINE);

  /**
   * The outcome.
   *
   * @param uri {@code pvc://<claim>/models/<model>}, for {@code ModelServiceSpec.modelUri}
   * @param claim the claim
   * @param path the model's directory inside the claim
   * @param skipped whether the model was already complete there
   * @param job the Job that ran (deleted once it finished)
   */
  public record Result(String uri, String claim, String path, boolean skipped, String job) {}

  private KubernetesClient client;
  private String namespace = "default";
  private String model;
  private String revision;
  private String claim = "model-cache";
  private String createSize;
  private String storageClass;
  private String accessMode = "ReadWriteMany";
  private String tokenSecret;
  private String tokenKey = "HF_TOKEN";
  private String modelSize;
  private String image = "python:3.12-slim";
  private int backoffLimit = 2;
  private Duration timeout = Duration.ofHours(2);
  private EventListener listener = EventListener.NOOP;
  private BenchEvent.Context context = BenchEvent.Context.NONE;

  private ModelDownload() {}

  /** Starts a download; see the class documentation for an example. */
  public static ModelDownload builder() {
    return new ModelDownload();
  }

  /** The cluster (default: the default kubeconfig). */
  public ModelDownload kubernetes(KubernetesClient client) {
    this.client = client;
    return this;
  }

  /** The namespace of the claim, Secret and Job (default {@code default}); checked on run. */
  public ModelDownload namespace(String namespace) {
    this.namespace = namespace;
    return this;
  }

  /** The Hugging Face model id, e.g. {@code Qwen/Qwen3-0.6B}. */
  public ModelDownload model(String id) {
    this.model = id;
    return this;
  }

  /** A branch, tag or commit of the model repository (default: its main branch). */
  public ModelDownload revision(String revision) {
    this.revision = revision;
    return this;
  }

  /** The claim to download into (default {@code model-cache}). */
  public ModelDownload claim(String name) {
    this.claim = name;
    return this;
  }

  /**
   * Creates the claim when it does not exist, with this size (e.g. {@code 300Gi}) and storage class
   * ({@code null}: the cluster's default).
   */
  public ModelDownload createClaim(String size, String storageClassName) {
    this.createSize = size;
    this.storageClass = storageClassName;
    return this;
  }

  /** The access mode of a created claim (default {@code ReadWriteMany}: shared by all servers). */
  public ModelDownload accessMode(String mode) {
    this.accessMode = mode;
    return this;
  }

  /** The Secret holding the token under key {@code HF_TOKEN} (omit for public models). */
  public ModelDownload tokenSecret(String secretName) {
    return tokenSecret(secretName, "HF_TOKEN");
  }

  /** The Secret and key holding the token. */
  public ModelDownload tokenSecret(String secretName, String key) {
    this.tokenSecret = secretName;
    this.tokenKey = key;
    return this;
  }

  /**
   * The model's size when known (e.g. {@code 16Gi}): a claim smaller than that is refused before
   * anything is created.
   */
  public ModelDownload modelSize(String size) {
    this.modelSize = size;
    return this;
  }

  /** The Job's image; it needs {@code sh} and {@code pip} (default {@code python:3.12-slim}). */
  public ModelDownload image(String image) {
    this.image = image;
    return this;
  }

  /** Retries of the Job's pod (default 2). */
  public ModelDownload backoffLimit(int retries) {
    this.backoffLimit = retries;
    return this;
  }

  /** How long {@link #run()} waits for the Job (default 2 hours). */
  public ModelDownload timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /**
   * Receives the download's events: {@code MODEL_DOWNLOADING}, the Job's log lines as they come as
   * {@code MODEL_DOWNLOAD_OUTPUT} (the download tool's progress), {@code MODEL_DOWNLOADED}.
   */
  public ModelDownload listener(EventListener listener) {
    return listener(listener, context);
  }

  /** Receives the download's events, in {@code context}. */
  public ModelDownload listener(EventListener listener, BenchEvent.Context context) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.context = context == null ? BenchEvent.Context.NONE : context;
    return this;
  }

  /** The model's directory inside the claim: {@code models/<model id>}. */
  public String path() {
    return "models/" + model;
  }

  /** The URI model servers use: {@code pvc://<claim>/models/<model id>}. */
  public String uri() {
    return "pvc://" + claim + "/" + path();
  }

  /**
   * Checks the input and the cluster (claim, size, token Secret), creates the claim when asked,
   * runs the Job and waits for it.
   *
   * @throws IllegalArgumentException for bad input or a cluster that does not fit (missing claim or
   *     Secret, claim too small); nothing is created then
   * @throws ModelDownloadException when the Job fails or does not finish within the timeout
   */
  public Result run() {
    validate();
    KubernetesClient k = client != null ? client : new KubernetesClientBuilder().build();
    PersistentVolumeClaim existing =
        k.persistentVolumeClaims().inNamespace(namespace).withName(claim).get();
    checkClaim(existing);
    checkToken(k);
    if (existing == null) {
      k.persistentVolumeClaims().inNamespace(namespace).resource(newClaim()).create();
      log.info("Created claim {} ({}, {}) in {}", claim, createSize, accessMode, namespace);
    }
    String name = jobName();
    var jobs = k.batch().v1().jobs().inNamespace(namespace);
    Job running = jobs.withName(name).get();
    if (running != null && finished(running)) {
      jobs.withName(name)
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
          .delete();
      jobs.withName(name).waitUntilCondition(Objects::isNull, 1, TimeUnit.MINUTES);
      running = null;
    }
    long start = System.nanoTime();
    if (running == null) {
      jobs.resource(job(name)).create();
      log.info("Downloading {} to {} with Job {}", model, uri(), name);
      emit(
          BenchEvent.of(
              BenchEvent.Type.MODEL_DOWNLOADING,
              context,
              model + " to " + uri() + " (Job " + name + ")"));
    } else {
      log.info("A download of {} is already running (Job {}): waiting for it", model, name);
      emit(
          BenchEvent.of(
              BenchEvent.Type.MODEL_DOWNLOADING,
              context,
              model + ": waiting for the running Job " + name));
    }
    LogFollower follower = listener == EventListener.NOOP ? null : new LogFollower(k, name);
    Job done;
    try {
      done =
          jobs.withName(name)
              .waitUntilCondition(
                  j -> j == null || finished(j), timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new ModelDownloadException(
          "download of "
              + model
              + " (Job "
              + name
              + " in "
              + namespace
              + ") did not finish within "
              + timeout,
          logOf(k, name, 30));
    } finally {
      if (follower != null) {
        follower.stop();
      }
    }
    if (done == null) {
      throw new ModelDownloadException(
          "Job " + name + " in " + namespace + " was deleted before it finished", null);
    }
    String logText = logOf(k, name, 200);
    if (follower != null && !follower.delivered() && logText != null) {
      // The pod finished before its log could be followed: pass on what it wrote.
      logText.lines().forEach(follower::deliver);
    }
    if (!succeeded(done)) {
      throw new ModelDownloadException(
          "download of "
              + model
              + " failed (Job "
              + name
              + " in "
              + namespace
              + ", kept for inspection)",
          tail(logText, 30));
    }
    boolean skipped = logText != null && logText.contains(SKIP_LINE);
    jobs.withName(name)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    log.info("{} {} at {}", model, skipped ? "already complete" : "downloaded", uri());
    emit(
        BenchEvent.done(
            BenchEvent.Type.MODEL_DOWNLOADED,
            context,
            model + (skipped ? " already complete at " : " downloaded to ") + uri(),
            Duration.ofNanos(System.nanoTime() - start)));
    return new Result(uri(), claim, path(), skipped, name);
  }

  private void validate() {
    if (model == null
        || !MODEL_ID.matcher(model).matches()
        || model.contains("--")
        || model.contains("..")) {
      throw new IllegalArgumentException(
          "invalid model id '"
              + model
              + "': expected a Hugging Face repository id such as Qwen/Qwen3-0.6B");
    }
    if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
      throw new IllegalArgumentException("invalid namespace '" + namespace + "'");
    }
    if (claim == null || claim.length() > 253 || !DNS_SUBDOMAIN.matcher(claim).matches()) {
      throw new IllegalArgumentException(
          "invalid claim name '" + claim + "': a DNS subdomain, e.g. model-cache");
    }
    if (tokenSecret != null && (tokenKey == null || tokenKey.isBlank())) {
      throw new IllegalArgumentException("tokenSecret needs a key");
    }
    if (revision != null && !revision.matches("[A-Za-z0-9._/-]{1,128}")) {
      throw new IllegalArgumentException("invalid revision '" + revision + "'");
    }
    if (!List.of("ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod").contains(accessMode)) {
      throw new IllegalArgumentException(
          "accessMode must be ReadWriteMany, ReadWriteOnce or ReadWriteOncePod, was " + accessMode);
    }
    bytes(createSize, "createClaim size");
    bytes(modelSize, "modelSize");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
  }

  private static BigDecimal bytes(String size, String field) {
    if (size == null) {
      return null;
    }
    try {
      BigDecimal b = Quantity.getAmountInBytes(new Quantity(size));
      if (b.signum() <= 0) {
        throw new IllegalArgumentException(field + " must be positive, was " + size);
      }
      return b;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(field + ": not a quantity '" + size + "' (e.g. 300Gi)", e);
    }
  }

  private void checkClaim(PersistentVolumeClaim existing) {
    String size;
    if (existing == null) {
      if (createSize == null) {
        throw new IllegalArgumentException(
            "claim "
                + claim
                + " not found in "
                + namespace
                + "; create it first or call createClaim(size, storageClass)");
      }
      size = createSize;
    } else {
      Quantity capacity =
          existing.getStatus() != null && existing.getStatus().getCapacity() != null
              ? existing.getStatus().getCapacity().get("storage")
              : null;
      if (capacity == null
          && existing.getSpec().getResources() != null
          && existing.getSpec().getResources().getRequests() != null) {
        capacity = existing.getSpec().getResources().getRequests().get("storage");
      }
      size = capacity == null ? null : capacity.toString();
    }
    BigDecimal need = bytes(modelSize, "modelSize");
    BigDecimal have = size == null ? null : bytes(size, "claim " + claim + " size");
    if (need != null && have != null && have.compareTo(need) < 0) {
      throw new IllegalArgumentException(
          "claim " + claim + " (" + size + ") is too small for " + model + " (" + modelSize + ")");
    }
  }

  private void checkToken(KubernetesClient k) {
    if (tokenSecret == null) {
      return;
    }
    Secret s = k.secrets().inNamespace(namespace).withName(tokenSecret).get();
    if (s == null) {
      throw new IllegalArgumentException(
          "token Secret "
              + tokenSecret
              + " not found in "
              + namespace
              + " (key "
              + tokenKey
              + " expected)");
    }
    boolean has =
        (s.getData() != null && s.getData().containsKey(tokenKey))
            || (s.getStringData() != null && s.getStringData().containsKey(tokenKey));
    if (!has) {
      throw new IllegalArgumentException(
          "token Secret " + tokenSecret + " in " + namespace + " has no key " + tokenKey);
    }
  }

  private PersistentVolumeClaim newClaim() {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(claim)
        .addToLabels("app.kubernetes.io/managed-by", "llmd-bench")
        .endMetadata()
        .withNewSpec()
        .withAccessModes(accessMode)
        .withVolumeMode("Filesystem")
        .withStorageClassName(storageClass)
        .withNewResources()
        .addToRequests("storage", new Quantity(createSize))
        .endResources()
        .endSpec()
        .build();
  }

  /** A stable name per model and claim, so that a second run finds a running download. */
  String jobName() {
    String base = model.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (base.length() > 30) {
      base = base.substring(0, 30).replaceAll("-+$", "");
    }
    String h = Hashes.sha256(namespace + "/" + claim + "/" + model + "@" + revision);
    return "download-" + base + "-" + h.substring(0, 8);
  }

  Job job(String name) {
    Map<String, String> labels =
        Map.of(
            "app.kubernetes.io/managed-by", "llmd-bench", "llmd-bench/function", "download-model");
    var env = new java.util.ArrayList<io.fabric8.kubernetes.api.model.EnvVar>();
    env.add(new EnvVarBuilder().withName("HF_MODEL_ID").withValue(model).build());
    env.add(new EnvVarBuilder().withName("MODEL_PATH").withValue(path()).build());
    env.add(new EnvVarBuilder().withName("MOUNT_PATH").withValue(MOUNT).build());
    env.add(new EnvVarBuilder().withName("HF_HOME").withValue("/tmp/huggingface").build());
    env.add(new EnvVarBuilder().withName("HOME").withValue("/tmp").build());
    env.add(new EnvVarBuilder().withName("HF_HUB_DISABLE_TELEMETRY").withValue("1").build());
    if (revision != null) {
      env.add(new EnvVarBuilder().withName("HF_REVISION").withValue(revision).build());
    }
    if (tokenSecret != null) {
      env.add(
          new EnvVarBuilder()
              .withName("HF_TOKEN")
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(tokenSecret)
              .withKey(tokenKey)
              .withOptional(false)
              .endSecretKeyRef()
              .endValueFrom()
              .build());
    }
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .addToAnnotations("llmd-bench/model", model)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(backoffLimit)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("OnFailure")
        .addNewContainer()
        .withName("download")
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withCommand("sh", "-c", SCRIPT)
        .withEnv(env)
        .addNewVolumeMount()
        .withName("models")
        .withMountPath(MOUNT)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("models")
        .withNewPersistentVolumeClaim()
        .withClaimName(claim)
        .endPersistentVolumeClaim()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static boolean finished(Job j) {
    return succeeded(j) || condition(j, "Failed");
  }

  private static boolean succeeded(Job j) {
    return condition(j, "Complete")
        || (j.getStatus() != null
            && j.getStatus().getSucceeded() != null
            && j.getStatus().getSucceeded() > 0);
  }

  private static boolean condition(Job j, String type) {
    return j.getStatus() != null
        && j.getStatus().getConditions() != null
        && j.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The log of the Job's newest pod, or {@code null}. */
  private String logOf(KubernetesClient k, String job, int lines) {
    Pod p = newestPod(k, job);
    if (p == null) {
      return null;
    }
    try {
      return k.pods()
          .inNamespace(namespace)
          .withName(p.getMetadata().getName())
          .tailingLines(lines)
          .getLog();
    } catch (RuntimeException e) {
      return "(log unavailable: " + e.getMessage() + ")";
    }
  }

  private Pod newestPod(KubernetesClient k, String job) {
    return k.pods().inNamespace(namespace).withLabel("job-name", job).list().getItems().stream()
        .max(
            java.util.Comparator.comparing(
                p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
        .orElse(null);
  }

  private static String tail(String text, int lines) {
    if (text == null) {
      return null;
    }
    String[] all = text.split("\n");
    return String.join(
        "\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
  }

  private void emit(BenchEvent e) {
    EventListener.safely(listener, e);
  }

  /** Follows the Job pod's log once the pod runs, passing lines to the listener (best effort). */
  private final class LogFollower {
    private final java.util.concurrent.CompletableFuture<List<Pod>> running;
    private final java.util.concurrent.CompletableFuture<Void> reading;
    private volatile LogWatch watch;
    private volatile boolean delivered;
    private final String job;

    LogFollower(KubernetesClient k, String job) {
      this.job = job;
      running =
          k.pods()
              .inNamespace(namespace)
              .withLabel("job-name", job)
              .informOnCondition(
                  pods ->
                      pods.stream()
                          .anyMatch(
                              p ->
                                  p.getStatus() != null
                                      && p.getStatus().getPhase() != null
                                      && !"Pending".equals(p.getStatus().getPhase())));
      reading = running.thenAcceptAsync(pods -> follow(k, job, pods.get(0)));
    }

    private void follow(KubernetesClient k, String job, Pod pod) {
      try {
        watch = k.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).watchLog();
        try (BufferedReader r =
            new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            deliver(line);
          }
        }
      } catch (IOException | RuntimeException e) {
        log.debug("Progress of {} unavailable: {}", job, e.getMessage());
      }
    }

    /** Passes a log line on; tqdm redraws its bar with carriage returns: the latest state. */
    void deliver(String line) {
      String[] parts = line.split("\r");
      delivered = true;
      emit(
          BenchEvent.output(
              BenchEvent.Type.MODEL_DOWNLOAD_OUTPUT,
              context,
              "job/" + job,
              parts[parts.length - 1]));
    }

    boolean delivered() {
      return delivered;
    }

    /** Lets the log end (the pod has finished), then stops following. */
    void stop() {
      running.cancel(true);
      try {
        reading.get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException
          | java.util.concurrent.CancellationException e) {
        // best effort
      }
      LogWatch w = watch;
      if (w != null) {
        w.close();
      }
    }
  }
}
