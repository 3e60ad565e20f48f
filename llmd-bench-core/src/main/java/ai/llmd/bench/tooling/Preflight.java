package ai.llmd.bench.tooling;

import ai.llmd.bench.tooling.PreflightReport.Check;
import ai.llmd.bench.tooling.PreflightReport.Status;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Checks a cluster and namespace before a stack is deployed, so that a cluster that cannot work
 * fails at once with a readable message instead of a timeout: API version (and the charts'
 * kubeVersion constraints), CRDs (and which InferencePool group), the gateway class, allocatable
 * GPUs against what the model servers ask, storage classes (ReadWriteMany?), permissions for what a
 * stack deploy does (SelfSubjectAccessReview) and the namespace's quota.
 *
 * <pre>{@code
 * PreflightReport report = Preflight.check(client, "bench");
 * System.out.print(report.table());
 * PreflightReport forStack = Preflight.check(client, "bench",
 *     Preflight.Requirements.none().withGatewayClass("istio").withGpus("nvidia.com/gpu", 1, 2));
 * }</pre>
 */
public final class Preflight {

  /** GPU resource names looked for on nodes (plus any other containing {@code gpu}). */
  public static final List<String> GPU_RESOURCES = List.of("nvidia.com/gpu", "amd.com/gpu");

  /** Provisioner name fragments of storage that offers ReadWriteMany volumes. */
  static final List<String> RWX_PROVISIONERS =
      List.of(
          "cephfs",
          "nfs",
          "efs.csi.aws.com",
          "file.csi.azure.com",
          "azurefile",
          "filestore.csi.storage.gke.io",
          "glusterfs",
          "spectrumscale",
          "csi.trident.netapp.io",
          "lustre",
          "weka",
          "juicefs",
          "csi.vastdata.com");

  private Preflight() {}

  /**
   * A permission to check: a verb on a resource of an API group ({@code ""} for the core group).
   *
   * @param verb the verb, e.g. {@code create}
   * @param group the API group ({@code ""} for the core group)
   * @param resource the resource, plural, e.g. {@code deployments}
   */
  public record Permission(String verb, String group, String resource) {
    @Override
    public String toString() {
      return verb + " " + resource + (group.isEmpty() ? "" : "." + group);
    }
  }

  /** What a stack deploy does in its namespace (Helm releases, route, token Secret, waits). */
  public static final List<Permission> STACK_DEPLOY =
      permissions(
              "",
              List.of("secrets", "configmaps", "services", "serviceaccounts"),
              "create",
              "get",
              "list",
              "delete")
          .andThen("", List.of("pods"), "get", "list", "watch")
          .andThen("", List.of("pods/log"), "get")
          .andThen("apps", List.of("deployments"), "create", "get", "list", "delete")
          .andThen(
              "rbac.authorization.k8s.io", List.of("roles", "rolebindings"), "create", "delete")
          .andThen(
              "gateway.networking.k8s.io",
              List.of("httproutes", "gateways"),
              "create",
              "get",
              "delete")
          .list();

