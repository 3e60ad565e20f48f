package ai.llmd.bench.stack;

import ai.llmd.bench.helm.HelmClient;
import ai.llmd.bench.report.Reports;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;

/**
 * A stack: a gateway, an InferencePool with its endpoint picker, vLLM model servers and an
 * HTTPRoute, keyed by a model label. {@link Builder#plan()} renders everything without a cluster.
 *
 * <pre>{@code
 * StackPlan plan = Stack.builder()
 *     .namespace("bench")
 *     .gateway(GatewaySpec.llmdInfra().gatewayClass(GatewayClass.ISTIO))
 *     .gaie(GaieSpec.inferencePool())
 *     .model(ModelServiceSpec.of("Qwen/Qwen3-0.6B").decodeReplicas(2))
 *     .route(RouteSpec.perStack())
 *     .plan();
 * }</pre>
 */
public final class Stack {
  /** Label on everything the library creates. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /** Its value. */
  public static final String MANAGED_BY = "llmd-bench";

  /** The pods' model label key, also on the route. */
  public static final String MODEL_LABEL = "llm-d.ai/model";

  private Stack() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Configures a stack; {@link #plan()} validates and renders it. */
  public static final class Builder {
    private String namespace = "default";
    private ModelLabel label;
    private GatewaySpec gateway = GatewaySpec.llmdInfra();
    private GaieSpec gaie = GaieSpec.inferencePool();
    private ModelServiceSpec model;
    private RouteSpec route = RouteSpec.perStack();
    private HelmClient helm;
    private KubernetesClient client;
    private Duration readyTimeout = Duration.ofMinutes(15);
    private boolean keepOnFailure;
    private String hfToken;

    private Builder() {}

    /**
     * The cluster to deploy into (default: the default kubeconfig). An injected client stays the
     * caller's.
     */
    public Builder kubernetes(KubernetesClient client) {
      this.client = client;
      return this;
    }

    /** How long {@link #deploy()} waits for the pods to be Ready (default 15 minutes). */
    public Builder readyTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("readyTimeout must be positive, was " + timeout);
      }
      this.readyTimeout = timeout;
      return this;
    }

    /** Keep what a failed {@link #deploy()} created, for debugging (default: roll it back). */
    public Builder keepOnFailure(boolean keep) {
      this.keepOnFailure = keep;
      return this;
    }

    /**
     * A Hugging Face token: {@link #deploy()} stores it in the Secret {@value #HF_SECRET} (key
     * {@code HF_TOKEN}) and the model servers reference it by {@code secretKeyRef}. It never
     * appears in values, plans or records.
     */
    public Builder huggingFaceToken(String token) {
      this.hfToken = token;
      return this;
    }

    /** The Secret created from {@link #huggingFaceToken(String)}. */
    public static final String HF_SECRET = "llmd-bench-hf-token";

    public Builder namespace(String namespace) {
      ModelLabel.requireDnsLabel("namespace", namespace);
      this.namespace = namespace;
      return this;
    }

    /**
     * The stack's key; derived from the model and namespace when not given.
     *
     * @throws IllegalArgumentException when it is not a DNS label
     */
    public Builder modelLabel(String label) {
      this.label = ModelLabel.of(label);
      return this;
    }

    public Builder gateway(GatewaySpec spec) {
      this.gateway = spec;
      return this;
    }

    public Builder gaie(GaieSpec spec) {
      this.gaie = spec;
      return this;
    }

    public Builder model(ModelServiceSpec spec) {
      this.model = spec;
      return this;
    }

    public Builder route(RouteSpec spec) {
      this.route = spec;
      return this;
    }

    /** The Helm implementation (default: helm-java). */
    public Builder helm(HelmClient client) {
      this.helm = client;
      return this;
    }

    /**
     * Installs (or upgrades) the gateway, GAIE and model service releases through Helm, creates the
     * route, and waits (with watches) until the model pods, the endpoint picker and the gateway are
     * Ready. On a timeout or a pod that cannot start it throws {@link StackDeploymentException}
     * listing what is not ready, and removes what this call created unless {@link
     * #keepOnFailure(boolean)}.
     *
     * @throws IllegalArgumentException for bad input (see {@link #plan()}) or a label already used
     *     in the namespace; nothing is created then
     * @throws StackDeploymentException when the stack does not become ready
     */
    public DeployedStack deploy() {
      if (hfToken != null && model != null && model.hfTokenSecret() == null) {
        model = model.huggingFaceTokenSecret(HF_SECRET);
      }
      StackPlan plan = plan();
      KubernetesClient k =
          client != null
              ? client
              : new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
      return Deployer.deploy(
          k,
          helm != null ? helm : HelmClient.helmJava(),
          plan,
          gateway,
          gaie,
          model,
          route,
          hfToken,
          readyTimeout,
          keepOnFailure);
    }

