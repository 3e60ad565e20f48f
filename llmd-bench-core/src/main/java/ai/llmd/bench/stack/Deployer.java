package ai.llmd.bench.stack;

import ai.llmd.bench.helm.HelmClient;
import ai.llmd.bench.kube.Kubeconfigs;
import ai.llmd.bench.kube.PodWaits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of {@link Stack.Builder#deploy()}: check, install, label, route, wait, and roll back on
 * failure; and of {@link DeployedStack#close()}: remove the stack's own objects, then the shared
 * ones (gateway release, shared route, token Secret) when no stack of the namespace uses them.
 */
final class Deployer {
  private static final Logger log = LoggerFactory.getLogger(Deployer.class);

  /** Per cluster and namespace: serialises gateway installs and shared-object teardown. */
  private static final Map<String, Object> NAMESPACE_LOCKS = new ConcurrentHashMap<>();

  /** Per cluster and namespace: deployments under way, which may still attach to the gateway. */
  private static final Map<String, AtomicInteger> IN_FLIGHT = new ConcurrentHashMap<>();

  private Deployer() {}

  static DeployedStack deploy(
      KubernetesClient client,
      HelmClient helm,
      StackPlan plan,
      GatewaySpec gateway,
      RouteSpec route,
      String hfToken,
      Duration readyTimeout,
      boolean keepOnFailure,
      boolean upgrade) {
    String ns = plan.namespace();
    String label = plan.label().value();
    preflight(client, plan, route, upgrade);
    String kubeconfig = Kubeconfigs.from(client.getConfiguration());
    String key = key(client, ns);
    AtomicInteger inFlight = IN_FLIGHT.computeIfAbsent(key, k -> new AtomicInteger());
    inFlight.incrementAndGet();
    boolean counted = true;
    long start = System.nanoTime();
    List<String> installed = new ArrayList<>();
    try {
      if (hfToken != null) {
        client
            .secrets()
            .inNamespace(ns)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(Stack.Builder.HF_SECRET)
                    .addToLabels(Stack.MANAGED_BY_LABEL, Stack.MANAGED_BY)
                    .addToLabels(Stack.BENCH_LABEL, Stack.MANAGED_BY)
                    .endMetadata()
                    .addToStringData("HF_TOKEN", hfToken)
                    .build())
            .createOr(op -> op.update());
      }
      for (StackPlan.Release r : plan.releases()) {
        if (r.step().equals("deploy_gateway")) {
          // One gateway per namespace, shared by its stacks: installed once, even when stacks
          // deploy in parallel.
          synchronized (lock(key)) {
            if (gatewayObject(client, ns, plan.wiring().gatewayName()) != null) {
              continue;
            }
            helm.upgradeInstall(r.chart(), r.name(), ns, r.values(), kubeconfig);
            label(client, ns, r, null);
          }
        } else {
          helm.upgradeInstall(r.chart(), r.name(), ns, r.values(), kubeconfig);
          label(client, ns, r, label);
        }
        installed.add(r.name());
      }
      applyRoute(client, plan, route, ownReleases(plan));
      List<PodWaits.Outcome> outcomes =
          PodWaits.await(client, ns, requirements(plan), readyTimeout);
      List<StackDeploymentException.NotReady> notReady = new ArrayList<>();
      for (PodWaits.Outcome o : outcomes) {
        if (!o.met()) {
          notReady.add(
              new StackDeploymentException.NotReady(
                  o.requirement().what() + " (" + o.requirement().selector() + ")",
                  o.requirement().count(),
                  o.ready(),
                  o.pods().stream().map(p -> PodWaits.describe(client, p, 20)).toList()));
        }
      }
      if (!notReady.isEmpty()) {
        boolean fatal = outcomes.stream().anyMatch(o -> !o.failing().isEmpty());
        throw new StackDeploymentException(
            "stack "
                + label
                + " in "
                + ns
                + (fatal ? " has pods that cannot start" : " not ready within " + readyTimeout),
            notReady,
            null);
      }
      log.info(
          "Stack {} in {} {} in {} ms",
          label,
          ns,
          upgrade ? "upgraded" : "ready",
          (System.nanoTime() - start) / 1_000_000);
      StackPlan.Wiring w = plan.wiring();
      return new DeployedStack(
          client,
          plan,
          new DeployedStack.GatewayRef(
              w.gatewayName(),
              URI.create(
                  "http://" + gatewayService(gateway, w) + "." + ns + ".svc.cluster.local:80")),
          new DeployedStack.PoolRef(w.poolName(), w.poolGroup()),
          new DeployedStack.ModelServiceRef(
              label + "-decode",
              URI.create("http://" + label + "-decode." + ns + ".svc.cluster.local:8000")),
          installed,
          () -> teardown(client, helm, kubeconfig, plan, route.isShared()));
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      counted = false;
      if (!keepOnFailure && !upgrade) {
        try {
          teardown(client, helm, kubeconfig, plan, route.isShared());
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
          log.warn("Rolling back stack {} in {} failed: {}", label, ns, cleanup.getMessage());
        }
      }
      throw e;
    } finally {
      if (counted) {
        inFlight.decrementAndGet();
      }
    }
  }

  /**
   * Checks before anything is created. A stack label must be new in the namespace (or, for an
   * upgrade, installed). Cluster checks (CRDs, gateway provider) belong here too.
   */
  private static void preflight(
      KubernetesClient client, StackPlan plan, RouteSpec route, boolean upgrade) {
    String ns = plan.namespace();
    String label = plan.label().value();
    boolean pods =
        !client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withLabel(Stack.MODEL_LABEL, label)
            .list()
            .getItems()
            .isEmpty();
    boolean ownRoute =
        !route.isShared()
            && client.resources(HTTPRoute.class).inNamespace(ns).withName(label).get() != null;
    if (upgrade && !pods) {
      throw new IllegalArgumentException(
          "no stack with model label '"
              + label
              + "' is installed in namespace "
              + ns
              + " to upgrade; deploy() it first");
    }
    if (!upgrade && (pods || ownRoute)) {
      throw new IllegalArgumentException(
          "a stack with model label '"
              + label
              + "' already exists in namespace "
              + ns
              + "; choose another label, or upgrade() it");
    }
  }

  /** The stack's own releases (GAIE and model service), in install order. */
  private static List<String> ownReleases(StackPlan plan) {
    return plan.releases().stream()
        .filter(r -> !r.step().equals("deploy_gateway"))
        .map(StackPlan.Release::name)
        .toList();
  }

  /**
   * Removes the stack: its route (or its rules of the shared route, and the shared route with the
   * last rule), its releases; then, when no stack of the namespace needs them any more, the token
   * Secret and the gateway release (only one the library installed).
   */
  static void teardown(
      KubernetesClient client,
      HelmClient helm,
      String kubeconfig,
      StackPlan plan,
      boolean sharedRoute) {
    String ns = plan.namespace();
    String key = key(client, ns);
    synchronized (lock(key)) {
      var routes = client.resources(HTTPRoute.class).inNamespace(ns);
      String routeName = plan.httpRoute().getMetadata().getName();
      HTTPRoute existing = routes.withName(routeName).get();
      if (existing != null && sharedRoute) {
        String pool = plan.wiring().poolName();
        existing.getSpec().getRules().removeIf(rule -> backsOnto(rule, pool));
        if (existing.getSpec().getRules().isEmpty()) {
          routes.withName(routeName).delete();
        } else {
          routes.resource(existing).update();
        }
      } else if (existing != null) {
        routes.withName(routeName).delete();
      }
      List<String> own = ownReleases(plan);
      for (int i = own.size() - 1; i >= 0; i--) {
        helm.uninstall(own.get(i), ns, kubeconfig);
      }
      removeUnusedSecret(client, plan);
      removeUnusedGateway(client, helm, kubeconfig, plan, key);
    }
  }

  private static boolean backsOnto(
      io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule rule, String pool) {
    return rule.getBackendRefs() != null
        && rule.getBackendRefs().stream().anyMatch(b -> pool.equals(b.getName()));
  }

  /** The token Secret goes with the last model server of the namespace that references it. */
  private static void removeUnusedSecret(KubernetesClient client, StackPlan plan) {
    Object secret =
        Values.get(plan.release("deploy_model").values(), "modelArtifacts", "authSecretName");
    if (!Stack.Builder.HF_SECRET.equals(secret)) {
      return; // the caller's own Secret, not ours to remove
    }
    String ns = plan.namespace();
    var s = client.secrets().inNamespace(ns).withName(Stack.Builder.HF_SECRET).get();
    if (s == null
        || s.getMetadata().getLabels() == null
        || !Stack.MANAGED_BY.equals(s.getMetadata().getLabels().get(Stack.BENCH_LABEL))) {
      return;
    }
    String ref = "\"name\":\"" + Stack.Builder.HF_SECRET + "\"";
    boolean used =
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withLabel(Stack.BENCH_LABEL, Stack.MANAGED_BY)
            .list()
            .getItems()
            .stream()
            .anyMatch(
                d ->
                    client
                        .getKubernetesSerialization()
                        .asJson(d.getSpec().getTemplate())
                        .contains(ref));
    if (!used) {
      client.secrets().inNamespace(ns).withName(Stack.Builder.HF_SECRET).delete();
      log.info("Removed the token Secret {} from {}", Stack.Builder.HF_SECRET, ns);
    }
  }

  /**
   * The gateway release goes when no route of the namespace attaches to its Gateway and no
   * deployment is under way, if the library installed it.
   */
  private static void removeUnusedGateway(
      KubernetesClient client, HelmClient helm, String kubeconfig, StackPlan plan, String key) {
    String ns = plan.namespace();
    String gatewayName = plan.wiring().gatewayName();
    GenericKubernetesResource gateway = gatewayObject(client, ns, gatewayName);
    if (gateway == null
        || gateway.getMetadata().getLabels() == null
        || !Stack.MANAGED_BY.equals(gateway.getMetadata().getLabels().get(Stack.BENCH_LABEL))) {
      return;
    }
    boolean routed =
        !client
            .resources(HTTPRoute.class)
            .inNamespace(ns)
            .withLabel(Stack.GATEWAY_LABEL, gatewayName)
            .list()
            .getItems()
            .isEmpty();
    if (routed || IN_FLIGHT.getOrDefault(key, new AtomicInteger()).get() > 0) {
      return;
    }
    String release = plan.release("deploy_gateway").name();
    helm.uninstall(release, ns, kubeconfig);
    log.info("Removed the gateway release {} from {}: no stack uses it", release, ns);
  }

  private static GenericKubernetesResource gatewayObject(
      KubernetesClient client, String ns, String name) {
    return client
        .genericKubernetesResources("gateway.networking.k8s.io/v1", "Gateway")
        .inNamespace(ns)
        .withName(name)
        .get();
  }

  /**
   * Adds the library's labels to the objects a release created (helm-java offers no post-renderer),
   * beside Helm's own: {@link Stack#BENCH_LABEL} on all, and the model label on the stack's own
   * releases.
   */
  private static void label(
      KubernetesClient client, String ns, StackPlan.Release release, String modelLabel) {
    for (Map<String, Object> m : release.manifests()) {
      Object apiVersion = m.get("apiVersion");
      Object kind = m.get("kind");
      Object name = Values.get(m, "metadata", "name");
      if (apiVersion == null || kind == null || name == null) {
        continue;
      }
      try {
        var resource =
            client
                .genericKubernetesResources(apiVersion.toString(), kind.toString())
                .inNamespace(ns)
                .withName(name.toString());
        resource.edit(
            r -> {
              if (r.getMetadata().getLabels() == null) {
                r.getMetadata().setLabels(new LinkedHashMap<>());
              }
              r.getMetadata().getLabels().put(Stack.BENCH_LABEL, Stack.MANAGED_BY);
              if (modelLabel != null) {
                r.getMetadata().getLabels().putIfAbsent(Stack.MODEL_LABEL, modelLabel);
              }
              return r;
            });
      } catch (RuntimeException e) {
        // e.g. an object a hook deleted again
        log.debug("Cannot label {} {}: {}", kind, name, e.getMessage());
      }
    }
  }

  /** Creates the stack's route, or adds (replaces) its rules in the shared one. */
  private static void applyRoute(
      KubernetesClient client, StackPlan plan, RouteSpec route, List<String> releases) {
    var routes = client.resources(HTTPRoute.class).inNamespace(plan.namespace());
    HTTPRoute mine =
        new HTTPRouteBuilder(plan.httpRoute())
            .editMetadata()
            .addToAnnotations(Stacks.RELEASES_ANNOTATION, String.join(",", releases))
            .endMetadata()
            .build();
    HTTPRoute existing = routes.withName(mine.getMetadata().getName()).get();
    if (existing == null) {
      routes.resource(mine).create();
      return;
    }
    if (!route.isShared()) {
      existing.setSpec(mine.getSpec());
      existing.getMetadata().getLabels().putAll(mine.getMetadata().getLabels());
    } else {
      String pool = plan.wiring().poolName();
      existing.getSpec().getRules().removeIf(rule -> backsOnto(rule, pool));
      existing.getSpec().getRules().addAll(mine.getSpec().getRules());
      var annotations = existing.getMetadata().getAnnotations();
      String listed = annotations == null ? null : annotations.get(Stacks.RELEASES_ANNOTATION);
      java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
      if (listed != null && !listed.isBlank()) {
        all.addAll(List.of(listed.split(",")));
      }
      all.addAll(releases);
      existing
          .getMetadata()
          .getAnnotations()
          .put(Stacks.RELEASES_ANNOTATION, String.join(",", all));
    }
    routes.resource(existing).update();
  }

  /** What must be Ready: the rendered workloads of the stack's releases, and the gateway's pods. */
  @SuppressWarnings("unchecked")
  private static List<PodWaits.Requirement> requirements(StackPlan plan) {
    List<PodWaits.Requirement> r = new ArrayList<>();
    for (String step : List.of("deploy_model", "deploy_gaie")) {
      Rendered.workloadSelectors(plan.release(step))
          .forEach(
              (name, v) -> {
                int replicas = (Integer) v[1];
                if (replicas == 0) {
                  return;
                }
                Map<String, Object> labels = (Map<String, Object>) v[0];
                Object role = labels.get("llm-d.ai/role");
                String what =
                    step.equals("deploy_gaie")
                        ? "endpoint picker"
                        : role != null ? role + " pods" : name + " pods";
                String selector =
                    new TreeMap<>(labels)
                        .entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(","));
                r.add(new PodWaits.Requirement(what, selector, replicas));
              });
    }
    r.add(
        new PodWaits.Requirement(
            "gateway", "gateway.networking.k8s.io/gateway-name=" + plan.wiring().gatewayName(), 1));
    return r;
  }

  private static String gatewayService(GatewaySpec gateway, StackPlan.Wiring w) {
    return gateway.gatewayClass() == GatewayClass.ISTIO
        ? w.gatewayName() + "-istio"
        : w.gatewayName();
  }

  private static String key(KubernetesClient client, String ns) {
    return client.getMasterUrl() + "/" + ns;
  }

  private static Object lock(String key) {
    return NAMESPACE_LOCKS.computeIfAbsent(key, k -> new Object());
  }
}
