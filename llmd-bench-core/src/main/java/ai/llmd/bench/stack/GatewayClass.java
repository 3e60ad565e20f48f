package ai.llmd.bench.stack;

import java.util.Arrays;
import java.util.Locale;

/**
 * The gateway provider of a stack: the {@code gatewayClassName} and the llm-d-infra {@code
 * gateway.provider} it sets, and the GAIE chart's {@code provider.name}.
 *
 * <pre>{@code
 * GatewayClass cls = GatewayClass.of("agentgateway");
 * }</pre>
 */
public enum GatewayClass {
  /** Istio: class {@code istio}. */
  ISTIO("istio", "istio", "istio"),
  /** kgateway: llm-d-infra v1.4 renders it as an agentgateway Gateway (deprecated alias). */
  KGATEWAY("kgateway", "kgateway", "none"),
  /** agentgateway: class {@code agentgateway}. */
  AGENTGATEWAY("agentgateway", "agentgateway", "none"),
  /** The GKE managed regional external L7 load balancer. */
  GKE("gke-l7-regional-external-managed", "gke-l7-regional-external-managed", "gke");

  private final String className;
  private final String provider;
  private final String gaieProvider;

  GatewayClass(String className, String provider, String gaieProvider) {
    this.className = className;
    this.provider = provider;
    this.gaieProvider = gaieProvider;
  }

  /** The {@code gatewayClassName} given to llm-d-infra. */
  public String className() {
    return className;
  }

  /** llm-d-infra's {@code gateway.provider}. */
  public String provider() {
    return provider;
  }

  /** The inferencepool chart's {@code provider.name}. */
  public String gaieProvider() {
    return gaieProvider;
  }

  /**
   * The class names the rendered Gateway may carry: llm-d-infra renders kgateway as {@code
   * agentgateway}.
   */
  boolean accepts(String renderedClassName) {
    return className.equals(renderedClassName)
        || (this == KGATEWAY && "agentgateway".equals(renderedClassName));
  }

  /**
   * The class for a name: the enum name or the class name, any case.
   *
   * @throws IllegalArgumentException naming the known classes
   */
  public static GatewayClass of(String name) {
    for (GatewayClass c : values()) {
      if (c.name().equalsIgnoreCase(name) || c.className.equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown gateway class '"
            + name
            + "': known classes are "
            + Arrays.stream(values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
  }
}
