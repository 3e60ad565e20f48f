package ai.llmd.bench.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A variation of the stack: {@code path=value} override rules on the Helm values of its releases
 * (the {@link ai.llmd.bench.stack.Overrides} language). An experiment deploys each setup treatment
 * in turn, upgrading the releases in place when only their values change.
 *
 * <pre>{@code
 * SetupTreatment twoReplicas = SetupTreatment.named("decode-2").withModelOverrides("decode.replicas=2");
 * SetupTreatment bigContext = SetupTreatment.named("ctx-16k")
 *     .withModelOverrides("decode.containers[name=\"vllm\"].args=--max-model-len=16000");
 * }</pre>
 *
 * @param name a DNS label naming it in the results layout
 * @param rules rules by release step ({@code deploy_gateway}, {@code deploy_gaie}, {@code
 *     deploy_model})
 * @since 0.1
 */
public record SetupTreatment(String name, Map<String, List<String>> rules) {
  /** The stack as given, without overrides. */
  public static final SetupTreatment BASE = new SetupTreatment("base", Map.of());

  /**
   * Checks the name and copies the rules ({@code null}: none).
   *
   * @param name a DNS label naming it in the results layout
   * @param rules rules by release step ({@code deploy_gateway}, {@code deploy_gaie}, {@code
   *     deploy_model})
   * @throws IllegalArgumentException when the name is not a DNS label
   */
  public SetupTreatment {
    Experiment.checkName("setup treatment name", name);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    (rules == null ? Map.<String, List<String>>of() : rules)
        .forEach((k, v) -> copy.put(k, List.copyOf(v)));
    rules = java.util.Collections.unmodifiableMap(copy);
  }

  /** A treatment with no rules yet. */
  public static SetupTreatment named(String name) {
    return new SetupTreatment(name, Map.of());
  }

  /** A copy with more rules on the model service release (llm-d-modelservice values). */
  public SetupTreatment withModelOverrides(String... overrideRules) {
    return add("deploy_model", overrideRules);
  }

  /** A copy with more rules on the GAIE release (inferencepool values). */
  public SetupTreatment withGaieOverrides(String... overrideRules) {
    return add("deploy_gaie", overrideRules);
  }

  /** A copy with more rules on the gateway release (llm-d-infra values); this always redeploys. */
  public SetupTreatment withGatewayOverrides(String... overrideRules) {
    return add("deploy_gateway", overrideRules);
  }

  private SetupTreatment add(String step, String... more) {
    Map<String, List<String>> r = new LinkedHashMap<>(rules);
    List<String> list = new ArrayList<>(r.getOrDefault(step, List.of()));
    for (String m : more) {
      list.add(Objects.requireNonNull(m, "rule"));
    }
    r.put(step, list);
    return new SetupTreatment(name, r);
  }
}
