package ai.llmd.bench.tooling;

import ai.llmd.bench.helm.HelmClient;
import ai.llmd.bench.kube.Kubeconfigs;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.stack.ChartRef;
import ai.llmd.bench.tooling.ToolingReport.Action;
import ai.llmd.bench.tooling.ToolingReport.Entry;
import ai.llmd.bench.tooling.ToolingReport.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;

/**
 * Installs the cluster tooling stacks need, when absent and at chosen versions: the Gateway API
 * CRDs, the Inference Extension CRDs, a gateway provider, LWS and Tekton Pipelines. Manifests are
 * applied with fabric8 (server-side apply where the server supports it), charts go through the
 * {@link HelmClient}. Present tools are reported with their versions and left alone: nothing is
 * ever downgraded, and an older version is only upgraded when {@link Builder#upgrade(boolean)} says
 * so. {@link #uninstall(KubernetesClient, ToolingReport)} removes what an install created, and only
 * that. Installing tooling needs cluster-admin rights.
 *
 * <pre>{@code
 * ToolingReport report = Tooling.builder()
 *     .kubernetes(client)
 *     .gatewayApi("v1.5.1")
 *     .inferenceExtension("v1.0.1")
 *     .gatewayProvider("istio", "1.29.2")
 *     .install();
 * System.out.print(report.table());
 * Tooling.uninstall(client, report);      // only what this install created
 * }</pre>
 */
public final class Tooling {
  private static final Logger log = LoggerFactory.getLogger(Tooling.class);

  /** Label on every object and namespace an install created; its value is the tool's id. */
  public static final String TOOL_LABEL = "llmd-bench/tooling";

  /** The field manager of server-side apply. */
  public static final String FIELD_MANAGER = "llmd-bench";

  private Tooling() {}

  /**
   * Starts a tooling install; see the class documentation for an example. Only the tools asked for
   * are considered.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Chooses tools and versions; {@link #install()} validates everything before changing anything.
   */
  public static final class Builder {
    // installed in dependency order (CRDs, then providers, LWS, Tekton), whatever the call order
    private final Map<Tool, String> versions = new java.util.EnumMap<>(Tool.class);
    private final Map<Tool, ManifestSource> manifests = new LinkedHashMap<>();
    private final Map<Tool, List<ChartRef>> charts = new LinkedHashMap<>();
    private final Map<Tool, Map<String, Object>> values = new LinkedHashMap<>();
    private KubernetesClient client;
    private HelmClient helm;
    private boolean upgrade;

    private Builder() {}

    /** The cluster (default: the default kubeconfig). */
    public Builder kubernetes(KubernetesClient client) {
      this.client = client;
      return this;
    }

    /** The Helm implementation (default: helm-java). */
    public Builder helm(HelmClient helm) {
      this.helm = helm;
      return this;
    }

    /** The Gateway API CRDs (standard channel) at a release, e.g. {@code v1.5.1}. */
    public Builder gatewayApi(String version) {
      return tool(Tool.GATEWAY_API, version);
    }

    /** The Inference Extension CRDs at a GAIE release, e.g. {@code v1.0.1}. */
    public Builder inferenceExtension(String version) {
      return tool(Tool.INFERENCE_EXTENSION, version);
    }

    /**
     * A gateway provider by name ({@code istio}, {@code kgateway}, {@code agentgateway}).
     *
     * @throws IllegalArgumentException for an unknown provider or a malformed version
     */
    public Builder gatewayProvider(String provider, String version) {
      return tool(Tool.gatewayProvider(provider), version);
    }

    /** LeaderWorkerSet (needed for multinode model servers), e.g. {@code 0.10.0}. */
    public Builder lws(String version) {
      return tool(Tool.LWS, version);
    }

    /** Tekton Pipelines, e.g. {@code v1.15.0}. */
    public Builder tekton(String version) {
      return tool(Tool.TEKTON, version);
    }

    /**
     * A tool at a version ({@code null}: its {@linkplain Tool#defaultVersion() default}).
     *
     * @throws IllegalArgumentException when the version is not a release version
     */
    public Builder tool(Tool tool, String version) {
      String v = version == null ? tool.defaultVersion() : version.trim();
      if (!Versions.isVersion(v)) {
        throw new IllegalArgumentException(
            "unknown version '"
                + version
                + "' of "
                + tool.id()
                + " (expected e.g. "
                + tool.defaultVersion()
                + ")");
      }
      if (tool.isGatewayProvider()) {
        versions.keySet().stream()
            .filter(t -> t.isGatewayProvider() && t != tool)
            .findFirst()
            .ifPresent(
                other -> {
                  throw new IllegalArgumentException(
                      "one gateway provider per install: " + other.id() + " already chosen");
                });
      }
      versions.put(tool, v);
      return this;
    }

