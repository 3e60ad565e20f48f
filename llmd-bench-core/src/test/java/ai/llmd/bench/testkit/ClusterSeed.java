package ai.llmd.bench.testkit;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What a controller would have put into a cluster, for tests against the mock server: e.g. a
 * gateway class its provider accepted (which {@code Stack.deploy()}'s preflight checks).
 *
 * <pre>{@code
 * ClusterSeed.gatewayClass(client, "istio", "istio.io/gateway-controller", true);
 * }</pre>
 */
public final class ClusterSeed {
  private ClusterSeed() {}

  /** A GatewayClass with an {@code Accepted} condition, as its controller sets it. */
  public static GatewayClass gatewayClass(
      KubernetesClient client, String name, String controller, boolean accepted) {
    return client
        .resources(GatewayClass.class)
        .resource(
            new GatewayClassBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withControllerName(controller)
                .endSpec()
                .withNewStatus()
                .addToConditions(
                    new ConditionBuilder()
                        .withType("Accepted")
                        .withStatus(accepted ? "True" : "False")
                        .withReason(accepted ? "Accepted" : "InvalidParameters")
                        .withMessage(accepted ? "Handled by " + controller : "rejected")
                        .withLastTransitionTime("2026-01-01T00:00:00Z")
                        .withObservedGeneration(1L)
                        .build())
                .endStatus()
                .build())
        .create();
  }
}