    /**
     * Renders the stack with Helm's template action and builds its HTTPRoute, without a cluster.
     *
     * @throws IllegalArgumentException for a missing model, a chart Helm cannot render, or a
     *     derived name that is too long
     */
    public StackPlan plan() {
      if (model == null) {
        throw new IllegalArgumentException(
            "a stack needs a model: model(ModelServiceSpec.of(\"<model id>\"))");
      }
      ModelLabel l = label != null ? label : ModelLabel.derive(model.model(), namespace);
      String gaieRelease = gaie.releaseName(l);
      String msRelease = model.releaseName(l);
      for (String release : List.of(gateway.release(), gaieRelease, msRelease)) {
        if (release.length() > 53) {
          throw new IllegalArgumentException(
              "Helm release name '"
                  + release
                  + "' has "
                  + release.length()
                  + " characters (at most 53); use a shorter model label");
        }
      }
      HelmClient h = helm != null ? helm : HelmClient.helmJava();
      List<StackPlan.Release> releases =
          List.of(
              release(
                  h, "deploy_gateway", gateway.release(), gateway.chart(), gateway.chartValues()),
              release(
                  h,
                  "deploy_gaie",
                  gaieRelease,
                  gaie.chart(),
                  gaie.chartValues(l, gateway.gatewayClass())),
              release(h, "deploy_model", msRelease, model.chart(), model.chartValues(l)));
      return new StackPlan(namespace, l, releases, httpRoute(l, gaieRelease));
    }

    private StackPlan.Release release(
        HelmClient h, String step, String name, ChartRef chart, Map<String, Object> values) {
      String rendered = h.template(chart, name, namespace, values);
      List<Map<String, Object>> manifests = new ArrayList<>();
      try (MappingIterator<Object> docs =
          Reports.yamlMapper().readerFor(Object.class).readValues(rendered)) {
        while (docs.hasNext()) {
          Object doc = docs.next();
          if (doc instanceof Map<?, ?> m && !m.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> manifest = (Map<String, Object>) m;
            manifests.add(manifest);
          }
        }
      } catch (JacksonException e) {
        throw new IllegalArgumentException(
            "release " + name + " rendered invalid YAML: " + e.getOriginalMessage(), e);
      }
      return new StackPlan.Release(step, name, chart, values, manifests);
    }

    private HTTPRoute httpRoute(ModelLabel l, String pool) {
      String prefix = route.isShared() ? "/" + l.value() + "/v1" : "/" + l.value() + "/";
      String rewrite = route.isShared() ? "/v1" : "/";
      HTTPRouteRule rule =
          new HTTPRouteRuleBuilder()
              .addNewMatch()
              .withNewPath()
              .withType("PathPrefix")
              .withValue(prefix)
              .endPath()
              .endMatch()
              .addNewFilter()
              .withType("URLRewrite")
              .withNewUrlRewrite()
              .withNewPath()
              .withType("ReplacePrefixMatch")
              .withReplacePrefixMatch(rewrite)
              .endPath()
              .endUrlRewrite()
              .endFilter()
              .addNewBackendRef()
              .withGroup(gaie.poolGroup())
              .withKind("InferencePool")
              .withName(pool)
              .withPort(8000)
              .withWeight(1)
              .endBackendRef()
              .withNewTimeouts()
              .withRequest(route.requestTimeout())
              .withBackendRequest(route.backendRequestTimeout())
              .endTimeouts()
              .build();
      return new HTTPRouteBuilder()
          .withNewMetadata()
          .withName(route.routeName(l))
          .withNamespace(namespace)
          .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
          .addToLabels(route.isShared() ? Map.of() : Map.of(MODEL_LABEL, l.value()))
          .endMetadata()
          .withNewSpec()
          .addNewParentRef()
          .withGroup("gateway.networking.k8s.io")
          .withKind("Gateway")
          .withName(gateway.gatewayName())
          .endParentRef()
          .withRules(rule)
          .endSpec()
          .build();
    }
  }
}
