package ai.llmd.bench.stack;

import java.util.Map;
import java.util.Objects;

/**
 * The gateway of a namespace (deploy_gateway): an llm-d-infra release that creates the Gateway
 * {@code <release>-inference-gateway}, shared by every stack of the namespace.
 *
 * <pre>{@code
 * GatewaySpec.llmdInfra().withGatewayClass(GatewayClass.AGENTGATEWAY).withServiceType("NodePort");
 * }</pre>
 *
 * @param release the Helm release name
 * @param chart the llm-d-infra chart (default {@link #DEFAULT_CHART})
 * @param gatewayClass the gateway provider
 * @param serviceType type of the Service in front of the Gateway
 * @param values extra values, merged over the ones derived from the other settings
 * @param overrides {@code path=value} rules applied last
 */
public record GatewaySpec(
    String release,
    ChartRef chart,
    GatewayClass gatewayClass,
    String serviceType,
    Map<String, Object> values,
    Overrides overrides) {

  /** The upstream chart: {@code llm-d-infra/llm-d-infra}, latest version. */
  public static final ChartRef DEFAULT_CHART =
      ChartRef.repo("https://llm-d-incubation.github.io/llm-d-infra/", "llm-d-infra");

  /**
   * Defaults absent values and overrides to none.
   *
   * @param release the Helm release name
   * @param chart the llm-d-infra chart (default {@link #DEFAULT_CHART})
   * @param gatewayClass the gateway provider
   * @param serviceType type of the Service in front of the Gateway
   * @param values extra values, merged over the ones derived from the other settings
   * @param overrides {@code path=value} rules applied last
   * @throws NullPointerException when the release, chart or gateway class is null
   */
  public GatewaySpec {
    Objects.requireNonNull(release, "gateway release");
    Objects.requireNonNull(chart, "gateway chart");
    Objects.requireNonNull(gatewayClass, "gateway class");
    values = values == null ? Map.of() : values;
    overrides = overrides == null ? Overrides.none() : overrides;
  }

  /** llm-d-infra with the istio class, release {@code llmd-infra}. */
  public static GatewaySpec llmdInfra() {
    return new GatewaySpec(
        "llmd-infra", DEFAULT_CHART, GatewayClass.ISTIO, "ClusterIP", null, null);
  }

  /** A copy with another Helm release name (default {@code llmd-infra}). */
  public GatewaySpec withRelease(String name) {
    return new GatewaySpec(name, chart, gatewayClass, serviceType, values, overrides);
  }

  /** A copy installing another chart or version (default {@link #DEFAULT_CHART}). */
  public GatewaySpec withChart(ChartRef ref) {
    return new GatewaySpec(release, ref, gatewayClass, serviceType, values, overrides);
  }

  /** A copy with another gateway provider (default {@link GatewayClass#ISTIO}). */
  public GatewaySpec withGatewayClass(GatewayClass cls) {
    return new GatewaySpec(release, chart, cls, serviceType, values, overrides);
  }

  /**
   * A copy with another type of the Service in front of the Gateway: ClusterIP, NodePort or
   * LoadBalancer.
   */
  public GatewaySpec withServiceType(String type) {
    return new GatewaySpec(release, chart, gatewayClass, type, values, overrides);
  }

  /** A copy with these extra values, merged over the derived ones (replacing earlier extras). */
  public GatewaySpec withValues(Map<String, Object> extra) {
    return new GatewaySpec(release, chart, gatewayClass, serviceType, extra, overrides);
  }

  /** A copy with extra values given as YAML, which must be a map. */
  public GatewaySpec withValues(String yaml) {
    return withValues(Values.parse(yaml, "gateway values"));
  }

  /** A copy with more override rules, one per line, applied after the earlier ones. */
  public GatewaySpec withOverrides(String rules) {
    return new GatewaySpec(
        release, chart, gatewayClass, serviceType, values, overrides.and(Overrides.parse(rules)));
  }

  /**
   * The Gateway's name as llm-d-infra names it, {@code <release>-inference-gateway}; the plan reads
   * the actual name from the rendered manifests.
   */
  public String gatewayName() {
    return release + "-inference-gateway";
  }

  /**
   * The values given to the chart: the provider, class and provider parameters of the gateway
   * class, and nothing of another provider.
   */
  Map<String, Object> chartValues() {
    Map<String, Object> gateway =
        Values.map(
            "provider", gatewayClass.provider(),
            "gatewayClassName", gatewayClass.className(),
            "service", Values.map("type", serviceType),
            "gatewayParameters",
                gatewayClass == GatewayClass.GKE
                    ? Values.map("enabled", false)
                    : Values.map("enabled", true, "logLevel", "error"));
    return overrides.applyTo(Values.merge(Values.map("gateway", gateway), values));
  }
}
