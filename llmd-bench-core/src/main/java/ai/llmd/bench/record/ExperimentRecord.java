package ai.llmd.bench.record;

import ai.llmd.bench.report.Reports;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What ran in an experiment: the inputs of every step (stack releases with their resolved chart
 * versions and final values, the route, each workload's harness, rendered profile and executor
 * settings), the environment, the times, and where the raw results and reports are. Written as YAML
 * beside the results; secrets are redacted on writing.
 *
 * <pre>{@code
 * ExperimentRecord record = ExperimentRecord.builder("exp-1")
 *     .secret(hfToken)                                  // scrubbed from everything written
 *     .environment(Environment.local())
 *     .workload(workloadRecord)
 *     .build();
 * record.write(resultsDir.resolve("record.yaml"));
 * ExperimentRecord again = ExperimentRecord.read(resultsDir.resolve("record.yaml"));
 * }</pre>
 *
 * @param experimentId the experiment's id
 * @param libraryVersion the llmd-bench version that ran it
 * @param start when the experiment started
 * @param end when it ended
 * @param environment cluster, nodes, images, Java and OS it ran on
 * @param releases Helm releases of the stack (deploy_gateway, deploy_gaie, deploy_model)
 * @param route the HTTPRoute (create_httproute), as a document
 * @param secrets values scrubbed from the written record; never serialized
 * @param workloads every workload run (run_workload)
 */