    /**
     * Applies this manifest instead of the tool's upstream release manifest (a vendored copy, a
     * mirror, a file); its version is read from the manifest's own labels when it has them.
     */
    public Builder manifest(Tool tool, ManifestSource source) {
      if (!tool.fromManifests()) {
        throw new IllegalArgumentException(tool.id() + " is installed from Helm charts");
      }
      manifests.put(tool, source);
      return this;
    }

    /** Installs these charts instead of the tool's upstream ones, one per upstream release. */
    public Builder charts(Tool tool, ChartRef... refs) {
      if (tool.fromManifests() || refs.length != tool.charts().size()) {
        throw new IllegalArgumentException(
            tool.id() + " needs " + tool.charts().size() + " chart(s): " + tool.charts());
      }
      charts.put(tool, List.of(refs));
      return this;
    }

    /** Helm values for every chart of a tool. */
    public Builder values(Tool tool, Map<String, Object> chartValues) {
      values.put(tool, chartValues);
      return this;
    }

    /** Upgrade tools found at an older version (default: report them and leave them alone). */
    public Builder upgrade(boolean upgradeOlder) {
      this.upgrade = upgradeOlder;
      return this;
    }

    /**
     * Installs what is absent. Every manifest is read and parsed before the first change, so a
     * wrong version (404), a missing file or a broken document fails with nothing applied.
     *
     * @return what was found and done per tool
     * @throws IllegalArgumentException when no tool was chosen
     * @throws ToolingException naming the tool when reading or installing fails
     */
    public ToolingReport install() {
      if (versions.isEmpty()) {
        throw new IllegalArgumentException(
            "no tool chosen: e.g. gatewayApi(\"v1.5.1\"), inferenceExtension(\"v1.0.1\")");
      }
      KubernetesClient k = client != null ? client : new KubernetesClientBuilder().build();
      HelmClient h = helm != null ? helm : HelmClient.helmJava();
      Map<Tool, List<HasMetadata>> loaded = new LinkedHashMap<>();
      for (Map.Entry<Tool, String> e : versions.entrySet()) {
        if (e.getKey().fromManifests()) {
          ManifestSource src =
              manifests.getOrDefault(e.getKey(), e.getKey().manifest(e.getValue()));
          loaded.put(e.getKey(), Manifests.parse(k, src.read(), src.toString()));
        }
      }
      String kubeconfig = null;
      boolean ssa = Manifests.serverSideApplySupported(k);
      List<Entry> entries = new ArrayList<>();
      for (Map.Entry<Tool, String> e : versions.entrySet()) {
        Tool tool = e.getKey();
        List<HasMetadata> objects = loaded.get(tool);
        String wanted = e.getValue();
        if (objects != null && manifests.containsKey(tool)) {
          String declared = declaredVersion(tool, objects);
          wanted = declared != null ? declared : wanted;
        }
        String found = null;
        boolean present;
        try {
          Detected d = detect(k, tool);
          present = d.present();
          found = d.version();
        } catch (KubernetesClientException ex) {
          throw new ToolingException(
              "cannot tell whether " + tool.id() + " is installed: " + ex.getMessage(), ex);
        }
        Action action;
        String detail;
        if (!present) {
          action = Action.INSTALLED;
          detail = "installed";
        } else if (found == null) {
          action = Action.PRESENT;
          detail = "present, version unreadable: left alone";
        } else {
          int c = Versions.compare(found, wanted);
          if (c == 0) {
            action = Action.PRESENT;
            detail = "present at the wanted version";
          } else if (c > 0) {
            action = Action.NEWER_PRESENT;
            detail = "newer version present: kept (never downgraded)";
          } else if (upgrade) {
            action = Action.UPGRADED;
            detail = "upgraded from " + found;
          } else {
            action = Action.OLDER_PRESENT;
            detail = "older version present: left alone (upgrade(true) to upgrade)";
          }
        }
        if (action != Action.INSTALLED && action != Action.UPGRADED) {
          entries.add(new Entry(tool.id(), action, wanted, found, detail, null, null, null));
          log.info("{}: {}", tool.id(), detail);
          continue;
        }
        boolean own = action == Action.INSTALLED;
        // what this tool got so far: on a failure it goes into the partial report
        List<ObjectRef> applied = new ArrayList<>();
        List<String> releases = new ArrayList<>();
        String createdNs = null;
        try {
          if (objects != null) {
            for (HasMetadata o : objects) {
              applied.add(Manifests.apply(k, o, own ? tool.id() : null, ssa));
            }
          } else {
            if (kubeconfig == null) {
              kubeconfig = Kubeconfigs.from(k.getConfiguration());
            }
            createdNs = own ? ensureNamespace(k, tool) : null;
            List<ChartRef> refs = charts.get(tool);
            for (int i = 0; i < tool.charts().size(); i++) {
              Tool.Chart c = tool.charts().get(i);
              ChartRef ref = refs != null ? refs.get(i) : c.at(wanted);
              // recorded first: a failed install can leave a release behind (status failed)
              releases.add(tool.namespace() + "/" + c.release());
              h.upgradeInstall(
                  ref,
                  c.release(),
                  tool.namespace(),
                  new LinkedHashMap<>(values.getOrDefault(tool, Map.of())),
                  kubeconfig);
            }
          }
          entries.add(
              entry(tool, action, wanted, found, detail, own, applied, releases, createdNs));
          log.info("{}: {} {}", tool.id(), detail, wanted);
        } catch (RuntimeException ex) {
          if (own && (!applied.isEmpty() || !releases.isEmpty() || createdNs != null)) {
            entries.add(
                entry(
                    tool,
                    action,
                    wanted,
                    found,
                    "partly installed",
                    own,
                    applied,
                    releases,
                    createdNs));
          }
          throw new ToolingException(
              "installing " + tool.id() + " " + wanted + " failed: " + ex.getMessage(),
              ex,
              new ToolingReport(entries));
        }
      }
      return new ToolingReport(entries);
    }
  }

