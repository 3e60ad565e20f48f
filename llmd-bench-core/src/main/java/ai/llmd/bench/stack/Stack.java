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
 *     .gateway(GatewaySpec.llmdInfra().withGatewayClass(GatewayClass.ISTIO))
 *     .gaie(GaieSpec.inferencePool())
 *     .model(ModelServiceSpec.of("Qwen/Qwen3-0.6B").withDecodeReplicas(2))
 *     .route(RouteSpec.perStack())
 *     .plan();
 * }</pre>
 */
public final class Stack {
  /** Label on the objects the library itself creates (routes, Secrets). */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /** Its value. */
  public static final String MANAGED_BY = "llmd-bench";

  /**
   * The library's label on the objects the charts create, beside Helm's own {@code
   * app.kubernetes.io/managed-by: Helm} (which Helm relies on and which stays).
   */
  public static final String BENCH_LABEL = "llm-d.ai/managed-by";

  /** On each route: the Gateway it attaches to; the gateway is in use while such a route exists. */
  public static final String GATEWAY_LABEL = "llm-d.ai/gateway";

  /** The Kubernetes version {@link Builder#plan()} renders for unless set. */
  public static final String DEFAULT_KUBE_VERSION = "v1.34.0";

  /** The pods' model label key, also on the route. */
  public static final String MODEL_LABEL = "llm-d.ai/model";

  private Stack() {}

  /**
   * Starts a stack; only {@link Builder#model(ModelServiceSpec)} is required, the rest has defaults
   * (namespace {@code default}, the llm-d-infra gateway, GAIE's InferencePool, a route per stack).
   *
   * <pre>{@code
   * DeployedStack stack = Stack.builder()
   *     .namespace("bench")
   *     .model(ModelServiceSpec.of("Qwen/Qwen3-0.6B"))
   *     .deploy();
   * }</pre>
   */
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
    private boolean preflight = true;
    private String kubeVersion = DEFAULT_KUBE_VERSION;
    private final Map<String, Overrides> stepOverrides = new java.util.LinkedHashMap<>();

    private Builder() {}

    /** A builder with the same settings, to vary independently (e.g. one per setup treatment). */
    public Builder copy() {
      Builder b = new Builder();
      b.namespace = namespace;
      b.label = label;
      b.gateway = gateway;
      b.gaie = gaie;
      b.model = model;
      b.route = route;
      b.helm = helm;
      b.client = client;
      b.readyTimeout = readyTimeout;
      b.keepOnFailure = keepOnFailure;
      b.hfToken = hfToken;
      b.kubeVersion = kubeVersion;
      b.stepOverrides.putAll(stepOverrides);
      return b;
    }

    /**
     * Override rules applied last to the values of one release, by its step: {@code
     * deploy_gateway}, {@code deploy_gaie} or {@code deploy_model}; rules given for the same step
     * add up.
     *
     * @throws IllegalArgumentException for another step
     */
    public Builder overrides(String step, Overrides rules) {
      if (!List.of("deploy_gateway", "deploy_gaie", "deploy_model").contains(step)) {
        throw new IllegalArgumentException(
            "unknown step '" + step + "'; one of deploy_gateway, deploy_gaie, deploy_model");
      }
      stepOverrides.merge(step, rules, Overrides::and);
      return this;
    }

    /** The cluster client given with {@link #kubernetes}, or {@code null} for the default. */
    public KubernetesClient client() {
      return client;
    }

    /**
     * Whether {@link #deploy()} first runs {@link ai.llmd.bench.tooling.Preflight} with this
     * stack's requirements and refuses a cluster that fails it (default: yes).
     */
    public Builder preflight(boolean check) {
      this.preflight = check;
      return this;
    }

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

    /**
     * The namespace to render for and deploy into (default {@code default}).
     *
     * @throws IllegalArgumentException when it is not a DNS label
     */
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

    /** The gateway release (default {@link GatewaySpec#llmdInfra()}). */
    public Builder gateway(GatewaySpec spec) {
      this.gateway = spec;
      return this;
    }

    /** The InferencePool and endpoint picker release (default {@link GaieSpec#inferencePool()}). */
    public Builder gaie(GaieSpec spec) {
      this.gaie = spec;
      return this;
    }

    /** The model servers; required before {@link #plan()} or {@link #deploy()}. */
    public Builder model(ModelServiceSpec spec) {
      this.model = spec;
      return this;
    }

