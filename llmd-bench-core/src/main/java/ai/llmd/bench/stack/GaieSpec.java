package ai.llmd.bench.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The InferencePool and its endpoint picker (deploy_gaie): a release of the Gateway API Inference
 * Extension's {@code inferencepool} chart, named {@code <label>-gaie} unless set, selecting the
 * pods labelled {@code llm-d.ai/model=<label>}.
 *
 * <pre>{@code
 * GaieSpec.inferencePool().withPluginsConfigFile("inf-sche-prefix-kv.yaml");
 * GaieSpec.inferencePool().withPluginsConfig("mine.yaml", Files.readString(Path.of("mine.yaml")));
 * }</pre>
 *
 * <p>The pool's API group, name and port are read from what the chart renders (the plan does that);
 * {@link #withPoolApiVersion(String)} asks the chart for a version, and a chart that renders
 * another one is an error.
 *
 * @param release the release name, or {@code null} for {@code <label>-gaie}
 * @param chart the inferencepool chart (default {@link #DEFAULT_CHART})
 * @param pluginsConfigFile the EPP configuration file the picker reads, or {@code null} for the
 *     chart's default
 * @param pluginsConfigs EPP configurations given as content, by file name
 * @param values extra values, merged over the ones derived from the other settings
 * @param overrides {@code path=value} rules applied last
 * @param poolApiVersion the pool apiVersion asked of the chart, or {@code null} for its default
 */
public record GaieSpec(
    String release,
    ChartRef chart,
    String pluginsConfigFile,
    Map<String, String> pluginsConfigs,
    String poolApiVersion,
    Map<String, Object> values,
    Overrides overrides) {

  /** The upstream chart at v1.0.1. */
  public static final ChartRef DEFAULT_CHART =
      ChartRef.oci("oci://registry.k8s.io/gateway-api-inference-extension/charts/inferencepool")
          .withVersion("v1.0.1");

  /**
   * Copies the plugin configurations; absent values and overrides become empty.
   *
   * @param release the release name, or {@code null} for {@code <label>-gaie}
   * @param chart the inferencepool chart (default {@link #DEFAULT_CHART})
   * @param pluginsConfigFile the EPP configuration file the picker reads, or {@code null} for the
   *     chart's default
   * @param pluginsConfigs EPP configurations given as content, by file name
   * @param poolApiVersion the pool apiVersion asked of the chart, or {@code null} for its default
   * @param values extra values, merged over the ones derived from the other settings
   * @param overrides {@code path=value} rules applied last
   * @throws NullPointerException when the chart is null
   */
  public GaieSpec {
    Objects.requireNonNull(chart, "GAIE chart");
    pluginsConfigs = pluginsConfigs == null ? Map.of() : Map.copyOf(pluginsConfigs);
    values = values == null ? Map.of() : values;
    overrides = overrides == null ? Overrides.none() : overrides;
  }

  /** The upstream inferencepool chart ({@link #DEFAULT_CHART}) with its defaults. */
  public static GaieSpec inferencePool() {
    return new GaieSpec(null, DEFAULT_CHART, null, null, null, null, null);
  }

  /** A copy with another release name ({@code null}: {@code <label>-gaie}). */
  public GaieSpec withRelease(String name) {
    return new GaieSpec(
        name, chart, pluginsConfigFile, pluginsConfigs, poolApiVersion, values, overrides);
  }

  /** A copy installing another chart or version. */
  public GaieSpec withChart(ChartRef ref) {
    return new GaieSpec(
        release, ref, pluginsConfigFile, pluginsConfigs, poolApiVersion, values, overrides);
  }

  /**
   * A copy using this endpoint picker configuration ({@code inferenceExtension.pluginsConfigFile}):
   * the chart's {@code default-plugins.yaml}, a preset the library ships ({@code inf-sche-none},
   * {@code inf-sche-prefix}, {@code inf-sche-kv}, {@code inf-sche-queue}, {@code
   * inf-sche-prefix-kv}, {@code inf-sche-prefix-kv-queue}, {@code pd-config}; {@code .yaml}
   * optional), or one given by {@link #withPluginsConfig(String, String)}. The chosen file is added
   * to the chart's ConfigMap; an unknown name fails at plan time.
   */
  public GaieSpec withPluginsConfigFile(String file) {
    return new GaieSpec(
        release,
        chart,
        file == null ? null : EppPresets.fileName(file),
        pluginsConfigs,
        poolApiVersion,
        values,
        overrides);
  }

  /**
   * A copy with an endpoint picker configuration given as content ({@code EndpointPickerConfig}
   * YAML), and selected as the one to use.
   *
   * @throws IllegalArgumentException when it is not an EndpointPickerConfig or references an
   *     undeclared plugin
   */
  public GaieSpec withPluginsConfig(String file, String yaml) {
    String name = EppPresets.fileName(Objects.requireNonNull(file, "file"));
    EppPresets.validate(name, Objects.requireNonNull(yaml, "yaml"));
    Map<String, String> configs = new LinkedHashMap<>(pluginsConfigs);
    configs.put(name, yaml);
    return new GaieSpec(release, chart, name, configs, poolApiVersion, values, overrides);
  }

  /**
   * A copy asking the chart for a pool version ({@code inferencePool.apiVersion}), e.g. {@code
   * inference.networking.x-k8s.io/v1alpha2}.
   */
  public GaieSpec withPoolApiVersion(String apiVersion) {
    if (apiVersion != null && !apiVersion.matches("[a-z0-9.-]+/v[0-9a-z]+")) {
      throw new IllegalArgumentException(
          "poolApiVersion must look like inference.networking.k8s.io/v1, was " + apiVersion);
    }
    return new GaieSpec(
        release, chart, pluginsConfigFile, pluginsConfigs, apiVersion, values, overrides);
  }

  /** A copy with these extra values, merged over the derived ones (replacing earlier extras). */
  public GaieSpec withValues(Map<String, Object> extra) {
    return new GaieSpec(
        release, chart, pluginsConfigFile, pluginsConfigs, poolApiVersion, extra, overrides);
  }

  /** A copy with extra values given as YAML, which must be a map. */
  public GaieSpec withValues(String yaml) {
    return withValues(Values.parse(yaml, "GAIE values"));
  }

  /** A copy with more override rules, one per line, applied after the earlier ones. */
  public GaieSpec withOverrides(String rules) {
    return new GaieSpec(
        release,
        chart,
        pluginsConfigFile,
        pluginsConfigs,
        poolApiVersion,
        values,
        overrides.and(Overrides.parse(rules)));
  }

  /** The release name for a label. */
  public String releaseName(ModelLabel label) {
    return release != null ? release : label.value() + "-gaie";
  }

  Map<String, Object> chartValues(ModelLabel label, GatewayClass gatewayClass) {
    Map<String, Object> pool =
        Values.map(
            "modelServerType",
            "vllm",
            "modelServers",
            Values.map(
                "matchLabels",
                Values.map("llm-d.ai/inferenceServing", "true", "llm-d.ai/model", label.value())));
    if (poolApiVersion != null) {
      pool.put("apiVersion", poolApiVersion);
    }
    Map<String, Object> base =
        Values.map(
            "inferencePool", pool, "provider", Values.map("name", gatewayClass.gaieProvider()));
    if (pluginsConfigFile != null) {
      Map<String, Object> extension = Values.map("pluginsConfigFile", pluginsConfigFile);
      String content = pluginsConfigs.get(pluginsConfigFile);
      if (content == null) {
        content = EppPresets.content(pluginsConfigFile);
      }
      if (content == null && !pluginsConfigFile.equals(EppPresets.CHART_DEFAULT)) {
        throw new IllegalArgumentException(
            "unknown endpoint picker preset '"
                + pluginsConfigFile
                + "' (GaieSpec.withPluginsConfigFile): known presets are "
                + EppPresets.CHART_DEFAULT
                + " (the chart's) and "
                + EppPresets.NAMES
                + "; give another one's content with GaieSpec.withPluginsConfig(name, yaml)");
      }
      if (content != null) {
        extension.put("pluginsCustomConfig", Values.map(pluginsConfigFile, content));
      }
      base.put("inferenceExtension", extension);
    }
    Overrides labelRules =
        Overrides.of("inferencePool.modelServers.matchLabels.\"llm-d.ai/model\"=" + label.value());
    return overrides.and(labelRules).applyTo(Values.merge(base, values));
  }

  /**
   * The pool apiVersion asked of the chart: {@link #withPoolApiVersion(String)}, or {@code
   * inferencePool.apiVersion} in the values or overrides; {@code null} for the chart's default.
   */
  String requestedPoolApiVersion() {
    if (poolApiVersion != null) {
      return poolApiVersion;
    }
    Object v =
        Values.get(
            overrides.applyTo(Values.merge(Map.of(), values)), "inferencePool", "apiVersion");
    return v == null ? null : v.toString();
  }
}