  /**
   * What a deploy needs from the cluster beyond the basics.
   *
   * @param gatewayClass the gateway class the Gateway uses, or {@code null} (not checked)
   * @param poolGroup the InferencePool API group the stack creates, or {@code null} (either)
   * @param gpuResource the GPU resource name the model servers ask for, e.g. {@code nvidia.com/gpu}
   * @param gpusPerPod GPUs the largest model-server pod asks for
   * @param pods model-server pods
   * @param gpus GPUs all model-server pods ask for together
   * @param kubeVersions chart to its {@code kubeVersion} constraint
   * @param readWriteMany whether a ReadWriteMany volume is needed (shared model cache)
   * @param permissions what the caller must be allowed to do in the namespace
   */
  public record Requirements(
      String gatewayClass,
      String poolGroup,
      String gpuResource,
      int gpusPerPod,
      int pods,
      int gpus,
      Map<String, String> kubeVersions,
      boolean readWriteMany,
      List<Permission> permissions) {
    /**
     * Copies the map and list.
     *
     * @param gatewayClass the gateway class the Gateway uses, or {@code null} (not checked)
     * @param poolGroup the InferencePool API group the stack creates, or {@code null} (either)
     * @param gpuResource the GPU resource name the model servers ask for, e.g. {@code
     *     nvidia.com/gpu}
     * @param gpusPerPod GPUs the largest model-server pod asks for
     * @param pods model-server pods
     * @param gpus GPUs all model-server pods ask for together
     * @param kubeVersions chart to its {@code kubeVersion} constraint
     * @param readWriteMany whether a ReadWriteMany volume is needed (shared model cache)
     * @param permissions what the caller must be allowed to do in the namespace
     */
    public Requirements {
      kubeVersions = Map.copyOf(kubeVersions);
      permissions = List.copyOf(permissions);
    }

    /** Nothing specific; the permissions of a stack deploy. */
    public static Requirements none() {
      return new Requirements(null, null, null, 0, 0, 0, Map.of(), false, STACK_DEPLOY);
    }

    /** A copy that checks the cluster has this GatewayClass ({@code null}: not checked). */
    public Requirements withGatewayClass(String name) {
      return new Requirements(
          name,
          poolGroup,
          gpuResource,
          gpusPerPod,
          pods,
          gpus,
          kubeVersions,
          readWriteMany,
          permissions);
    }

    /** A copy that checks the InferencePool CRD of this API group ({@code null}: either). */
    public Requirements withPoolGroup(String group) {
      return new Requirements(
          gatewayClass,
          group,
          gpuResource,
          gpusPerPod,
          pods,
          gpus,
          kubeVersions,
          readWriteMany,
          permissions);
    }

    /** A copy expecting {@code pods} pods asking for {@code perPod} of a GPU resource each. */
    public Requirements withGpus(String resource, int perPod, int podCount) {
      return withGpus(resource, perPod * podCount, perPod, podCount);
    }

    /**
     * A copy expecting model-server pods asking for {@code total} GPUs together, at most {@code
     * largestPod} each.
     */
    public Requirements withGpus(String resource, int total, int largestPod, int podCount) {
      return new Requirements(
          gatewayClass,
          poolGroup,
          resource,
          largestPod,
          podCount,
          total,
          kubeVersions,
          readWriteMany,
          permissions);
    }

    /** A copy that also checks a chart's {@code kubeVersion} constraint. */
    public Requirements withKubeVersion(String chart, String constraint) {
      Map<String, String> m = new LinkedHashMap<>(kubeVersions);
      m.put(chart, constraint);
      return new Requirements(
          gatewayClass,
          poolGroup,
          gpuResource,
          gpusPerPod,
          pods,
          gpus,
          m,
          readWriteMany,
          permissions);
    }

    /** A copy that checks for a ReadWriteMany storage class when {@code needed}. */
    public Requirements withReadWriteMany(boolean needed) {
      return new Requirements(
          gatewayClass,
          poolGroup,
          gpuResource,
          gpusPerPod,
          pods,
          gpus,
          kubeVersions,
          needed,
          permissions);
    }

    /** A copy that checks these permissions in the namespace instead of the default ones. */
    public Requirements withPermissions(List<Permission> list) {
      return new Requirements(
          gatewayClass,
          poolGroup,
          gpuResource,
          gpusPerPod,
          pods,
          gpus,
          kubeVersions,
          readWriteMany,
          list);
    }
  }

  /** {@link #check(KubernetesClient, String, Requirements)} with {@link Requirements#none()}. */
  public static PreflightReport check(KubernetesClient client, String namespace) {
    return check(client, namespace, Requirements.none());
  }

