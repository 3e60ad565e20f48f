package ai.llmd.bench.stack;

import ai.llmd.bench.helm.HelmClient;
import ai.llmd.bench.kube.Kubeconfigs;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes what earlier runs left behind (a crashed JVM, {@code keepOnFailure}), by the
 * library's labels.
 *
 * <pre>{@code
 * List<String> removed = Stacks.cleanup(client, "bench");
 * }</pre>
 */
public final class Stacks {
  private static final Logger log = LoggerFactory.getLogger(Stacks.class);

  /** Annotation on each route the library creates: the Helm releases its stack installed. */
  public static final String RELEASES_ANNOTATION = "llmd-bench/releases";

  private Stacks() {}

  /**
   * Deletes the library's HTTPRoutes and Secrets in a namespace, uninstalls the releases named on
   * those routes, then the gateway releases the library installed.
   *
   * @return what was removed, e.g. {@code httproute/qwen}, {@code release/qwen-ms}
   */
  public static List<String> cleanup(KubernetesClient client, String namespace) {
    return cleanup(client, HelmClient.helmJava(), namespace);
  }

  static List<String> cleanup(KubernetesClient client, HelmClient helm, String namespace) {
    String kubeconfig = Kubeconfigs.from(client.getConfiguration());
    List<String> removed = new ArrayList<>();
    Set<String> releases = new LinkedHashSet<>();
    for (HTTPRoute r :
        client
            .resources(HTTPRoute.class)
            .inNamespace(namespace)
            .withLabel(Stack.MANAGED_BY_LABEL, Stack.MANAGED_BY)
            .list()
            .getItems()) {
      var annotations = r.getMetadata().getAnnotations();
      if (annotations != null && annotations.get(RELEASES_ANNOTATION) != null) {
        releases.addAll(Arrays.asList(annotations.get(RELEASES_ANNOTATION).split(",")));
      }
      client
          .resources(HTTPRoute.class)
          .inNamespace(namespace)
          .withName(r.getMetadata().getName())
          .delete();
      removed.add("httproute/" + r.getMetadata().getName());
    }
    List<String> ordered = new ArrayList<>(releases);
    for (int i = ordered.size() - 1; i >= 0; i--) {
      helm.uninstall(ordered.get(i), namespace, kubeconfig);
      removed.add("release/" + ordered.get(i));
    }
    // then the gateway releases the library installed: it labels their Gateway, Helm names them
    for (var g :
        client
            .genericKubernetesResources("gateway.networking.k8s.io/v1", "Gateway")
            .inNamespace(namespace)
            .withLabel(Stack.BENCH_LABEL, Stack.MANAGED_BY)
            .list()
            .getItems()) {
      var annotations = g.getMetadata().getAnnotations();
      String release = annotations == null ? null : annotations.get("meta.helm.sh/release-name");
      if (release != null && !releases.contains(release)) {
        helm.uninstall(release, namespace, kubeconfig);
        removed.add("release/" + release);
      }
    }
    for (var s :
        client
            .secrets()
            .inNamespace(namespace)
            .withLabel(Stack.MANAGED_BY_LABEL, Stack.MANAGED_BY)
            .list()
            .getItems()) {
      client.secrets().inNamespace(namespace).withName(s.getMetadata().getName()).delete();
      removed.add("secret/" + s.getMetadata().getName());
    }
    log.info("Removed from {}: {}", namespace, removed);
    return removed;
  }
}
