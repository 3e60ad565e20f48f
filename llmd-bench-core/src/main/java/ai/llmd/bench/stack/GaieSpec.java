package ai.llmd.bench.stack;

import java.util.Map;
import java.util.Objects;

/**
 * The InferencePool and its endpoint picker (deploy_gaie): a release of the Gateway API Inference
 * Extension's {@code inferencepool} chart, named {@code <label>-gaie} unless set, selecting the
 * pods labelled {@code llm-d.ai/model=<label>}.
 *
 * <pre>{@code
 * GaieSpec.inferencePool().pluginsConfigFile("inf-sche-prefix-kv.yaml");
 * }</pre>
 *
 * <p>The pool's API group follows the chart version: {@code inference.networking.x-k8s.io}
 * (v1alpha2) for 0.x charts, {@code inference.networking.k8s.io} (v1) from 1.0 on, unless the
 * values set {@code inferencePool.apiVersion}.
 *
 * @param release the release name, or {@code null} for {@code <label>-gaie}
 */
public record GaieSpec(
    String release,
    ChartRef chart,
    String pluginsConfigFile,
    Map<String, Object> values,
    Overrides overrides) {

  /** The upstream chart at v1.0.1. */
  public static final ChartRef DEFAULT_CHART =
      ChartRef.oci("oci://registry.k8s.io/gateway-api-inference-extension/charts/inferencepool")
          .version("v1.0.1");

  public GaieSpec {
    Objects.requireNonNull(chart, "GAIE chart");
    values = values == null ? Map.of() : values;
    overrides = overrides == null ? Overrides.none() : overrides;
  }

  public static GaieSpec inferencePool() {
    return new GaieSpec(null, DEFAULT_CHART, null, null, null);
  }

  public GaieSpec release(String name) {
    return new GaieSpec(name, chart, pluginsConfigFile, values, overrides);
  }

  public GaieSpec chart(ChartRef ref) {
    return new GaieSpec(release, ref, pluginsConfigFile, values, overrides);
  }

  /** The endpoint picker configuration to use ({@code inferenceExtension.pluginsConfigFile}). */
  public GaieSpec pluginsConfigFile(String file) {
    return new GaieSpec(release, chart, file, values, overrides);
  }

  public GaieSpec values(Map<String, Object> extra) {
    return new GaieSpec(release, chart, pluginsConfigFile, extra, overrides);
  }

  /** Extra values as YAML, which must be a map. */
  public GaieSpec values(String yaml) {
    return values(Values.parse(yaml, "GAIE values"));
  }

  /** Override rules, one per line. */
  public GaieSpec overrides(String rules) {
    return new GaieSpec(
        release, chart, pluginsConfigFile, values, overrides.and(Overrides.parse(rules)));
  }

  /** The release (and InferencePool) name for a label. */
  public String releaseName(ModelLabel label) {
    return release != null ? release : label.value() + "-gaie";
  }

  /** The pool's {@code apiVersion}, e.g. {@code inference.networking.k8s.io/v1}. */
  public String poolApiVersion() {
    Object explicit = Values.get(overrides.applyTo(values), "inferencePool", "apiVersion");
    if (explicit != null) {
      return explicit.toString();
    }
    String v = chart.version();
    boolean legacy = v != null && (v.startsWith("v0.") || v.startsWith("0."));
    return legacy ? "inference.networking.x-k8s.io/v1alpha2" : "inference.networking.k8s.io/v1";
  }

  /** The pool's API group, which the HTTPRoute's backendRef must use. */
  public String poolGroup() {
    String apiVersion = poolApiVersion();
    return apiVersion.substring(0, apiVersion.indexOf('/'));
  }

  Map<String, Object> chartValues(ModelLabel label, GatewayClass gatewayClass) {
    Map<String, Object> base =
        Values.map(
            "inferencePool",
            Values.map(
                "apiVersion", poolApiVersion(),
                "modelServerType", "vllm",
                "modelServers",
                    Values.map(
                        "matchLabels",
                        Values.map(
                            "llm-d.ai/inferenceServing", "true", "llm-d.ai/model", label.value()))),
            "provider",
            Values.map(
                "name",
                gatewayClass == GatewayClass.GKE
                    ? "gke"
                    : gatewayClass == GatewayClass.ISTIO ? "istio" : "none"));
    if (pluginsConfigFile != null) {
      base.put("inferenceExtension", Values.map("pluginsConfigFile", pluginsConfigFile));
    }
    Overrides labelRules =
        Overrides.of("inferencePool.modelServers.matchLabels.\"llm-d.ai/model\"=" + label.value());
    return overrides.and(labelRules).applyTo(Values.merge(base, values));
  }
}