  /**
   * Runs every check; an unreachable API ends the checks early (one failure). Checks never throw:
   * what cannot be read (e.g. no permission to list nodes) becomes a warning.
   */
  public static PreflightReport check(
      KubernetesClient client, String namespace, Requirements requirements) {
    Objects.requireNonNull(namespace, "namespace");
    Requirements req = requirements == null ? Requirements.none() : requirements;
    List<Check> checks = new ArrayList<>();
    String version;
    try {
      VersionInfo v = client.getKubernetesVersion();
      version =
          v.getGitVersion() != null && Versions.isVersion(v.getGitVersion())
              ? v.getGitVersion()
              : "v"
                  + v.getMajor().replaceAll("\\D", "")
                  + "."
                  + v.getMinor().replaceAll("\\D", "")
                  + ".0";
      checks.add(pass("api", "reachable at " + client.getMasterUrl() + ", Kubernetes " + version));
    } catch (RuntimeException e) {
      checks.add(
          new Check(
              "api",
              Status.FAIL,
              "cannot reach " + client.getMasterUrl() + ": " + e.getMessage(),
              "check the kubeconfig context, the network and the credentials"));
      return new PreflightReport(checks);
    }
    for (Map.Entry<String, String> kv : req.kubeVersions().entrySet()) {
      checks.add(kubeVersion(version, kv.getKey(), kv.getValue()));
    }
    checks.add(guard("namespace", () -> namespace(client, namespace)));
    checks.add(guard("crd gateway-api", () -> gatewayApi(client)));
    checks.add(guard("crd inferencepool", () -> inferencePool(client, req.poolGroup())));
    checks.add(guard("gatewayclass", () -> gatewayClass(client, req.gatewayClass())));
    checks.add(guard("gpus", () -> gpus(client, req)));
    checks.add(guard("storage", () -> storage(client, req.readWriteMany())));
    checks.add(guard("permissions", () -> permissions(client, namespace, req.permissions())));
    checks.add(guard("quota", () -> quota(client, namespace, req)));
    return new PreflightReport(checks);
  }

  private static Check guard(String name, Supplier<Check> check) {
    try {
      return check.get();
    } catch (KubernetesClientException e) {
      return new Check(
          name,
          Status.WARN,
          "cannot be checked: " + (e.getCode() == 403 ? "forbidden" : e.getMessage()),
          e.getCode() == 403 ? "ask for read access, or check by hand" : "check by hand");
    }
  }

  private static Check pass(String name, String detail) {
    return new Check(name, Status.PASS, detail, "");
  }

  static Check kubeVersion(String version, String chart, String constraint) {
    String name = "kubeVersion " + chart;
    if (version.startsWith("v0.")) {
      return new Check(
          name,
          Status.WARN,
          "server reports no version (" + version + ")",
          "check that the cluster satisfies " + constraint);
    }
    try {
      return Versions.satisfies(version, constraint)
          ? pass(name, version + " satisfies " + constraint)
          : new Check(
              name,
              Status.FAIL,
              version + " does not satisfy " + constraint,
              "use a cluster within the chart's range or another chart version");
    } catch (IllegalArgumentException e) {
      return new Check(name, Status.WARN, e.getMessage(), "check by hand");
    }
  }

  private static Check namespace(KubernetesClient client, String namespace) {
    return client.namespaces().withName(namespace).get() != null
        ? pass("namespace", namespace + " exists")
        : new Check(
            "namespace",
            Status.WARN,
            namespace + " not found (or not readable)",
            "create it: client.namespaces().resource(...).create()");
  }

  private static boolean served(KubernetesClient client, String groupVersion, String plural) {
    APIResourceList list = client.getApiResources(groupVersion);
    return list != null
        && list.getResources() != null
        && list.getResources().stream().anyMatch(r -> plural.equals(r.getName()));
  }

  private static String bundleVersion(KubernetesClient client, String crd, String key) {
    try {
      CustomResourceDefinition d =
          client.apiextensions().v1().customResourceDefinitions().withName(crd).get();
      Map<String, String> a = d == null ? null : d.getMetadata().getAnnotations();
      return a == null ? null : a.get(key);
    } catch (KubernetesClientException e) {
      return null; // reading CRDs needs more rights than discovery; the version is a nicety
    }
  }