  /**
   * Removes what an install created, newest first: its Helm releases, the namespaces it created for
   * them, and the manifest objects that still carry its {@value #TOOL_LABEL} label. Tools that were
   * present before (or only upgraded) are not touched.
   *
   * @return what was removed, e.g. {@code
   *     CustomResourceDefinition/gateways.gateway.networking.k8s.io}
   */
  public static List<String> uninstall(KubernetesClient client, ToolingReport report) {
    return uninstall(client, HelmClient.helmJava(), report);
  }

  /** {@link #uninstall(KubernetesClient, ToolingReport)} with a chosen Helm implementation. */
  public static List<String> uninstall(
      KubernetesClient client, HelmClient helm, ToolingReport report) {
    List<String> removed = new ArrayList<>();
    String kubeconfig = null;
    List<Entry> entries = new ArrayList<>(report.entries());
    java.util.Collections.reverse(entries);
    for (Entry e : entries) {
      if (e.action() != Action.INSTALLED) {
        continue;
      }
      List<String> releases = new ArrayList<>(e.releases());
      java.util.Collections.reverse(releases);
      for (String r : releases) {
        if (kubeconfig == null) {
          kubeconfig = Kubeconfigs.from(client.getConfiguration());
        }
        String ns = r.substring(0, r.indexOf('/'));
        helm.uninstall(r.substring(ns.length() + 1), ns, kubeconfig);
        removed.add("release/" + r);
      }
      if (e.createdNamespace() != null) {
        var ns = client.namespaces().withName(e.createdNamespace()).get();
        if (ns != null && e.tool().equals(label(ns, TOOL_LABEL))) {
          client.namespaces().withName(e.createdNamespace()).delete();
          removed.add("Namespace/" + e.createdNamespace());
        }
      }
      List<ObjectRef> objects = new ArrayList<>(e.objects());
      java.util.Collections.reverse(objects);
      for (ObjectRef o : objects) {
        if (Manifests.deleteIfLabelled(client, o, TOOL_LABEL, e.tool())) {
          removed.add(o.toString());
        }
      }
    }
    log.info("Tooling removed: {}", removed);
    return removed;
  }

