package ai.llmd.bench.harness;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.kube.TarExtract;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a harness as a Kubernetes Job: the rendered profile in a ConfigMap, the Hugging Face token
 * from a Secret by {@code secretKeyRef}, and results kept in an emptyDir until the library has
 * copied them out (tar over exec), so no PVC provisioner is needed. The tool runs as the pod's init
 * container {@code harness}; a small {@code keeper} container holds the emptyDir afterwards. With
 * {@code withParallelism(n)} n pods run at once, each copied into its own {@code raw/pod-<i>}
 * directory.
 *
 * <p>An executor is immutable: each {@code with...} method returns a configured copy.
 *
 * <pre>{@code
 * HarnessRun run = harness.run(profile,
 *     Executor.kubernetes(client, "bench").withHuggingFaceTokenSecret("hf-secret").withResultsDirectory(Path.of("results")));
 * Path raw = run.await(Duration.ofMinutes(30));
 * }</pre>
 */
public final class KubernetesExecutor implements Executor {
  /** Label on everything the executor creates. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  private static final String RESULTS = "/results";
  private static final String PROFILE_DIR = "/etc/llmd-bench";

  private final KubernetesClient client;
  private final String namespace;
  // Settings: assigned only on fresh copies made by the setters below, so an executor never changes
  // once shared.
  private Map<String, String> images = Map.of();
  private String keeperImage = "busybox:1.36";
  private String hfTokenSecret;
  private ResourceRequirements resources;
  private Map<String, String> nodeSelector = Map.of();
  private List<Toleration> tolerations = List.of();
  private String serviceAccount;
  private int parallelism = 1;
  private Path resultsDirectory;
  private String resultsClaim;
  private EventListener listener = EventListener.NOOP;
  private BenchEvent.Context context = BenchEvent.Context.NONE;

  private KubernetesExecutor(KubernetesClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /** An executor for a namespace, with the tools' published images. */
  public static KubernetesExecutor of(KubernetesClient client, String namespace) {
    return new KubernetesExecutor(client, namespace);
  }

  private KubernetesExecutor copy() {
    KubernetesExecutor c = new KubernetesExecutor(client, namespace);
    c.images = images;
    c.keeperImage = keeperImage;
    c.hfTokenSecret = hfTokenSecret;
    c.resources = resources;
    c.nodeSelector = nodeSelector;
    c.tolerations = tolerations;
    c.serviceAccount = serviceAccount;
    c.parallelism = parallelism;
    c.resultsDirectory = resultsDirectory;
    c.resultsClaim = resultsClaim;
    c.listener = listener;
    c.context = context;
    return c;
  }

  /** A copy running this image for a harness id. */
  public KubernetesExecutor withImage(String harness, String image) {
    KubernetesExecutor c = copy();
    Map<String, String> m = new LinkedHashMap<>(images);
    m.put(harness, image);
    c.images = Map.copyOf(m);
    return c;
  }

  /**
   * A copy with a Secret with key {@code HF_TOKEN}, given to the tool as an environment variable by
   * reference.
   */
  public KubernetesExecutor withHuggingFaceTokenSecret(String secret) {
    KubernetesExecutor c = copy();
    c.hfTokenSecret = secret;
    return c;
  }

  /** A copy whose harness container gets these CPU and memory requests and limits. */
  public KubernetesExecutor withResources(ResourceRequirements r) {
    KubernetesExecutor c = copy();
    c.resources = r;
    return c;
  }

  /** A copy whose harness pod runs only on nodes with these labels. */
  public KubernetesExecutor withNodeSelector(Map<String, String> selector) {
    KubernetesExecutor c = copy();
    c.nodeSelector = Map.copyOf(selector);
    return c;
  }

  /** A copy whose harness pod tolerates these taints. */
  public KubernetesExecutor withTolerations(List<Toleration> t) {
    KubernetesExecutor c = copy();
    c.tolerations = List.copyOf(t);
    return c;
  }

  /** A copy whose harness pod runs as this ServiceAccount. */
  public KubernetesExecutor withServiceAccount(String name) {
    KubernetesExecutor c = copy();
    c.serviceAccount = name;
    return c;
  }

