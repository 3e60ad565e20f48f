package ai.llmd.bench.experiment;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a cluster's controllers and kubelets do for a stack, against the mock API server: pods
 * (Ready) for each Deployment's replicas with its template labels and the Deployment's status, an
 * endpoint-picker pod per InferencePool and a gateway pod per Gateway, as the GAIE chart and the
 * gateway controller create them. Driven by informers (watches), as the controllers are.
 */
final class FakeCluster implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  FakeCluster(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    informers.add(
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .inform(
                new Handler<>() {
                  @Override
                  void changed(Deployment d) {
                    reconcile(d);
                  }

                  @Override
                  public void onDelete(Deployment d, boolean unknown) {
                    deletePods(d.getMetadata().getName() + "-");
                  }
                }));
    informers.add(
        client
            .genericKubernetesResources("inference.networking.k8s.io/v1", "InferencePool")
            .inNamespace(namespace)
            .inform(
                new Handler<>() {
                  @Override
                  void changed(GenericKubernetesResource pool) {
                    String name = pool.getMetadata().getName();
                    String epp = (name.length() > 40 ? name.substring(0, 40) : name) + "-epp";
                    ensurePod(epp + "-0", Map.of("inferencepool", epp));
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource pool, boolean unknown) {
                    deletePods(pool.getMetadata().getName() + "-epp-");
                  }
                }));
    informers.add(
        client
            .resources(Gateway.class)
            .inNamespace(namespace)
            .inform(
                new Handler<>() {
                  @Override
                  void changed(Gateway g) {
                    ensurePod(
                        g.getMetadata().getName() + "-0",
                        Map.of(
                            "gateway.networking.k8s.io/gateway-name", g.getMetadata().getName()));
                  }
                }));
  }

  private abstract static class Handler<T> implements ResourceEventHandler<T> {
    abstract void changed(T t);

    @Override
    public void onAdd(T t) {
      changed(t);
    }

    @Override
    public void onUpdate(T old, T t) {
      changed(t);
    }

    @Override
    public void onDelete(T t, boolean unknown) {}
  }

  private synchronized void reconcile(Deployment d) {
    String name = d.getMetadata().getName();
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
    for (int i = 0; i < want; i++) {
      ensurePod(name + "-" + i, labels);
    }
    for (Pod p : pods(name + "-")) {
      String suffix = p.getMetadata().getName().substring(name.length() + 1);
      if (suffix.matches("\\d+") && Integer.parseInt(suffix) >= want) {
        client.pods().inNamespace(namespace).withName(p.getMetadata().getName()).delete();
      }
    }
    var status =
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(want)
            .withUpdatedReplicas(want)
            .withReadyReplicas(want)
            .withAvailableReplicas(want)
            .build();
    if (!status.equals(d.getStatus())) {
      d.setStatus(status);
      client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
    }
  }

  private List<Pod> pods(String prefix) {
    return client.pods().inNamespace(namespace).list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith(prefix))
        .toList();
  }

  private void deletePods(String prefix) {
    for (Pod p : pods(prefix)) {
      client.pods().inNamespace(namespace).withName(p.getMetadata().getName()).delete();
    }
  }

  private synchronized void ensurePod(String name, Map<String, String> labels) {
    if (client.pods().inNamespace(namespace).withName(name).get() != null) {
      return;
    }
    ai.llmd.bench.testkit.ClusterSeed.readyPod(client, namespace, name, labels);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
