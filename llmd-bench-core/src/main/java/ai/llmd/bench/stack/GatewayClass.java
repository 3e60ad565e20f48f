package ai.llmd.bench.stack;

/** The gateway provider of a stack, and the {@code gatewayClassName} it uses. */
public enum GatewayClass {
  ISTIO("istio"),
  KGATEWAY("kgateway"),
  AGENTGATEWAY("agentgateway"),
  GKE("gke-l7-regional-external-managed");

  private final String className;

  GatewayClass(String className) {
    this.className = className;
  }

  /** The Gateway's {@code gatewayClassName}. */
  public String className() {
    return className;
  }
}