    /** The HTTPRoute to the pool (default {@link RouteSpec#perStack()}). */
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
     * The Kubernetes version {@link #plan()} renders the charts for (default {@value
     * #DEFAULT_KUBE_VERSION}), checked against each chart's {@code kubeVersion} constraint. {@link
     * #deploy()} uses the cluster's version instead.
     */
    public Builder kubeVersion(String version) {
      if (version == null || !version.matches("v?\\d+\\.\\d+(\\.\\d+)?([-+].*)?")) {
        throw new IllegalArgumentException("kubeVersion must look like v1.34.0, was " + version);
      }
      this.kubeVersion = version.startsWith("v") ? version : "v" + version;
      return this;
    }

    /**
     * Installs the gateway (unless the namespace has it), GAIE and model service releases through
     * Helm, creates the route, and waits (with watches) until the model pods, the endpoint picker
     * and the gateway are Ready. The charts are rendered for the cluster's Kubernetes version
     * first, exactly as {@link #plan()} shows them. On a timeout or a pod that cannot start it
     * throws {@link StackDeploymentException} listing what is not ready, and removes what this call
     * created unless {@link #keepOnFailure(boolean)}.
     *
     * @throws IllegalArgumentException for bad input (see {@link #plan()}) or a label already used
     *     in the namespace; nothing is created then
     * @throws ai.llmd.bench.tooling.PreflightException when the cluster fails the preflight checks
     *     (missing CRDs or gateway class, too few GPUs, denied permissions, quota); nothing is
     *     created then
     * @throws StackDeploymentException when the stack does not become ready
     */
    public DeployedStack deploy() {
      return deploy(false);
    }

    /**
     * Upgrades the installed stack of this label in place ({@code helm upgrade} of its releases
     * with the changed values, its route rule replaced) and waits until it is Ready again. The
     * gateway release is left as it is unless it is missing.
     *
     * @throws IllegalArgumentException when no stack of this label is installed in the namespace
     */
    public DeployedStack upgrade() {
      return deploy(true);
    }

    private DeployedStack deploy(boolean upgrade) {
      KubernetesClient k =
          client != null
              ? client
              : new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
      String clusterVersion = kubeVersion;
      try {
        String git = k.getKubernetesVersion().getGitVersion();
        if (git != null && !git.isBlank()) {
          clusterVersion = git;
        }
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "cannot read the Kubernetes version of " + k.getMasterUrl() + ": " + e.getMessage(), e);
      }
      StackPlan plan = plan(clusterVersion);
      if (preflight) {
        var report =
            ai.llmd.bench.tooling.Preflight.check(
                k, namespace, ai.llmd.bench.tooling.StackRequirements.of(plan));
        if (!report.ok()) {
          throw new ai.llmd.bench.tooling.PreflightException(
              "stack " + plan.label().value() + " cannot be deployed in " + namespace, report);
        }
      }
      return Deployer.deploy(
          k, helm(), plan, gateway, route, hfToken, readyTimeout, keepOnFailure, upgrade);
    }

    private HelmClient helm() {
      return helm != null ? helm : HelmClient.helmJava();
    }

    /**
     * Renders the stack with Helm's template action for {@link #kubeVersion(String)}, reads the
     * Gateway, InferencePool and endpoint picker from what the charts rendered, checks that they
     * fit together, and builds the HTTPRoute, without a cluster. What it shows is what {@link
     * #deploy()} installs: the same values and Secret references.
     *
     * @throws IllegalArgumentException for a missing model, an unknown EPP preset, a chart Helm
     *     cannot render (its kubeVersion excludes the version, its schema rejects a value), a chart
     *     that renders no pool or not what was asked, or a derived name that is too long; each
     *     names the chart and the value
     */
    public StackPlan plan() {
      return plan(kubeVersion);
    }

    private StackPlan plan(String version) {
      if (model == null) {
        throw new IllegalArgumentException(
            "a stack needs a model: model(ModelServiceSpec.of(\"<model id>\"))");
      }
      ModelServiceSpec m =
          hfToken != null && model.hfTokenSecret() == null
              ? model.withHuggingFaceTokenSecret(HF_SECRET)
              : model;
      ModelLabel l = label != null ? label : ModelLabel.derive(m.model(), namespace);
      String gaieRelease = gaie.releaseName(l);
      String msRelease = m.releaseName(l);
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
      HelmClient h = helm();
      Map<String, Object> gaieValues = gaie.chartValues(l, gateway.gatewayClass());
      Map<String, Object> msValues = m.chartValues(l, h.defaultValues(m.chart()));
      StackPlan.Release infra =
          release(
              h,
              version,
              "deploy_gateway",
              gateway.release(),
              gateway.chart(),
              gateway.chartValues());
      StackPlan.Release pool =
          release(h, version, "deploy_gaie", gaieRelease, gaie.chart(), gaieValues);
      StackPlan.Release ms = release(h, version, "deploy_model", msRelease, m.chart(), msValues);
      StackPlan.Wiring wiring =
          Rendered.pool(
              pool,
              gaie.requestedPoolApiVersion(),
              l,
              Rendered.gateway(infra, gateway.gatewayClass()));
      Object configFile = Values.get(gaieValues, "inferenceExtension", "pluginsConfigFile");
      Rendered.eppConfig(pool, configFile == null ? null : configFile.toString());
      wiring =
          wiring.withModelService(
              Rendered.modelServers(ms, Rendered.poolSelector(pool), wiring, namespace));
      return new StackPlan(
          namespace, l, List.of(infra, pool, ms), httpRoute(l, wiring), wiring, version);
    }

    private StackPlan.Release release(
        HelmClient h,
        String version,
        String step,
        String name,
        ChartRef chart,
        Map<String, Object> values) {
      Overrides more = stepOverrides.get(step);
      if (more != null) {
        values = more.applyTo(values);
      }
      String rendered = h.template(chart, name, namespace, values, version);
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

    private HTTPRoute httpRoute(ModelLabel l, StackPlan.Wiring wiring) {
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
              .withGroup(wiring.poolGroup())
              .withKind("InferencePool")
              .withName(wiring.poolName())
              .withPort(wiring.poolPort())
              .withWeight(1)
              .endBackendRef()
              .withNewTimeouts()
              .withRequest(route.gatewayRequestTimeout())
              .withBackendRequest(route.gatewayBackendRequestTimeout())
              .endTimeouts()
              .build();
      return new HTTPRouteBuilder()
          .withNewMetadata()
          .withName(route.routeName(l))
          .withNamespace(namespace)
          .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
          .addToLabels(BENCH_LABEL, MANAGED_BY)
          .addToLabels(GATEWAY_LABEL, wiring.gatewayName())
          .addToLabels(route.isShared() ? Map.of() : Map.of(MODEL_LABEL, l.value()))
          .endMetadata()
          .withNewSpec()
          .addNewParentRef()
          .withGroup("gateway.networking.k8s.io")
          .withKind("Gateway")
          .withName(wiring.gatewayName())
          .endParentRef()
          .withRules(rule)
          .endSpec()
          .build();
    }
  }
}
