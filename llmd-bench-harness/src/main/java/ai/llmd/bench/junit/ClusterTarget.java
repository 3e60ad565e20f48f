package ai.llmd.bench.junit;

import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.stack.DeployedStack;
import ai.llmd.bench.stack.Stack;
import ai.llmd.bench.stack.StackPlan;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BenchTarget} backed by a stack deployed on a cluster, reached through a port forward.
 * Kept apart from the extension so that simulator-only tests never load Kubernetes classes.
 */
final class ClusterTarget implements LlmdBenchExtension.Running {
  private static final Logger log = LoggerFactory.getLogger(ClusterTarget.class);

  /** API groups served by Kubernetes itself: their kinds need no CRD. */
  private static final Set<String> BUILT_IN_GROUPS =
      Set.of(
          "",
          "apps",
          "batch",
          "policy",
          "autoscaling",
          "networking.k8s.io",
          "rbac.authorization.k8s.io",
          "apiextensions.k8s.io",
          "admissionregistration.k8s.io",
          "coordination.k8s.io",
          "discovery.k8s.io",
          "scheduling.k8s.io",
          "storage.k8s.io");

  private final KubernetesClient client;
  private final DeployedStack stack;
  private final DeployedStack.PortForward forward;
  private final String namespace;
  private final boolean ephemeral;
  private final String model;

  private ClusterTarget(
      KubernetesClient client,
      DeployedStack stack,
      DeployedStack.PortForward forward,
      String namespace,
      boolean ephemeral,
      String model) {
    this.client = client;
    this.stack = stack;
    this.forward = forward;
    this.namespace = namespace;
    this.ephemeral = ephemeral;
    this.model = model;
  }

  static ClusterTarget deploy(
      Stack.Builder builder, boolean ephemeral, boolean preserve, Class<?> testClass) {
    KubernetesClient client = connect();
    String namespace = null;
    boolean created = false;
    try {
      if (ephemeral) {
        namespace = "llmd-bench-" + UUID.randomUUID().toString().substring(0, 8);
        builder.namespace(namespace);
      }
      StackPlan plan = builder.kubernetes(client).keepOnFailure(preserve).plan();
      namespace = plan.namespace();
      Set<String> missing = missingCrds(client, plan);
      if (!missing.isEmpty()) {
        throw new TestAbortedException(
            "the cluster at "
                + client.getMasterUrl()
                + " lacks CRDs the stack needs: "
                + missing
                + " (install the Gateway API, Gateway API Inference Extension and gateway provider CRDs)");
      }
      if (ephemeral) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(namespace)
                    .addToLabels(Stack.MANAGED_BY_LABEL, Stack.MANAGED_BY)
                    .addToLabels("llmd-bench/test-class", label(testClass.getSimpleName()))
                    .endMetadata()
                    .build())
            .create();
        created = true;
        log.info("Created namespace {} for {}", namespace, testClass.getName());
      }
      DeployedStack stack = builder.deploy();
      DeployedStack.PortForward forward;
      try {
        forward = stack.portForward();
      } catch (RuntimeException e) {
        stack.close();
        throw e;
      }
      return new ClusterTarget(client, stack, forward, namespace, ephemeral, servedModel(plan));
    } catch (RuntimeException e) {
      if (created && preserve) {
        log.warn(
            "Deployment failed; namespace {} kept for debugging ({}=true)",
            namespace,
            LlmdBenchExtension.PRESERVE_PROPERTY);
      } else if (created) {
        client.namespaces().withName(namespace).delete();
      }
      client.close();
      throw e;
    }
  }

  /**
   * A client of the default kubeconfig that answers, or a skip naming why not. Fails fast: a
   * missing cluster should skip in seconds, not after the client's retries.
   */
  static KubernetesClient connect() {
    Config config =
        new ConfigBuilder(Config.autoConfigure(null))
            .withConnectionTimeout(5_000)
            .withRequestTimeout(10_000)
            .withRequestRetryBackoffLimit(0)
            .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    try {
      client.getKubernetesVersion();
      return client;
    } catch (RuntimeException e) {
      client.close();
      throw new TestAbortedException(
          "no Kubernetes cluster answers at "
              + config.getMasterUrl()
              + " (set KUBECONFIG, or run against the simulator): "
              + rootMessage(e));
    }
  }

  /** CRD names ({@code <plural>.<group>}) of the plan's kinds that the cluster does not serve. */
  static Set<String> missingCrds(KubernetesClient client, StackPlan plan) {
    Set<String> needed = new TreeSet<>();
    for (Map<String, Object> manifest : plan.manifests()) {
      String apiVersion = String.valueOf(manifest.get("apiVersion"));
      String group =
          apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      if (!BUILT_IN_GROUPS.contains(group) && manifest.get("kind") != null) {
        needed.add(plural(manifest.get("kind").toString()) + "." + group);
      }
    }
    Set<String> missing = new TreeSet<>();
    for (String crd : new ArrayList<>(needed)) {
      if (client.apiextensions().v1().customResourceDefinitions().withName(crd).get() == null) {
        missing.add(crd);
      }
    }
    return missing;
  }

  static String plural(String kind) {
    String k = kind.toLowerCase(Locale.ROOT);
    if (k.endsWith("y") && !k.matches(".*[aeiou]y")) {
      return k.substring(0, k.length() - 1) + "ies";
    }
    return k.endsWith("s") ? k + "es" : k + "s";
  }

  @SuppressWarnings("unchecked")
  private static String servedModel(StackPlan plan) {
    Object artifacts = plan.release("deploy_model").values().get("modelArtifacts");
    return artifacts instanceof Map<?, ?> m && m.get("name") != null
        ? m.get("name").toString()
        : plan.label().value();
  }

  private static String label(String s) {
    String l = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return l.length() > 63 ? l.substring(0, 63) : l;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  @Override
  public Kind kind() {
    return Kind.CLUSTER;
  }

  @Override
  public URI endpoint() {
    return forward.endpoint();
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public Optional<Simulator> simulator() {
    return Optional.empty();
  }

  @Override
  public Optional<DeployedStack> stack() {
    return Optional.of(stack);
  }

  @Override
  public void close(boolean failed, boolean preserve) {
    forward.close();
    try {
      if (failed && preserve) {
        log.warn(
            "A test failed; stack {} kept in namespace {} for debugging ({}=true). Remove it with"
                + " kubectl delete namespace {}",
            stack.label(),
            namespace,
            LlmdBenchExtension.PRESERVE_PROPERTY,
            namespace);
        return;
      }
      stack.close();
      if (ephemeral) {
        client.namespaces().withName(namespace).delete();
      }
    } finally {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "stack " + stack.label() + " in namespace " + namespace + " at " + endpoint();
  }
}
