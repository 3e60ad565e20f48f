package ai.llmd.bench.stack;

import ai.llmd.bench.helm.HelmClient;
import ai.llmd.bench.kube.Kubeconfigs;
import ai.llmd.bench.kube.PodWaits;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of {@link Stack.Builder#deploy()}: check, install, route, wait, and roll back on
 * failure.
 */
final class Deployer {
  private static final Logger log = LoggerFactory.getLogger(Deployer.class);

  private static final Map<String, Object> GATEWAY_LOCKS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Deployer() {}

  static DeployedStack deploy(
      KubernetesClient client,
      HelmClient helm,
      StackPlan plan,
      GatewaySpec gateway,
      GaieSpec gaie,
      ModelServiceSpec model,
      RouteSpec route,
      String hfToken,
      Duration readyTimeout,
      boolean keepOnFailure) {
    String ns = plan.namespace();
    String label = plan.label().value();
    refuseDuplicate(client, plan, route);
    String kubeconfig = Kubeconfigs.from(client.getConfiguration());
    long start = System.nanoTime();
    List<String> created = new ArrayList<>();
    boolean routeCreated = false;
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
                    .endMetadata()
                    .addToStringData("HF_TOKEN", hfToken)
                    .build())
            .createOr(op -> op.update());
      }
      for (StackPlan.Release r : plan.releases()) {
        if (r.step().equals("deploy_gateway")) {
          // One gateway per namespace, shared by its stacks: installed once, even when stacks
          // deploy in parallel.
          synchronized (
              GATEWAY_LOCKS.computeIfAbsent(client.getMasterUrl() + "/" + ns, k -> new Object())) {
            if (client
                    .resources(Gateway.class)
                    .inNamespace(ns)
                    .withName(gateway.gatewayName())
                    .get()
                != null) {
              continue;
            }
            helm.upgradeInstall(r.chart(), r.name(), ns, r.values(), kubeconfig);
            label(client, ns, r, null);
          }
        } else {
          helm.upgradeInstall(r.chart(), r.name(), ns, r.values(), kubeconfig);
          label(client, ns, r, label);
        }
        created.add(r.name());
      }
      createRoute(client, plan, route, created);
      routeCreated = true;
      List<PodWaits.Outcome> outcomes =
          PodWaits.await(client, ns, requirements(plan, gateway, gaie), readyTimeout);
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
      log.info("Stack {} in {} ready in {} ms", label, ns, (System.nanoTime() - start) / 1_000_000);
      return new DeployedStack(
          client,
          plan,
          new DeployedStack.GatewayRef(
              gateway.gatewayName(),
              URI.create("http://" + gatewayService(gateway) + "." + ns + ".svc.cluster.local:80")),
          new DeployedStack.PoolRef(gaie.releaseName(plan.label()), gaie.poolGroup()),
          new DeployedStack.ModelServiceRef(
              label + "-decode",
              URI.create("http://" + label + "-decode." + ns + ".svc.cluster.local:8000")),
          created,
          DeployedStack.teardown(client, helm, kubeconfig, plan, created, route.isShared()));
    } catch (RuntimeException e) {
      if (!keepOnFailure) {
        rollback(client, helm, kubeconfig, plan, created, routeCreated, route.isShared());
      }
      throw e;
    }
  }

  private static void rollback(
      KubernetesClient client,
      HelmClient helm,
      String kubeconfig,
      StackPlan plan,
      List<String> created,
      boolean route,
      boolean shared) {
    try {
      if (route) {
        DeployedStack.teardown(client, helm, kubeconfig, plan, created, shared).run();
      } else {
        for (int i = created.size() - 1; i >= 0; i--) {
          helm.uninstall(created.get(i), plan.namespace(), kubeconfig);
        }
      }
    } catch (RuntimeException cleanup) {
      log.warn(
          "Rolling back stack {} in {} failed: {}",
          plan.label(),
          plan.namespace(),
          cleanup.getMessage());
    }
  }

  /**
   * Adds the library's labels to the objects a release created (helm-java offers no post-renderer),
   * so that they can be found and removed by label: managed-by on all, and the model label on the
   * stack's own releases.
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
        if (resource.get() == null) {
          continue;
        }
        resource.edit(
            r -> {
              if (r.getMetadata().getLabels() == null) {
                r.getMetadata().setLabels(new java.util.LinkedHashMap<>());
              }
              r.getMetadata().getLabels().put(Stack.MANAGED_BY_LABEL, Stack.MANAGED_BY);
              if (modelLabel != null) {
                r.getMetadata().getLabels().putIfAbsent(Stack.MODEL_LABEL, modelLabel);
              }
              return r;
            });
      } catch (RuntimeException e) {
        log.debug("Cannot label {} {}: {}", kind, name, e.getMessage());
      }
    }
  }

  /**
   * A second stack with the same label would share pods with the first: refused before anything is
   * created.
   */
  private static void refuseDuplicate(KubernetesClient client, StackPlan plan, RouteSpec route) {
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
    if (pods || ownRoute) {
      throw new IllegalArgumentException(
          "a stack with model label '"
              + label
              + "' already exists in namespace "
              + ns
              + "; choose another label");
    }
  }

  private static void createRoute(
      KubernetesClient client, StackPlan plan, RouteSpec route, List<String> releases) {
    var routes = client.resources(HTTPRoute.class).inNamespace(plan.namespace());
    HTTPRoute mine =
        new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder(plan.httpRoute())
            .editMetadata()
            .addToAnnotations(Stacks.RELEASES_ANNOTATION, String.join(",", releases))
            .endMetadata()
            .build();
    if (!route.isShared()) {
      routes.resource(mine).create();
      return;
    }
    HTTPRoute existing = routes.withName(mine.getMetadata().getName()).get();
    if (existing == null) {
      routes.resource(mine).create();
    } else {
      existing.getSpec().getRules().addAll(mine.getSpec().getRules());
      routes.resource(existing).update();
    }
  }

  private static List<PodWaits.Requirement> requirements(
      StackPlan plan, GatewaySpec gateway, GaieSpec gaie) {
    String label = plan.label().value();
    List<PodWaits.Requirement> r = new ArrayList<>();
    Map<String, Object> values = plan.release("deploy_model").values();
    int decode = replicas(values, "decode");
    int prefill = replicas(values, "prefill");
    if (decode > 0) {
      r.add(
          new PodWaits.Requirement(
              "decode pods", Stack.MODEL_LABEL + "=" + label + ",llm-d.ai/role=decode", decode));
    }
    if (prefill > 0) {
      r.add(
          new PodWaits.Requirement(
              "prefill pods", Stack.MODEL_LABEL + "=" + label + ",llm-d.ai/role=prefill", prefill));
    }
    String gaieRelease = gaie.releaseName(plan.label());
    String epp = (gaieRelease.length() > 40 ? gaieRelease.substring(0, 40) : gaieRelease) + "-epp";
    r.add(new PodWaits.Requirement("endpoint picker", "inferencepool=" + epp, 1));
    r.add(
        new PodWaits.Requirement(
            "gateway", "gateway.networking.k8s.io/gateway-name=" + gateway.gatewayName(), 1));
    return r;
  }

  /**
   * Replicas of a role from the final values: {@code <role>.create} and {@code <role>.replicas}.
   */
  private static int replicas(Map<String, Object> values, String role) {
    Object create = Values.get(values, role, "create");
    Object replicas = Values.get(values, role, "replicas");
    if (Boolean.FALSE.equals(create) || "false".equals(String.valueOf(create))) {
      return 0;
    }
    return replicas instanceof Number n ? n.intValue() : 0;
  }

  private static String gatewayService(GatewaySpec gateway) {
    return gateway.gatewayClass() == GatewayClass.ISTIO
        ? gateway.gatewayName() + "-istio"
        : gateway.gatewayName();
  }
}