  private static Check gatewayApi(KubernetesClient client) {
    if (!served(client, "gateway.networking.k8s.io/v1", "httproutes")) {
      return new Check(
          "crd gateway-api",
          Status.FAIL,
          "gateway.networking.k8s.io/v1 HTTPRoute not served",
          "install the Gateway API CRDs: Tooling.builder().gatewayApi(\"v1.5.1\").install()");
    }
    String v =
        bundleVersion(
            client,
            "httproutes.gateway.networking.k8s.io",
            "gateway.networking.k8s.io/bundle-version");
    return pass(
        "crd gateway-api", "gateway.networking.k8s.io/v1" + (v == null ? "" : " (" + v + ")"));
  }

  private static Check inferencePool(KubernetesClient client, String wantedGroup) {
    List<String> groups = new ArrayList<>();
    if (served(client, "inference.networking.k8s.io/v1", "inferencepools")) {
      String v =
          bundleVersion(
              client,
              "inferencepools.inference.networking.k8s.io",
              "inference.networking.k8s.io/bundle-version");
      groups.add("inference.networking.k8s.io/v1" + (v == null ? "" : " (" + v + ")"));
    }
    if (served(client, "inference.networking.x-k8s.io/v1alpha2", "inferencepools")) {
      String v =
          bundleVersion(
              client,
              "inferencepools.inference.networking.x-k8s.io",
              "inference.networking.k8s.io/bundle-version");
      groups.add("inference.networking.x-k8s.io/v1alpha2" + (v == null ? "" : " (" + v + ")"));
    }
    String hint =
        "install the Inference Extension CRDs: Tooling.builder().inferenceExtension(\"v1.0.1\").install()";
    if (groups.isEmpty()) {
      return new Check("crd inferencepool", Status.FAIL, "no InferencePool CRD", hint);
    }
    if (wantedGroup != null && groups.stream().noneMatch(g -> g.startsWith(wantedGroup + "/"))) {
      return new Check(
          "crd inferencepool",
          Status.FAIL,
          "the stack creates " + wantedGroup + " pools; served: " + String.join(", ", groups),
          "set the GAIE chart's inferencePool.apiVersion to a served group, or " + hint);
    }
    return pass("crd inferencepool", "served: " + String.join(", ", groups));
  }

  private static Check gatewayClass(KubernetesClient client, String name) {
    List<GatewayClass> classes = client.resources(GatewayClass.class).list().getItems();
    if (name == null) {
      if (classes.isEmpty()) {
        return new Check(
            "gatewayclass",
            Status.WARN,
            "no gateway class",
            "install a gateway provider with Tooling");
      }
      return pass(
          "gatewayclass",
          "classes: "
              + classes.stream()
                  .map(c -> c.getMetadata().getName() + (accepted(c) ? "" : " (not accepted)"))
                  .toList());
    }
    GatewayClass c =
        classes.stream()
            .filter(g -> name.equals(g.getMetadata().getName()))
            .findFirst()
            .orElse(null);
    if (c == null) {
      return new Check(
          "gatewayclass " + name,
          Status.FAIL,
          "not found"
              + (classes.isEmpty()
                  ? ""
                  : "; present: " + classes.stream().map(g -> g.getMetadata().getName()).toList()),
          "install its provider: Tooling.builder().gatewayProvider(\""
              + name
              + "\", null).install()");
    }
    return accepted(c)
        ? pass("gatewayclass " + name, "accepted by " + c.getSpec().getControllerName())
        : new Check(
            "gatewayclass " + name,
            Status.FAIL,
            "not accepted by its controller " + c.getSpec().getControllerName(),
            "check that the provider's controller is running (kubectl describe gatewayclass "
                + name
                + ")");
  }

