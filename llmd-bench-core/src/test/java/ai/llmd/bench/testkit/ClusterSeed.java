package ai.llmd.bench.testkit;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

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

  /**
   * A pod with {@code labels} that is Running and Ready, as the kubelet would report it: created,
   * then its status set (the mock server keeps status only through the status subresource).
   */
  public static Pod readyPod(
      KubernetesClient client, String namespace, String name, Map<String, String> labels) {
    Pod pod =
        client
            .pods()
            .inNamespace(namespace)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("c")
                    .withImage("img")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    return client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder(pod)
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .updateStatus();
  }
}