  private static Entry entry(
      Tool tool,
      Action action,
      String wanted,
      String found,
      String detail,
      boolean own,
      List<ObjectRef> applied,
      List<String> releases,
      String createdNs) {
    return own
        ? new Entry(tool.id(), action, wanted, found, detail, applied, releases, createdNs)
        : new Entry(tool.id(), action, wanted, found, detail, null, null, null);
  }

  /** Whether a tool is installed, and its version when readable. */
  record Detected(boolean present, String version) {}

  static Detected detect(KubernetesClient client, Tool tool) {
    return switch (tool) {
      case GATEWAY_API ->
          crd(
              client,
              "gateways.gateway.networking.k8s.io",
              "gateway.networking.k8s.io/bundle-version",
              true);
      case INFERENCE_EXTENSION -> {
        Detected v1 =
            crd(
                client,
                "inferencepools.inference.networking.k8s.io",
                "inference.networking.k8s.io/bundle-version",
                true);
        yield v1.present()
            ? v1
            : crd(
                client,
                "inferencepools.inference.networking.x-k8s.io",
                "inference.networking.k8s.io/bundle-version",
                true);
      }
      case TEKTON -> crd(client, "pipelines.tekton.dev", "pipeline.tekton.dev/release", false);
      case LWS -> {
        Detected d = deployment(client, "lws");
        yield d.present()
            ? d
            : new Detected(
                client
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("leaderworkersets.leaderworkerset.x-k8s.io")
                        .get()
                    != null,
                null);
      }
      case ISTIO -> deployment(client, "istiod");
      case KGATEWAY -> deployment(client, "kgateway");
      case AGENTGATEWAY -> deployment(client, "agentgateway");
    };
  }

  private static Detected crd(
      KubernetesClient client, String name, String key, boolean annotation) {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    if (crd == null) {
      return new Detected(false, null);
    }
    Map<String, String> m =
        annotation ? crd.getMetadata().getAnnotations() : crd.getMetadata().getLabels();
    String v = m == null ? null : m.get(key);
    return new Detected(true, Versions.isVersion(v) ? v : null);
  }

  /** A controller Deployment labelled {@code app.kubernetes.io/name=<name>} in any namespace. */
  private static Detected deployment(KubernetesClient client, String name) {
    List<Deployment> found =
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .withLabel("app.kubernetes.io/name", name)
            .list()
            .getItems();
    if (found.isEmpty()) {
      return new Detected(false, null);
    }
    String v = label(found.get(0), "app.kubernetes.io/version");
    return new Detected(true, Versions.isVersion(v) ? v : null);
  }

  private static String label(HasMetadata o, String key) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  /** The version a manifest declares for itself, or {@code null}. */
  private static String declaredVersion(Tool tool, List<HasMetadata> objects) {
    String key =
        switch (tool) {
          case GATEWAY_API -> "gateway.networking.k8s.io/bundle-version";
          case INFERENCE_EXTENSION -> "inference.networking.k8s.io/bundle-version";
          case TEKTON -> "pipeline.tekton.dev/release";
          default -> null;
        };
    for (HasMetadata o : objects) {
      if (!(o instanceof CustomResourceDefinition)) {
        continue;
      }
      Map<String, String> m =
          tool == Tool.TEKTON ? o.getMetadata().getLabels() : o.getMetadata().getAnnotations();
      String v = m == null ? null : m.get(key);
      if (Versions.isVersion(v)) {
        return v;
      }
    }
    return null;
  }

  /** Creates the tool's namespace when absent; returns its name when this call created it. */
  private static String ensureNamespace(KubernetesClient client, Tool tool) {
    if (client.namespaces().withName(tool.namespace()).get() != null) {
      return null;
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(tool.namespace())
                .addToLabels(TOOL_LABEL, tool.id())
                .endMetadata()
                .build())
        .create();
    return tool.namespace();
  }

  /** Multi-document YAML to maps, skipping empty documents. */
  static List<Map<String, Object>> documents(String yaml, String source) {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (MappingIterator<Object> it =
        Reports.yamlMapper().readerFor(Object.class).readValues(yaml)) {
      while (it.hasNext()) {
        Object doc = it.next();
        if (doc instanceof Map<?, ?> m && !m.isEmpty()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> map = (Map<String, Object>) m;
          docs.add(map);
        }
      }
    } catch (JacksonException e) {
      throw new ToolingException(
          "manifest " + source + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
    return docs;
  }
}