  private static boolean accepted(GatewayClass c) {
    return c.getStatus() != null
        && c.getStatus().getConditions() != null
        && c.getStatus().getConditions().stream()
            .anyMatch(x -> "Accepted".equals(x.getType()) && "True".equals(x.getStatus()));
  }

  private static Check gpus(KubernetesClient client, Requirements req) {
    Map<String, BigDecimal> total = new LinkedHashMap<>();
    Map<String, BigDecimal> largest = new LinkedHashMap<>();
    for (Node n : client.nodes().list().getItems()) {
      if (n.getStatus() == null || n.getStatus().getAllocatable() == null) {
        continue;
      }
      for (Map.Entry<String, Quantity> a : n.getStatus().getAllocatable().entrySet()) {
        if (GPU_RESOURCES.contains(a.getKey()) || a.getKey().contains("gpu")) {
          BigDecimal q = a.getValue().getNumericalAmount();
          total.merge(a.getKey(), q, BigDecimal::add);
          largest.merge(a.getKey(), q, BigDecimal::max);
        }
      }
    }
    String found =
        total.isEmpty()
            ? "no allocatable GPUs"
            : "allocatable " + plain(total) + ", most on one node " + plain(largest);
    int ask = req.gpus();
    if (ask == 0) {
      return pass("gpus", found + "; none asked for");
    }
    String r = req.gpuResource();
    BigDecimal have = total.getOrDefault(r, BigDecimal.ZERO);
    if (have.compareTo(BigDecimal.valueOf(ask)) < 0) {
      return new Check(
          "gpus",
          Status.FAIL,
          "model servers ask for "
              + ask
              + " "
              + r
              + " ("
              + req.pods()
              + " pods, at most "
              + req.gpusPerPod()
              + " each); "
              + found,
          total.isEmpty()
              ? "use a cluster with GPU nodes and their device plugin"
              : "ask for fewer replicas or GPUs per pod, or use " + total.keySet());
    }
    if (largest.getOrDefault(r, BigDecimal.ZERO).compareTo(BigDecimal.valueOf(req.gpusPerPod()))
        < 0) {
      return new Check(
          "gpus",
          Status.FAIL,
          "a pod asks for " + req.gpusPerPod() + " " + r + " but no node has that many; " + found,
          "lower tensor parallelism per pod");
    }
    return pass("gpus", ask + " " + r + " asked; " + found);
  }

  private static String plain(Map<String, BigDecimal> m) {
    List<String> s = new ArrayList<>();
    m.forEach((k, v) -> s.add(k + "=" + v.stripTrailingZeros().toPlainString()));
    return String.join(", ", s);
  }

  private static Check storage(KubernetesClient client, boolean rwxNeeded) {
    List<StorageClass> classes = client.storage().v1().storageClasses().list().getItems();
    if (classes.isEmpty()) {
      return new Check(
          "storage",
          rwxNeeded ? Status.FAIL : Status.WARN,
          "no storage class",
          "model PVCs need a storage class (or pre-created volumes)");
    }
    List<String> rwx = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (StorageClass c : classes) {
      boolean isDefault =
          c.getMetadata().getAnnotations() != null
              && "true"
                  .equals(
                      c.getMetadata()
                          .getAnnotations()
                          .get("storageclass.kubernetes.io/is-default-class"));
      boolean shared =
          RWX_PROVISIONERS.stream()
              .anyMatch(p -> c.getProvisioner() != null && c.getProvisioner().contains(p));
      all.add(
          c.getMetadata().getName() + (isDefault ? " (default)" : "") + (shared ? " (RWX)" : ""));
      if (shared) {
        rwx.add(c.getMetadata().getName());
      }
    }
    if (rwx.isEmpty()) {
      return new Check(
          "storage",
          Status.WARN,
          "no class known to offer ReadWriteMany: " + all,
          "a model cache shared by several pods needs RWX (e.g. CephFS, NFS, EFS, Filestore); use a ReadWriteOnce claim for one node only");
    }
    return pass("storage", String.join(", ", all));
  }