public record ExperimentRecord(
    String experimentId,
    String libraryVersion,
    Instant start,
    Instant end,
    Environment environment,
    List<Release> releases,
    Map<String, Object> route,
    List<Workload> workloads,
    @JsonIgnore Set<String> secrets) {

  /**
   * Copies the lists; {@code null} lists become empty.
   *
   * @param experimentId the experiment's id
   * @param libraryVersion the llmd-bench version that ran it
   * @param start when the experiment started
   * @param end when it ended
   * @param environment cluster, nodes, images, Java and OS it ran on
   * @param releases Helm releases of the stack (deploy_gateway, deploy_gaie, deploy_model)
   * @param route the HTTPRoute (create_httproute), as a document
   * @param workloads every workload run (run_workload)
   * @param secrets values scrubbed from the written record; never serialized
   * @throws NullPointerException when {@code experimentId} is null
   */
  public ExperimentRecord {
    Objects.requireNonNull(experimentId, "experimentId");
    releases = releases == null ? List.of() : List.copyOf(releases);
    workloads = workloads == null ? List.of() : List.copyOf(workloads);
    secrets = secrets == null ? Set.of() : Set.copyOf(secrets);
  }

  /**
   * The environment the experiment ran in.
   *
   * @param kubernetesVersion the API server's version, or {@code null} without a cluster
   * @param nodes nodes that ran the model servers, with their GPU labels and counts
   * @param images image references, with digests where the cluster reports them
   * @param javaVersion the JVM's {@code java.version}
   * @param os {@code os.name os.arch}
   */
  public record Environment(
      String kubernetesVersion,
      List<Node> nodes,
      List<Image> images,
      String javaVersion,
      String os) {

    /**
     * The cluster's version, and the nodes and images of the pods matching a label selector in a
     * namespace, with the local JVM and OS.
     *
     * @deprecated use {@link ai.llmd.bench.kube.ClusterEnvironment#capture}; this record stays free
     *     of Kubernetes types so that records can be written without Kubernetes on the class path
     */
    @Deprecated
    public static Environment capture(Object client, String namespace, String podSelector) {
      return ai.llmd.bench.kube.ClusterEnvironment.capture(
          (io.fabric8.kubernetes.client.KubernetesClient) client, namespace, podSelector);
    }

    /** The local JVM and OS, no cluster. */
    public static Environment local() {
      return new Environment(
          null,
          List.of(),
          List.of(),
          System.getProperty("java.version"),
          System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }
  }

  /**
   * A node and its accelerators.
   *
   * @param name the node's name
   * @param gpuLabels its accelerator labels, e.g. {@code nvidia.com/gpu.product}
   * @param gpuCount GPUs in its capacity (the sum of its {@code .../gpu} resources)
   */
  public record Node(String name, Map<String, String> gpuLabels, int gpuCount) {}

  /**
   * An image reference and its digest ({@code null} when unknown).
   *
   * @param reference the image reference as deployed
   * @param digest its digest, or {@code null} when unknown
   */
  public record Image(String reference, String digest) {}

  /**
   * One Helm release of the stack.
   *
   * @param step the upstream task: {@code deploy_gateway}, {@code deploy_gaie} or {@code
   *     deploy_model}
   * @param requestedVersion the chart version asked for ({@code null}: latest)
   * @param resolvedVersion the chart version installed
   * @param values the final merged values
   * @param overrides the {@code path=value} overrides applied
   * @param name the Helm release name
   * @param namespace the namespace it is installed in
   * @param chart the chart reference, e.g. {@code oci://.../inferencepool@v1.0.1}
   * @param repository the chart repository URL, or {@code null}
   */
  public record Release(
      String step,
      String name,
      String namespace,
      String chart,
      String requestedVersion,
      String resolvedVersion,
      String repository,
      Map<String, Object> values,
      List<String> overrides) {}

  /**
   * One workload run.
   *
   * @param profile the rendered profile (a document, or text)
   * @param executor executor settings (image, resources, parallelism, ...)
   * @param rawResults where the harness's own output is
   * @param reports the benchmark report files
   * @param harness the harness id, e.g. {@code loadgen}
   * @param profileName the profile template name, e.g. {@code rate_sweep}
   * @param start when the run started
   * @param end when it ended
   */
  public record Workload(
      String harness,
      String profileName,
      Object profile,
      Map<String, Object> executor,
      Instant start,
      Instant end,
      String rawResults,
      List<String> reports) {}

  /** A summary without any value that could hold a secret. */
  @Override
  public String toString() {
    return "ExperimentRecord["
        + experimentId
        + ", "
        + releases.size()
        + " releases, "
        + workloads.size()
        + " workloads]";
  }

  /**
   * Starts a record for the experiment {@code experimentId}; the library version and {@link
   * Environment#local()} are filled in.
   */
  public static Builder builder(String experimentId) {
    return new Builder(experimentId);
  }

  /**
   * Writes the record as YAML through {@link Redactor}: values of keys that name credentials (in
   * any case style), values of secret flags in argument lists, tokens, and every secret registered
   * (here or with {@link Redactor#register}) are replaced by {@code <redacted>}; the file is
   * written to a temporary sibling and moved into place.
   */
  public void write(Path file) {
    Object document = Redactor.redact(Reports.jsonMapper().convertValue(this, Map.class));
    String yaml = Redactor.scrub(Reports.yamlMapper().writeValueAsString(document));
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        yaml = yaml.replace(secret, Redactor.REDACTED);
      }
    }
    try {
      ai.llmd.bench.io.Paths2.writeAtomically(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the experiment record " + file, e);
    }
  }

  /**
   * Reads a record written by {@link #write}.
   *
   * @throws IllegalArgumentException naming the file and the problem
   */
  public static ExperimentRecord read(Path file) {
    try {
      JsonNode tree = Reports.yamlMapper().readTree(file.toFile());
      return Reports.jsonMapper().treeToValue(tree, ExperimentRecord.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "not an experiment record: " + file + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Builds an {@link ExperimentRecord}. */
  public static final class Builder {
    private final String experimentId;
    private String libraryVersion = LibraryVersion.get();
    private Instant start;
    private Instant end;
    private Environment environment = Environment.local();
    private final List<Release> releases = new ArrayList<>();
    private Map<String, Object> route;
    private final List<Workload> workloads = new ArrayList<>();
    private final Set<String> secrets = new LinkedHashSet<>();

    private Builder(String experimentId) {
      this.experimentId = experimentId;
    }

    /** When the experiment started. */
    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    /** When the experiment ended. */
    public Builder end(Instant end) {
      this.end = end;
      return this;
    }

    /** The environment (default {@link Environment#local()}: Java and OS only). */
    public Builder environment(Environment environment) {
      this.environment = environment;
      return this;
    }

    /** The releases and route of a stack plan (chart references and versions, final values). */
    public Builder stack(ai.llmd.bench.stack.StackPlan plan) {
      for (var r : plan.releases()) {
        releases.add(
            new Release(
                r.step(),
                r.name(),
                plan.namespace(),
                r.chart().toString(),
                r.chart().version(),
                r.chart().version(),
                r.chart().repository(),
                r.values(),
                List.of()));
      }
      route = plan.httpRouteManifest();
      return this;
    }

    /** Adds one Helm release; see also {@link #stack}. */
    public Builder release(Release release) {
      releases.add(release);
      return this;
    }

    /** The HTTPRoute manifest, as a document. */
    public Builder route(Map<String, Object> route) {
      this.route = route;
      return this;
    }

    /** Adds a workload run, in the order run. */
    public Builder workload(Workload workload) {
      workloads.add(workload);
      return this;
    }

    /**
     * A secret value (token, key) that must not appear in anything written; it is not stored in the
     * record, and it is {@linkplain Redactor#register registered} for every other file the library
     * writes.
     */
    public Builder secret(String value) {
      if (value != null && !value.isEmpty()) {
        secrets.add(value);
        Redactor.register(value);
      }
      return this;
    }

    /** Returns the record; secrets given with {@link #secret} go with it for {@link #write}. */
    public ExperimentRecord build() {
      return new ExperimentRecord(
          experimentId,
          libraryVersion,
          start,
          end,
          environment,
          releases,
          route,
          workloads,
          secrets);
    }
  }
}