  /**
   * A copy running this many load-generator pods at once, each copied into its own {@code
   * raw/pod-<i>} directory, with {@code raw/parallel.json} listing the pods whose output is
   * missing. The harness's transformer turns such a directory into one report per load point for
   * the whole run (see {@link ResultTransformer}). A pod that fails or whose output cannot be
   * copied is named in the {@link HarnessException}; the others are still copied and merge without
   * it.
   *
   * <pre>{@code
   * Path raw = harness.run(profile, Executor.kubernetes(stack).withParallelism(4)).await(timeout);
   * List<BenchmarkReport> reports = harness.transformer().transform(raw); // one per load point
   * }</pre>
   */
  public KubernetesExecutor withParallelism(int pods) {
    if (pods < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, was " + pods);
    }
    KubernetesExecutor c = copy();
    c.parallelism = pods;
    return c;
  }

  /** A copy that copies results here (a temporary directory when not set). */
  public KubernetesExecutor withResultsDirectory(Path dir) {
    KubernetesExecutor c = copy();
    c.resultsDirectory = dir;
    return c;
  }

  /**
   * A copy that keeps results on a PersistentVolumeClaim instead of an emptyDir (they are still
   * copied out; the claim keeps a copy in the cluster).
   */
  public KubernetesExecutor withResultsClaim(String claimName) {
    KubernetesExecutor c = copy();
    c.resultsClaim = claimName;
    return c;
  }

  /**
   * A copy reporting the tool's output lines, followed from the first pod's log, as {@link
   * BenchEvent.Type#WORKLOAD_OUTPUT} events (source {@code pod/<name>}) to {@code newListener}, in
   * this context.
   *
   * <pre>{@code
   * Executor.kubernetes(client, "bench").withEvents(new ConsoleListener(System.out));
   * }</pre>
   */
  @Override
  public KubernetesExecutor withEvents(EventListener newListener) {
    return withEvents(newListener, context);
  }

  /** A copy reporting the tool's output lines to {@code newListener}, in {@code newContext}. */
  @Override
  public KubernetesExecutor withEvents(EventListener newListener, BenchEvent.Context newContext) {
    KubernetesExecutor c = copy();
    c.listener = Objects.requireNonNull(newListener, "listener");
    c.context = newContext == null ? BenchEvent.Context.NONE : newContext;
    return c;
  }

