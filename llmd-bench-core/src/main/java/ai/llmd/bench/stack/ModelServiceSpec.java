package ai.llmd.bench.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The vLLM model servers (deploy_model): an llm-d-modelservice release, named {@code <label>-ms}
 * unless set, whose Deployments {@code <label>-decode} (and {@code <label>-prefill}) carry the
 * label {@code llm-d.ai/model=<label>}.
 *
 * <pre>{@code
 * ModelServiceSpec.of("Qwen/Qwen3-0.6B").decodeReplicas(2).args("--max-model-len=16000")
 *     .huggingFaceTokenSecret("hf-secret");
 * }</pre>
 *
 * @param model the model id served
 * @param modelUri {@code hf://<model>} unless set (e.g. {@code pvc://models/...})
 * @param hfTokenSecret name of a Secret holding {@code HF_TOKEN}; values only ever reference it
 */
public record ModelServiceSpec(
    String model,
    String release,
    ChartRef chart,
    String modelUri,
    int decodeReplicas,
    int prefillReplicas,
    String image,
    List<String> args,
    String hfTokenSecret,
    Map<String, Object> values,
    Overrides overrides) {

  /** The upstream chart: {@code llm-d-modelservice/llm-d-modelservice}, latest version. */
  public static final ChartRef DEFAULT_CHART =
      ChartRef.repo("https://llm-d-incubation.github.io/llm-d-modelservice/", "llm-d-modelservice");

  public ModelServiceSpec {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("a model service needs a model id, e.g. Qwen/Qwen3-0.6B");
    }
    Objects.requireNonNull(chart, "model service chart");
    if (decodeReplicas < 0 || prefillReplicas < 0) {
      throw new IllegalArgumentException("replicas must be >= 0");
    }
    if (decodeReplicas + prefillReplicas == 0) {
      throw new IllegalArgumentException(
          "a model service needs at least one decode or prefill replica");
    }
    args = args == null ? List.of() : List.copyOf(args);
    values = values == null ? Map.of() : values;
    overrides = overrides == null ? Overrides.none() : overrides;
  }

  /** One decode replica of {@code vllm/vllm-openai:v0.11.2} serving the model from Hugging Face. */
  public static ModelServiceSpec of(String model) {
    return new ModelServiceSpec(
        model,
        null,
        DEFAULT_CHART,
        null,
        1,
        0,
        "vllm/vllm-openai:v0.11.2",
        List.of(),
        null,
        null,
        null);
  }

  public ModelServiceSpec release(String name) {
    return new ModelServiceSpec(
        model,
        name,
        chart,
        modelUri,
        decodeReplicas,
        prefillReplicas,
        image,
        args,
        hfTokenSecret,
        values,
        overrides);
  }

  public ModelServiceSpec chart(ChartRef ref) {
    return new ModelServiceSpec(
        model,
        release,
        ref,
        modelUri,
        decodeReplicas,
        prefillReplicas,
        image,
        args,
        hfTokenSecret,
        values,
        overrides);
  }

  public ModelServiceSpec modelUri(String uri) {
    return new ModelServiceSpec(
        model,
        release,
        chart,
        uri,
        decodeReplicas,
        prefillReplicas,
        image,
        args,
        hfTokenSecret,
        values,
        overrides);
  }

  public ModelServiceSpec decodeReplicas(int n) {
    return new ModelServiceSpec(
        model,
        release,
        chart,
        modelUri,
        n,
        prefillReplicas,
        image,
        args,
        hfTokenSecret,
        values,
        overrides);
  }

  /** Prefill replicas; more than zero enables prefill/decode disaggregation. */
  public ModelServiceSpec prefillReplicas(int n) {
    return new ModelServiceSpec(
        model,
        release,
        chart,
        modelUri,
        decodeReplicas,
        n,
        image,
        args,
        hfTokenSecret,
        values,
        overrides);
  }

  public ModelServiceSpec image(String ref) {
    return new ModelServiceSpec(
        model,
        release,
        chart,
        modelUri,
        decodeReplicas,
        prefillReplicas,
        ref,
        args,
        hfTokenSecret,
        values,
        overrides);
  }

  /** vLLM arguments, upserted by flag prefix. */
  public ModelServiceSpec args(String... vllmArgs) {
    return new ModelServiceSpec(
        model,
        release,
        chart,
        modelUri,
        decodeReplicas,
        prefillReplicas,
        image,
        List.of(vllmArgs),
        hfTokenSecret,
        values,
        overrides);
  }

  /**
   * The Secret (key {@code HF_TOKEN}) the servers read their Hugging Face token from, by {@code
   * secretKeyRef}.
   */
  public ModelServiceSpec huggingFaceTokenSecret(String secretName) {
    return new ModelServiceSpec(
        model,
        release,
        chart,
        modelUri,
        decodeReplicas,
        prefillReplicas,
        image,
        args,
        secretName,
        values,
        overrides);
  }

  public ModelServiceSpec values(Map<String, Object> extra) {
    return new ModelServiceSpec(
        model,
        release,
        chart,
        modelUri,
        decodeReplicas,
        prefillReplicas,
        image,
        args,
        hfTokenSecret,
        extra,
        overrides);
  }

  /** Extra values as YAML, which must be a map. */
  public ModelServiceSpec values(String yaml) {
    return values(Values.parse(yaml, "model service values"));
  }

  /**
   * Override rules, one per line, e.g. {@code
   * decode.containers[name="vllm"].args=--max-model-len=16000}.
   */
  public ModelServiceSpec overrides(String rules) {
    return new ModelServiceSpec(
        model,
        release,
        chart,
        modelUri,
        decodeReplicas,
        prefillReplicas,
        image,
        args,
        hfTokenSecret,
        values,
        overrides.and(Overrides.parse(rules)));
  }

  /** The release name for a label. */
  public String releaseName(ModelLabel label) {
    return release != null ? release : label.value() + "-ms";
  }

  Map<String, Object> chartValues(ModelLabel label) {
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
            "decode", role(decodeReplicas),
            "prefill", role(prefillReplicas));
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

  private Map<String, Object> role(int replicas) {
    return Values.map(
        "create",
        replicas > 0,
        "replicas",
        replicas,
        "containers",
        new ArrayList<>(
            List.of(Values.map("name", "vllm", "image", image, "modelCommand", "vllmServe"))));
  }
}