  private static Check permissions(
      KubernetesClient client, String namespace, List<Permission> wanted) {
    List<String> denied = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Permission p : wanted) {
      String[] parts = p.resource().split("/", 2);
      SelfSubjectAccessReview review =
          new SelfSubjectAccessReviewBuilder()
              .withNewSpec()
              .withNewResourceAttributes()
              .withNamespace(namespace)
              .withVerb(p.verb())
              .withGroup(p.group())
              .withResource(parts[0])
              .withSubresource(parts.length > 1 ? parts[1] : null)
              .endResourceAttributes()
              .endSpec()
              .build();
      SelfSubjectAccessReview answer =
          client.authorization().v1().selfSubjectAccessReview().create(review);
      if (answer == null || answer.getStatus() == null || answer.getStatus().getAllowed() == null) {
        unknown.add(p.toString());
      } else if (!answer.getStatus().getAllowed()) {
        denied.add(p.toString());
      }
    }
    if (!denied.isEmpty()) {
      return new Check(
          "permissions",
          Status.FAIL,
          "denied in " + namespace + ": " + String.join(", ", denied),
          "bind a Role with these verbs to your user or ServiceAccount (docs/tooling.md, RBAC)");
    }
    if (!unknown.isEmpty()) {
      return new Check(
          "permissions",
          Status.WARN,
          "the server did not answer access reviews for " + unknown.size() + " of " + wanted.size(),
          "check by hand: kubectl auth can-i");
    }
    return pass("permissions", wanted.size() + " checked in " + namespace + ", all allowed");
  }

  private static Check quota(KubernetesClient client, String namespace, Requirements req) {
    List<ResourceQuota> quotas = client.resourceQuotas().inNamespace(namespace).list().getItems();
    if (quotas.isEmpty()) {
      return pass("quota", "no ResourceQuota in " + namespace);
    }
    Map<String, Integer> ask = new LinkedHashMap<>();
    if (req.pods() > 0) {
      ask.put("pods", req.pods());
      if (req.gpuResource() != null) {
        ask.put("requests." + req.gpuResource(), req.gpus());
      }
    }
    List<String> short_ = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (ResourceQuota q : quotas) {
      if (q.getStatus() == null || q.getStatus().getHard() == null) {
        continue;
      }
      for (Map.Entry<String, Quantity> h : q.getStatus().getHard().entrySet()) {
        BigDecimal hard = h.getValue().getNumericalAmount();
        Quantity u =
            q.getStatus().getUsed() == null ? null : q.getStatus().getUsed().get(h.getKey());
        BigDecimal used = u == null ? BigDecimal.ZERO : u.getNumericalAmount();
        seen.add(
            h.getKey()
                + " "
                + used.stripTrailingZeros().toPlainString()
                + "/"
                + hard.stripTrailingZeros().toPlainString());
        Integer want = ask.get(h.getKey());
        if (want != null && used.add(BigDecimal.valueOf(want)).compareTo(hard) > 0) {
          short_.add(
              h.getKey()
                  + ": "
                  + want
                  + " more asked, "
                  + hard.subtract(used).stripTrailingZeros().toPlainString()
                  + " left (quota "
                  + q.getMetadata().getName()
                  + ")");
        }
      }
    }
    if (!short_.isEmpty()) {
      return new Check(
          "quota", Status.FAIL, String.join("; ", short_), "raise the quota or ask for less");
    }
    return pass("quota", "within quota: " + String.join(", ", seen));
  }

  /** Builds permission lists: verbs times resources of a group. */
  private static PermissionList permissions(String group, List<String> resources, String... verbs) {
    return new PermissionList(new ArrayList<>()).andThen(group, resources, verbs);
  }

  private record PermissionList(List<Permission> list) {
    PermissionList andThen(String group, List<String> resources, String... verbs) {
      for (String r : resources) {
        for (String v : verbs) {
          list.add(new Permission(v, group, r));
        }
      }
      return this;
    }
  }
}