  @Override
  public HarnessRun start(Harness harness, WorkloadProfile.Rendered profile) {
    String image = images.containsKey(harness.id()) ? images.get(harness.id()) : harness.image();
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException(
          "no image for harness "
              + harness.id()
              + ": set one with withImage(\""
              + harness.id()
              + "\", \"<image>\")");
    }
    WorkloadProfile.Rendered prepared = harness.withResults(profile, RESULTS);
    List<String> command = harness.command(PROFILE_DIR + "/profile.yaml", prepared, RESULTS);
    String name =
        ("llmd-bench-" + harness.id() + "-" + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase();
    Map<String, String> labels =
        Map.of(
            MANAGED_BY, "llmd-bench", "llmd-bench/run", name, "llmd-bench/harness", harness.id());
    Path local;
    try {
      local =
          resultsDirectory != null
              ? Files.createDirectories(resultsDirectory)
              : Files.createTempDirectory(name);
    } catch (IOException e) {
      throw new HarnessException(
          harness.id(), null, resultsDirectory, "cannot create the results directory: " + e, null);
    }
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .addToData("profile.yaml", prepared.text())
                .build())
        .create();
    List<EnvVar> env = new ArrayList<>();
    harness
        .environment(prepared, RESULTS)
        .forEach((k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
    if (hfTokenSecret != null) {
      env.add(
          new EnvVarBuilder()
              .withName("HF_TOKEN")
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(hfTokenSecret)
              .withKey("HF_TOKEN")
              .endSecretKeyRef()
              .endValueFrom()
              .build());
    }
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withCompletions(parallelism)
            .withParallelism(parallelism)
            .withCompletionMode("Indexed")
            .withBackoffLimit(0)
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .withServiceAccountName(serviceAccount)
            .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
            .withTolerations(tolerations)
            .addNewInitContainer()
            .withName("harness")
            .withImage(image)
            .withCommand(command.subList(0, 1))
            .withArgs(command.subList(1, command.size()))
            .withEnv(env)
            .withResources(resources)
            .addNewVolumeMount()
            .withName("profile")
            .withMountPath(PROFILE_DIR)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("results")
            .withMountPath(RESULTS)
            .endVolumeMount()
            .endInitContainer()
            .addNewContainer()
            .withName("keeper")
            .withImage(keeperImage)
            .withCommand("sh", "-c", "sleep 86400")
            .addNewVolumeMount()
            .withName("results")
            .withMountPath(RESULTS)
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("profile")
            .withNewConfigMap()
            .withName(name)
            .endConfigMap()
            .endVolume()
            .addToVolumes(resultsVolume())
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
    KubeRun run = new KubeRun(harness.id(), name, local);
    if (listener != EventListener.NOOP) {
      run.followLog(listener, context);
    }
    return run;
  }

  private io.fabric8.kubernetes.api.model.Volume resultsVolume() {
    var v = new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("results");
    return resultsClaim == null
        ? v.withNewEmptyDir().endEmptyDir().build()
        : v.withNewPersistentVolumeClaim()
            .withClaimName(resultsClaim)
            .endPersistentVolumeClaim()
            .build();
  }

  /** A Job and the copying of its results. */
  private final class KubeRun implements HarnessRun {
    private final String harness;
    private final String job;
    private final Path local;
    private final CompletableFuture<Path> completion;

    KubeRun(String harness, String job, Path local) {
      this.harness = harness;
      this.job = job;
      this.local = local;
      this.completion =
          client
              .pods()
              .inNamespace(namespace)
              .withLabel("job-name", job)
              .informOnCondition(
                  pods -> pods.size() >= parallelism && pods.stream().allMatch(KubeRun::finished))
              .thenApply(this::collect);
    }

    /**
     * Once the first pod runs its tool, reports each line of its log to the listener (best effort).
     */
    void followLog(EventListener listener, BenchEvent.Context context) {
      client
          .pods()
          .inNamespace(namespace)
          .withLabel("job-name", job)
          .informOnCondition(
              pods ->
                  pods.stream()
                      .anyMatch(
                          p ->
                              p.getStatus() != null
                                  && p.getStatus().getInitContainerStatuses() != null))
          .thenAccept(
              pods -> {
                String pod = pods.get(0).getMetadata().getName();
                try (var log =
                        client
                            .pods()
                            .inNamespace(namespace)
                            .withName(pod)
                            .inContainer("harness")
                            .watchLog();
                    var reader =
                        new java.io.BufferedReader(
                            new java.io.InputStreamReader(
                                log.getOutput(), java.nio.charset.StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = reader.readLine()) != null) {
                    EventListener.safely(
                        listener,
                        BenchEvent.output(
                            BenchEvent.Type.WORKLOAD_OUTPUT,
                            context,
                            "pod/" + pod,
                            ai.llmd.bench.record.Redactor.scrub(line)));
                  }
                } catch (IOException | RuntimeException e) {
                  // progress is best effort; the run's outcome does not depend on it
                }
              });
    }

    private static boolean finished(Pod p) {
      return toolState(p) != null
          || "Failed".equals(p.getStatus() == null ? null : p.getStatus().getPhase());
    }

    private static ContainerStateTerminated toolState(Pod p) {
      if (p.getStatus() == null || p.getStatus().getInitContainerStatuses() == null) {
        return null;
      }
      for (ContainerStatus cs : p.getStatus().getInitContainerStatuses()) {
        if ("harness".equals(cs.getName())
            && cs.getState() != null
            && cs.getState().getTerminated() != null) {
          return cs.getState().getTerminated();
        }
      }
      return null;
    }

    /**
     * Copies every pod's results, then reports the failures, naming each pod (what was copied
     * stays). With several pods, {@code raw/parallel.json} lists the pods and those whose output is
     * missing, so that the transformer merges the others and says which are missing.
     */
    private Path collect(List<Pod> pods) {
      Map<String, String> missing = new java.util.TreeMap<>();
      List<String> problems = new ArrayList<>();
      Integer firstExit = null;
      String logTail = null;
      for (Pod p : pods) {
        String index =
            p.getMetadata().getAnnotations() == null
                ? null
                : p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index");
        String podDir = "pod-" + (index == null ? p.getMetadata().getName() : index);
        Path target =
            parallelism == 1 ? local.resolve("raw") : local.resolve("raw").resolve(podDir);
        String pod = p.getMetadata().getName();
        ContainerStateTerminated state = toolState(p);
        Integer exit = state == null ? null : state.getExitCode();
        try {
          copy(pod, target);
        } catch (IOException | RuntimeException e) {
          missing.put(podDir, "pod " + pod + ": cannot copy its results: " + e.getMessage());
          problems.add(
              "pod " + pod + " (" + podDir + "): cannot copy its results: " + e.getMessage());
          firstExit = firstExit == null ? exit : firstExit;
          logTail = logTail == null ? logTail(p) : logTail;
          continue;
        }
        if (exit == null || exit != 0) {
          missing.put(podDir, "pod " + pod + " failed with exit code " + exit);
          problems.add(
              "pod "
                  + pod
                  + " ("
                  + podDir
                  + ") failed (phase "
                  + (p.getStatus() == null ? "Unknown" : p.getStatus().getPhase())
                  + ")");
          firstExit = firstExit == null ? exit : firstExit;
          logTail = logTail == null ? logTail(p) : logTail;
        }
      }
      if (parallelism > 1) {
        writeManifest(missing);
      }
      if (!problems.isEmpty()) {
        String others =
            parallelism > 1 && problems.size() < parallelism
                ? "; the other pods' results are in raw/pod-<i> and transform merges them without "
                    + (problems.size() == 1 ? "it" : "them")
                : "";
        throw new HarnessException(
            harness,
            firstExit,
            local.resolve("raw"),
            String.join("; ", problems) + others,
            logTail);
      }
      return local.resolve("raw");
    }

    private void writeManifest(Map<String, String> missing) {
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("pods", parallelism);
      manifest.put("missing", missing);
      try {
        Files.createDirectories(local.resolve("raw"));
        ai.llmd.bench.report.Reports.jsonMapper()
            .writeValue(local.resolve("raw").resolve(PodMerge.MANIFEST).toFile(), manifest);
      } catch (IOException | RuntimeException e) {
        throw new HarnessException(
            harness,
            null,
            local.resolve("raw"),
            "cannot write " + PodMerge.MANIFEST + ": " + e,
            null);
      }
    }

    private void copy(String pod, Path target) throws IOException {
      try (ExecWatch exec =
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod)
              .inContainer("keeper")
              .redirectingOutput()
              .exec("tar", "-cf", "-", "-C", RESULTS, ".")) {
        InputStream out = exec.getOutput();
        TarExtract.extract(out, target);
      }
    }

    private String logTail(Pod p) {
      try {
        return client
            .pods()
            .inNamespace(namespace)
            .withName(p.getMetadata().getName())
            .inContainer("harness")
            .tailingLines(30)
            .getLog();
      } catch (RuntimeException e) {
        return "(log unavailable: " + e.getClass().getSimpleName() + ")";
      }
    }

    @Override
    public CompletableFuture<Path> completion() {
      return completion;
    }

    @Override
    public Path await(Duration timeout) {
      return HarnessRun.awaitCompletion(
          this,
          timeout,
          harness,
          local.resolve("raw"),
          () -> "job " + job + " did not finish within " + timeout + ": " + podStates(),
          () -> null);
    }

    /** The Job's pods and their phases, for a timeout message. */
    private String podStates() {
      List<Pod> pods =
          client.pods().inNamespace(namespace).withLabel("job-name", job).list().getItems();
      return pods.isEmpty()
          ? "no pod was created"
          : pods.stream()
              .map(
                  p ->
                      p.getMetadata().getName()
                          + " phase="
                          + (p.getStatus() == null ? "Unknown" : p.getStatus().getPhase()))
              .toList()
              .toString();
    }

    @Override
    public void cancel() {
      completion.cancel(true);
      client.batch().v1().jobs().inNamespace(namespace).withName(job).delete();
    }

    /** Deletes the Job, its pods and the ConfigMap. */
    @Override
    public void close() {
      completion.cancel(true);
      client.batch().v1().jobs().inNamespace(namespace).withName(job).delete();
      client.pods().inNamespace(namespace).withLabel("job-name", job).delete();
      client.configMaps().inNamespace(namespace).withName(job).delete();
    }
  }
}
