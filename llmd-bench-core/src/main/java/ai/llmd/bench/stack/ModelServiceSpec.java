package ai.llmd.bench.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The vLLM model servers (deploy_model): an llm-d-modelservice release, named {@code <label>-ms}
 * unless set, whose Deployments {@code <label>-decode} (and {@code <label>-prefill}) carry the
 * label {@code llm-d.ai/model=<label>}.
 *
 * <pre>{@code
 * ModelServiceSpec.of("Qwen/Qwen3-0.6B").withDecodeReplicas(2).withArgs("--max-model-len=16000")
 *     .withHuggingFaceTokenSecret("hf-secret");
 * }</pre>
 *
 * <p>Immutable: each {@code with...} method returns a changed copy.
 */
public final class ModelServiceSpec {

  /** The upstream chart: {@code llm-d-modelservice/llm-d-modelservice}, latest version. */
  public static final ChartRef DEFAULT_CHART =
      ChartRef.repo("https://llm-d-incubation.github.io/llm-d-modelservice/", "llm-d-modelservice");

  private final String model;
  // Settings: assigned only on fresh copies made by the setters below.
  private String release;
  private ChartRef chart = DEFAULT_CHART;
  private String modelUri;
  private int decodeReplicas = 1;
  private int prefillReplicas;
  private String image = "vllm/vllm-openai:v0.11.2";
  private List<String> args = List.of();
  private String hfTokenSecret;
  private Map<String, Object> values = Map.of();
  private Overrides overrides = Overrides.none();

