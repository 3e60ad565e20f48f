package ai.llmd.bench.tooling;

import ai.llmd.bench.stack.ChartRef;
import java.util.List;
import java.util.Locale;

/**
 * A piece of cluster tooling a stack needs, with where its release comes from and how an installed
 * copy and its version are recognised.
 *
 * <ul>
 *   <li>{@link #GATEWAY_API}: the Gateway API CRDs, standard channel ({@code standard-install.yaml}
 *       of a gateway-api release); version from the CRDs' {@code
 *       gateway.networking.k8s.io/bundle-version} annotation.
 *   <li>{@link #INFERENCE_EXTENSION}: the Gateway API Inference Extension CRDs ({@code
 *       manifests.yaml} of a GAIE release: the {@code inference.networking.k8s.io} InferencePool
 *       and, up to v1.4.0, the {@code inference.networking.x-k8s.io} one); version from {@code
 *       inference.networking.k8s.io/bundle-version}.
 *   <li>{@link #ISTIO}, {@link #KGATEWAY}, {@link #AGENTGATEWAY}: gateway providers from their Helm
 *       charts; version from the controller Deployment's {@code app.kubernetes.io/version} label.
 *   <li>{@link #LWS}: LeaderWorkerSet from its Helm chart.
 *   <li>{@link #TEKTON}: Tekton Pipelines from its {@code release.yaml}; version from the {@code
 *       pipeline.tekton.dev/release} label of its CRDs.
 * </ul>
 */
public enum Tool {
  /** The Gateway API CRDs, standard channel. */
  GATEWAY_API(
      "gateway-api",
      "v1.5.1",
      "https://github.com/kubernetes-sigs/gateway-api/releases/download/%s/standard-install.yaml",
      null,
      List.of()),
  /** The Gateway API Inference Extension CRDs. */
  INFERENCE_EXTENSION(
      "inference-extension",
      "v1.0.1",
      "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/%s/manifests.yaml",
      null,
      List.of()),
  /** Istio, as gateway provider (charts {@code base} and {@code istiod}). */
  ISTIO(
      "istio",
      "1.29.2",
      null,
      "istio-system",
      List.of(
          new Chart("istio-base", "https://istio-release.storage.googleapis.com/charts", "base"),
          new Chart("istiod", "https://istio-release.storage.googleapis.com/charts", "istiod"))),
  /** kgateway, as gateway provider. */
  KGATEWAY(
      "kgateway",
      "v2.2.1",
      null,
      "kgateway-system",
      List.of(
          new Chart(
              "kgateway-crds", null, "oci://cr.kgateway.dev/kgateway-dev/charts/kgateway-crds"),
          new Chart("kgateway", null, "oci://cr.kgateway.dev/kgateway-dev/charts/kgateway"))),
  /** agentgateway, as gateway provider. */
  AGENTGATEWAY(
      "agentgateway",
      "v1.4.1",
      null,
      "agentgateway-system",
      List.of(
          new Chart(
              "agentgateway-crds", null, "oci://cr.agentgateway.dev/charts/agentgateway-crds"),
          new Chart("agentgateway", null, "oci://cr.agentgateway.dev/charts/agentgateway"))),
  /** LeaderWorkerSet, for multi-node model servers. */
  LWS(
      "lws",
      "v0.10.0",
      null,
      "lws-system",
      List.of(new Chart("lws", null, "oci://registry.k8s.io/lws/charts/lws"))),
  /** Tekton Pipelines. */
  TEKTON(
      "tekton",
      "v1.15.0",
      "https://infra.tekton.dev/tekton-releases/pipeline/previous/%s/release.yaml",
      null,
      List.of());

  /**
   * A Helm release of a tool.
   *
   * @param release the release name upstream's instructions use
   * @param repository the chart repository, or {@code null} for an OCI reference
   * @param name the chart name, or the OCI reference
   */
  public record Chart(String release, String repository, String name) {
    /** The chart at a version. */
    public ChartRef at(String version) {
      return (repository == null ? ChartRef.oci(name) : ChartRef.repo(repository, name))
          .withVersion(version);
    }
  }

  private final String id;
  private final String defaultVersion;
  private final String manifestUrl;
  private final String namespace;
  private final List<Chart> charts;

  Tool(String id, String defaultVersion, String manifestUrl, String namespace, List<Chart> charts) {
    this.id = id;
    this.defaultVersion = defaultVersion;
    this.manifestUrl = manifestUrl;
    this.namespace = namespace;
    this.charts = charts;
  }

  /** The tool's name in reports and errors, e.g. {@code gateway-api}. */
  public String id() {
    return id;
  }

  /**
   * The version installed when none is chosen: llm-d-benchmark's 2026-08 pins for Gateway API
   * (v1.5.1), istio (1.29.2), agentgateway (v1.4.1) and LWS (v0.10.0); for the Inference Extension
   * the release of the stack's default {@code inferencepool} chart (v1.0.1); kgateway v2.2.1 (the
   * last line with Inference Extension support); Tekton v1.15.0.
   */
  public String defaultVersion() {
    return defaultVersion;
  }

  /** Whether it is installed from release manifests (otherwise from Helm charts). */
  public boolean fromManifests() {
    return manifestUrl != null;
  }

  /** The upstream release manifest of a version, for manifest-installed tools. */
  public ManifestSource manifest(String version) {
    if (manifestUrl == null) {
      throw new IllegalArgumentException(id + " is installed from Helm charts, not manifests");
    }
    return ManifestSource.url(manifestUrl.formatted(version));
  }

  /** The namespace its charts are installed into (Helm-installed tools). */
  public String namespace() {
    return namespace;
  }

  /** Its charts in install order (Helm-installed tools). */
  public List<Chart> charts() {
    return charts;
  }

  /** Whether the tool is a gateway provider. */
  public boolean isGatewayProvider() {
    return this == ISTIO || this == KGATEWAY || this == AGENTGATEWAY;
  }

  /**
   * A gateway provider by name: {@code istio}, {@code kgateway} or {@code agentgateway}.
   *
   * @throws IllegalArgumentException naming the known providers for any other name
   */
  public static Tool gatewayProvider(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (Tool t : values()) {
      if (t.isGatewayProvider() && t.id.equals(n)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown gateway provider '"
            + name
            + "': expected istio, kgateway or agentgateway (gke gateways are managed, nothing to"
            + " install)");
  }
}