  private ModelServiceSpec(String model) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("a model service needs a model id, e.g. Qwen/Qwen3-0.6B");
    }
    this.model = model;
  }

  /** One decode replica of {@code vllm/vllm-openai:v0.11.2} serving the model from Hugging Face. */
  public static ModelServiceSpec of(String model) {
    return new ModelServiceSpec(model);
  }

  private ModelServiceSpec copy(Consumer<ModelServiceSpec> change) {
    ModelServiceSpec c = new ModelServiceSpec(model);
    c.release = release;
    c.chart = chart;
    c.modelUri = modelUri;
    c.decodeReplicas = decodeReplicas;
    c.prefillReplicas = prefillReplicas;
    c.image = image;
    c.args = args;
    c.hfTokenSecret = hfTokenSecret;
    c.values = values;
    c.overrides = overrides;
    change.accept(c);
    Objects.requireNonNull(c.chart, "model service chart");
    if (c.decodeReplicas < 0 || c.prefillReplicas < 0) {
      throw new IllegalArgumentException("replicas must be >= 0");
    }
    if (c.decodeReplicas + c.prefillReplicas == 0) {
      throw new IllegalArgumentException(
          "a model service needs at least one decode or prefill replica");
    }
    return c;
  }

  /** The model id served. */
  public String model() {
    return model;
  }

  /** The llm-d-modelservice chart installed (default {@link #DEFAULT_CHART}). */
  public ChartRef chart() {
    return chart;
  }

  /** The Secret holding {@code HF_TOKEN}, or {@code null}; values only ever reference it. */
  public String hfTokenSecret() {
    return hfTokenSecret;
  }

  /** A copy with another Helm release name ({@code null}: derived from the label). */
  public ModelServiceSpec withRelease(String name) {
    return copy(c -> c.release = name);
  }

  /** A copy installing another chart or version. */
  public ModelServiceSpec withChart(ChartRef ref) {
    return copy(c -> c.chart = ref);
  }

  /**
   * A copy taking the model from elsewhere: {@code hf://<model>} unless set. A {@code
   * pvc://<claim>/<path>} URI (e.g. from {@code ModelDownload}) makes the servers mount the claim
   * and load the model from it instead of downloading.
   *
   * @throws IllegalArgumentException for a URI that is neither {@code hf://<model>} nor {@code
   *     pvc://<claim>/<path>}
   */
  public ModelServiceSpec withModelUri(String uri) {
    if (uri != null
        && !uri.matches("hf://[^/\\s]+(/[^/\\s]+)?")
        && !uri.matches("pvc://[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[^\\s]+")) {
      throw new IllegalArgumentException(
          "modelUri must be hf://<model> or pvc://<claim>/<path>, was " + uri);
    }
    return copy(c -> c.modelUri = uri);
  }

  /** A copy with {@code n} decode (or, without disaggregation, serving) replicas (default 1). */
  public ModelServiceSpec withDecodeReplicas(int n) {
    return copy(c -> c.decodeReplicas = n);
  }

  /**
   * A copy with {@code n} prefill replicas; more than zero enables prefill/decode disaggregation.
   */
  public ModelServiceSpec withPrefillReplicas(int n) {
    return copy(c -> c.prefillReplicas = n);
  }

  /** A copy with another vLLM image reference (default {@code vllm/vllm-openai:v0.11.2}). */
  public ModelServiceSpec withImage(String ref) {
    return copy(c -> c.image = ref);
  }

  /** A copy with these vLLM arguments, upserted by flag prefix. */
  public ModelServiceSpec withArgs(String... vllmArgs) {
    return copy(c -> c.args = List.of(vllmArgs));
  }

  /**
   * A copy naming the Secret (key {@code HF_TOKEN}) the servers read their Hugging Face token from,
   * by {@code secretKeyRef}.
   */
  public ModelServiceSpec withHuggingFaceTokenSecret(String secretName) {
    return copy(c -> c.hfTokenSecret = secretName);
  }

  /** A copy with these extra values, merged over the derived ones ({@code null}: none). */
  public ModelServiceSpec withValues(Map<String, Object> extra) {
    return copy(c -> c.values = extra == null ? Map.of() : extra);
  }

  /** A copy with extra values given as YAML, which must be a map. */
  public ModelServiceSpec withValues(String yaml) {
    return withValues(Values.parse(yaml, "model service values"));
  }

  /**
   * A copy with more override rules, one per line, e.g. {@code
   * decode.containers[name="vllm"].args=--max-model-len=16000}.
   */
  public ModelServiceSpec withOverrides(String rules) {
    Overrides more = Overrides.parse(rules);
    return copy(c -> c.overrides = overrides.and(more));
  }

  /** The release name for a label. */
  public String releaseName(ModelLabel label) {
    return release != null ? release : label.value() + "-ms";
  }

  /**
   * The values given to the chart. The decode and prefill containers start from the chart's default
   * containers ({@code chartDefaults}) and are patched by name, so chart defaults such as volume
   * mounts and {@code mountModelVolume} stay.
   */
  Map<String, Object> chartValues(ModelLabel label, Map<String, Object> chartDefaults) {
    Map<String, Object> artifacts =
        Values.map(
            "name",
            model,
            "uri",
            modelUri != null ? modelUri : "hf://" + model,
            "labels",
            Values.map("llm-d.ai/inferenceServing", "true", "llm-d.ai/model", label.value()));
    if (hfTokenSecret != null) {
      artifacts.put("authSecretName", hfTokenSecret);
    }
    Map<String, Object> base =
        Values.map(
            "fullnameOverride", label.value(),
            "modelArtifacts", artifacts,
            "decode", role(decodeReplicas, Values.get(chartDefaults, "decode", "containers")),
            "prefill", role(prefillReplicas, Values.get(chartDefaults, "prefill", "containers")));
    // Order: derived values, extra values, the args, the caller's overrides, then the rules that
    // wire the label
    // (as the upstream task appends them last).
    List<String> argRules = new ArrayList<>();
    for (String a : args) {
      argRules.add("decode.containers[name=\"vllm\"].args=" + a);
      if (prefillReplicas > 0) {
        argRules.add("prefill.containers[name=\"vllm\"].args=" + a);
      }
    }
    Overrides labelRules =
        Overrides.of(
            "fullnameOverride=" + label.value(),
            "modelArtifacts.name=" + model,
            "modelArtifacts.labels.\"llm-d.ai/model\"=" + label.value());
    return Overrides.of(argRules.toArray(String[]::new))
        .and(overrides)
        .and(labelRules)
        .applyTo(Values.merge(base, values));
  }

  private Map<String, Object> role(int replicas, Object defaultContainers) {
    Map<String, Object> ours = Values.map("containers", new ArrayList<>(List.of(vllmContainer())));
    Map<String, Object> role =
        defaultContainers instanceof List<?>
            ? Values.merge(Values.map("containers", defaultContainers), ours)
            : ours;
    role.put("create", replicas > 0);
    role.put("replicas", replicas);
    return role;
  }

  private Map<String, Object> vllmContainer() {
    Map<String, Object> c = Values.map("name", "vllm", "image", image, "modelCommand", "vllmServe");
    if (modelUri != null && modelUri.startsWith("pvc://")) {
      c.put("mountModelVolume", true); // the chart mounts the claim only into such containers
    }
    return c;
  }
}
