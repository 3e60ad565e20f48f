package ai.llmd.bench.testkit;

import ai.llmd.bench.report.Reports;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fabric8 CRUD mock API server, extended so that real Helm (helm-java) can install, upgrade,
 * list, get the status of and uninstall releases against it: legacy discovery documents, an empty
 * OpenAPI document, Helm's protobuf release Secrets decoded to JSON, JSON content types on every
 * answer, {@code SecretList} for secret lists, strategic merge patches (Helm's upgrades) applied as
 * a read, merge and update, a current {@code /version} (settable, for charts with a {@code
 * kubeVersion} constraint) and a 500 instead of a hang when anything fails. See the dependencies
 * notes of the shared reference for why each is needed. Discovery serves {@link #CORE_KINDS}; tests
 * add provider kinds with {@link #registerKinds(List)}.
 *
 * <pre>{@code
 * try (HelmMockServer server = HelmMockServer.start()
 *     .registerKinds(HelmMockServer.ISTIO_KINDS)
 *     .kubernetesVersion("v1.33.0")) {
 *   KubernetesClient client = server.client();
 *   String kubeconfig = server.kubeconfig();   // for helm-java's withKubeConfigContents
 * }
 * }</pre>
 */
public final class HelmMockServer implements AutoCloseable {
  /**
   * A kind the server's discovery answers for, so that Helm (and fabric8's generic resources) can
   * map it to a REST path.
   *
   * @param groupVersion e.g. {@code v1}, {@code apps/v1}, {@code telemetry.istio.io/v1}
   * @param plural the resource name, e.g. {@code telemetries}
   */
  public record Kind(String groupVersion, String plural, String kind, boolean namespaced) {
    public Kind {
      Objects.requireNonNull(groupVersion, "groupVersion");
      Objects.requireNonNull(plural, "plural");
      Objects.requireNonNull(kind, "kind");
    }

    /** A namespaced kind. */
    public static Kind of(String groupVersion, String plural, String kind) {
      return new Kind(groupVersion, plural, kind, true);
    }
  }

  /** Kubernetes, apps, batch, RBAC, Gateway API and InferencePool kinds: served by default. */
  public static final List<Kind> CORE_KINDS =
      List.of(
          Kind.of("v1", "configmaps", "ConfigMap"),
          Kind.of("v1", "secrets", "Secret"),
          Kind.of("v1", "services", "Service"),
          Kind.of("v1", "pods", "Pod"),
          Kind.of("v1", "serviceaccounts", "ServiceAccount"),
          Kind.of("v1", "events", "Event"),
          Kind.of("v1", "persistentvolumeclaims", "PersistentVolumeClaim"),
          new Kind("v1", "namespaces", "Namespace", false),
          new Kind("v1", "nodes", "Node", false),
          Kind.of("apps/v1", "deployments", "Deployment"),
          Kind.of("apps/v1", "replicasets", "ReplicaSet"),
          Kind.of("apps/v1", "statefulsets", "StatefulSet"),
          Kind.of("batch/v1", "jobs", "Job"),
          Kind.of("rbac.authorization.k8s.io/v1", "roles", "Role"),
          Kind.of("rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding"),
          new Kind("rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", false),
          new Kind(
              "rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding", false),
          Kind.of("gateway.networking.k8s.io/v1", "gateways", "Gateway"),
          Kind.of("gateway.networking.k8s.io/v1", "httproutes", "HTTPRoute"),
          Kind.of("gateway.networking.k8s.io/v1beta1", "referencegrants", "ReferenceGrant"),
          Kind.of("inference.networking.k8s.io/v1", "inferencepools", "InferencePool"),
          Kind.of("inference.networking.x-k8s.io/v1alpha2", "inferencepools", "InferencePool"),
          Kind.of(
              "inference.networking.x-k8s.io/v1alpha2",
              "inferenceobjectives",
              "InferenceObjective"));

  /** Istio's kinds that llm-d-infra and the inferencepool chart render. */
  public static final List<Kind> ISTIO_KINDS =
      List.of(
          Kind.of("telemetry.istio.io/v1", "telemetries", "Telemetry"),
          Kind.of("networking.istio.io/v1", "destinationrules", "DestinationRule"),
          Kind.of("networking.istio.io/v1beta1", "destinationrules", "DestinationRule"));

  /** kgateway's gateway parameters. */
  public static final List<Kind> KGATEWAY_KINDS =
      List.of(Kind.of("gateway.kgateway.dev/v1alpha1", "gatewayparameters", "GatewayParameters"));

  /** agentgateway's gateway parameters (llm-d-infra renders them for kgateway as well). */
  public static final List<Kind> AGENTGATEWAY_KINDS =
      List.of(
          Kind.of("agentgateway.dev/v1alpha1", "agentgatewayparameters", "AgentgatewayParameters"));

  /** GKE's gateway policies that the inferencepool chart renders for {@code provider.name=gke}. */
  public static final List<Kind> GKE_KINDS =
      List.of(
          Kind.of("networking.gke.io/v1", "healthcheckpolicies", "HealthCheckPolicy"),
          Kind.of("networking.gke.io/v1", "gcpbackendpolicies", "GCPBackendPolicy"),
          Kind.of("monitoring.googleapis.com/v1", "podmonitorings", "PodMonitoring"));

  /** LeaderWorkerSet, for multi-node model servers. */
  public static final List<Kind> LWS_KINDS =
      List.of(Kind.of("leaderworkerset.x-k8s.io/v1", "leaderworkersets", "LeaderWorkerSet"));

  /** The Kubernetes version {@code /version} answers unless set: a current release. */
  public static final String DEFAULT_KUBERNETES_VERSION = "v1.34.1";

  /** Served kinds by group/version, in registration order. */
  private final Map<String, List<Kind>> resources = new LinkedHashMap<>();

  private volatile String kubernetesVersion = DEFAULT_KUBERNETES_VERSION;

  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;
  private final AtomicInteger requests = new AtomicInteger();

  private HelmMockServer() {
    registerKinds(CORE_KINDS);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), responses, new Shims(crud), false);
    server.init();
    client = server.createClient();
  }

  public static HelmMockServer start() {
    return new HelmMockServer();
  }

  /** A client of the server (JSON, as fabric8 talks). */
  public NamespacedKubernetesClient client() {
    return client;
  }

  /**
   * Sets the version {@code /version} answers (default {@value #DEFAULT_KUBERNETES_VERSION}), e.g.
   * to check a chart's {@code kubeVersion} constraint.
   *
   * @param version {@code v<major>.<minor>.<patch>}, e.g. {@code v1.27.3}
   */
  public HelmMockServer kubernetesVersion(String version) {
    if (version == null || !version.matches("v?\\d+\\.\\d+\\.\\d+.*")) {
      throw new IllegalArgumentException("a Kubernetes version looks like v1.34.1, was " + version);
    }
    this.kubernetesVersion = version.startsWith("v") ? version : "v" + version;
    return this;
  }

  /** The version {@code /version} answers. */
  public String kubernetesVersion() {
    return kubernetesVersion;
  }

  /**
   * Adds kinds to discovery, e.g. {@code server.registerKinds(HelmMockServer.ISTIO_KINDS)}; a kind
   * already served is left as is.
   */
  public synchronized HelmMockServer registerKinds(List<Kind> kinds) {
    for (Kind k : kinds) {
      List<Kind> served = resources.computeIfAbsent(k.groupVersion(), gv -> new ArrayList<>());
      if (served.stream().noneMatch(s -> s.plural().equals(k.plural()))) {
        served.add(k);
      }
    }
    return this;
  }

  /** Adds kinds to discovery. */
  public HelmMockServer registerKinds(Kind... kinds) {
    return registerKinds(List.of(kinds));
  }

  /** The kinds discovery serves. */
  public synchronized List<Kind> kinds() {
    return resources.values().stream().flatMap(List::stream).toList();
  }

  /** The underlying mock, for expectations. */
  public KubernetesMockServer server() {
    return server;
  }

  /** API requests served so far (Helm's and the client's). */
  public int requestCount() {
    return requests.get();
  }

  /** A kubeconfig pointing at the server with a dummy token. */
  public String kubeconfig() {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: http://localhost:%d
        contexts:
        - name: mock
          context: {cluster: mock, user: mock, namespace: default}
        current-context: mock
        users:
        - name: mock
          user: {token: dummy}
        """
        .formatted(server.getPort());
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private final class Shims extends Dispatcher {
    private final KubernetesMixedDispatcher crud;

    Shims(KubernetesMixedDispatcher crud) {
      this.crud = crud;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.incrementAndGet();
      try {
        MockResponse response = route(request);
        if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
          response.setHeader("Content-Type", "application/json");
        }
        return response;
      } catch (RuntimeException | Error e) {
        // An unanswered request makes the native Helm call hang forever: always answer.
        return json(
            500,
            "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"mock failure: "
                + e
                + "\",\"code\":500}");
      }
    }

    private MockResponse route(RecordedRequest request) {
      String path = request.getPath();
      String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
      String method = request.getMethod();
      if (method.equals("GET")) {
        if (bare.equals("/version")) {
          return json(200, versionInfo());
        }
        if (bare.equals("/api")) {
          return json(
              200,
              "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}");
        }
        if (bare.equals("/apis")) {
          return json(200, groupList());
        }
        if (bare.equals("/openapi/v2")) {
          return new MockResponse()
              .setResponseCode(200)
              .setBody(new byte[0])
              .setHeader(
                  "Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
        }
        if (bare.equals("/openapi/v3")) {
          return json(404, "{}");
        }
        String gv =
            bare.equals("/api/v1") ? "v1" : bare.startsWith("/apis/") ? bare.substring(6) : null;
        if (gv != null) {
          String list = resourceList(gv);
          if (list != null) {
            return json(200, list);
          }
        }
      }
      RecordedRequest forwarded = request;
      byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
      String contentType = request.getHeader("Content-Type");
      if (method.equals("PATCH")
          && contentType != null
          && contentType.startsWith("application/strategic-merge-patch")) {
        return strategicMergePatch(request, bare, body);
      }
      if (ProtobufSecrets.isEnvelope(body)) {
        byte[] replacement =
            bare.contains("/secrets") && (method.equals("POST") || method.equals("PUT"))
                ? Reports.jsonMapper().writeValueAsBytes(ProtobufSecrets.secret(body))
                : "{}".getBytes(StandardCharsets.UTF_8);
        forwarded =
            new RecordedRequest(
                request.getHttpVersion(),
                request.method(),
                path,
                request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
                new Buffer(replacement));
      }
      MockResponse response = crud.dispatch(forwarded);
      if (method.equals("GET")
          && bare.endsWith("/secrets")
          && response.code() == 200
          && response.getBody() != null) {
        String text = new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
        response.setBody(text.replace("\"kind\":\"List\"", "\"kind\":\"SecretList\""));
      }
      return response;
    }

    /**
     * Helm upgrades built-in kinds with strategic merge patches, which the CRUD mock rejects (415):
     * read the object, merge the patch into it (maps key by key, {@code null} deletes, lists of
     * objects with a {@code name} element by element, other lists replaced, {@code $} directives
     * dropped) and store it with a PUT.
     */
    @SuppressWarnings("unchecked")
    private MockResponse strategicMergePatch(RecordedRequest request, String path, byte[] body) {
      MockResponse current =
          crud.dispatch(
              new RecordedRequest(
                  request.getHttpVersion(),
                  io.fabric8.mockwebserver.dsl.HttpMethod.GET,
                  path,
                  request.getHeaders(),
                  new Buffer(new byte[0])));
      if (current.code() != 200) {
        return current;
      }
      Map<String, Object> object =
          Reports.jsonMapper().readValue(current.getBody().getBytes(), Map.class);
      Map<String, Object> patch = Reports.jsonMapper().readValue(body, Map.class);
      Map<String, Object> merged = mergePatch(object, patch);
      return crud.dispatch(
          new RecordedRequest(
              request.getHttpVersion(),
              io.fabric8.mockwebserver.dsl.HttpMethod.PUT,
              path,
              request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
              new Buffer(Reports.jsonMapper().writeValueAsBytes(merged))));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> mergePatch(Map<String, Object> target, Map<String, Object> patch) {
      Map<String, Object> out = new LinkedHashMap<>(target);
      patch.forEach(
          (k, v) -> {
            if (k.startsWith("$")) {
              return;
            }
            Object existing = out.get(k);
            if (v == null) {
              out.remove(k);
            } else if (existing instanceof Map && v instanceof Map) {
              out.put(k, mergePatch((Map<String, Object>) existing, (Map<String, Object>) v));
            } else if (existing instanceof List<?> a && v instanceof List<?> b && named(b)) {
              List<Object> list = new ArrayList<>(a);
              for (Object e : b) {
                Map<String, Object> element = (Map<String, Object>) e;
                int at = -1;
                for (int i = 0; i < list.size(); i++) {
                  if (list.get(i) instanceof Map<?, ?> m
                      && element.get("name").equals(m.get("name"))) {
                    at = i;
                  }
                }
                if ("delete".equals(element.get("$patch"))) {
                  if (at >= 0) {
                    list.remove(at);
                  }
                } else if (at >= 0) {
                  list.set(at, mergePatch((Map<String, Object>) list.get(at), element));
                } else {
                  list.add(mergePatch(new LinkedHashMap<>(), element));
                }
              }
              out.put(k, list);
            } else if (v instanceof Map) {
              out.put(k, mergePatch(new LinkedHashMap<>(), (Map<String, Object>) v));
            } else {
              out.put(k, v);
            }
          });
      return out;
    }

    private boolean named(List<?> list) {
      return !list.isEmpty()
          && list.stream().allMatch(e -> e instanceof Map<?, ?> m && m.get("name") != null);
    }

    private String versionInfo() {
      String v = kubernetesVersion;
      String[] parts = v.substring(1).split("[.\\-+]");
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("major", parts[0]);
      info.put("minor", parts[1]);
      info.put("gitVersion", v);
      info.put("gitCommit", "0000000000000000000000000000000000000000");
      info.put("gitTreeState", "clean");
      info.put("buildDate", "2026-01-01T00:00:00Z");
      info.put("goVersion", "go1.24.0");
      info.put("compiler", "gc");
      info.put("platform", "linux/amd64");
      return Reports.jsonMapper().writeValueAsString(info);
    }

    private String groupList() {
      Map<String, List<Map<String, Object>>> versionsByGroup = new LinkedHashMap<>();
      synchronized (HelmMockServer.this) {
        resources.keySet().stream()
            .filter(gv -> gv.contains("/"))
            .forEach(
                gv ->
                    versionsByGroup
                        .computeIfAbsent(gv.substring(0, gv.indexOf('/')), g -> new ArrayList<>())
                        .add(
                            Map.of(
                                "groupVersion", gv, "version", gv.substring(gv.indexOf('/') + 1))));
      }
      List<Map<String, Object>> groups = new ArrayList<>();
      versionsByGroup.forEach(
          (group, versions) ->
              groups.add(
                  Map.of(
                      "name", group, "versions", versions, "preferredVersion", versions.get(0))));
      return Reports.jsonMapper()
          .writeValueAsString(Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
    }

    private String resourceList(String gv) {
      List<Kind> served;
      synchronized (HelmMockServer.this) {
        served = resources.containsKey(gv) ? List.copyOf(resources.get(gv)) : null;
      }
      if (served == null) {
        return null;
      }
      List<Map<String, Object>> list = new ArrayList<>();
      for (Kind k : served) {
        list.add(
            Map.of(
                "name", k.plural(),
                "singularName", k.kind().toLowerCase(Locale.ROOT),
                "namespaced", k.namespaced(),
                "kind", k.kind(),
                "verbs", List.of("create", "delete", "get", "list", "patch", "update", "watch")));
      }
      return Reports.jsonMapper()
          .writeValueAsString(
              Map.of(
                  "kind",
                  "APIResourceList",
                  "apiVersion",
                  "v1",
                  "groupVersion",
                  gv,
                  "resources",
                  list));
    }

    private MockResponse json(int code, String body) {
      return new MockResponse()
          .setResponseCode(code)
          .setBody(body)
          .setHeader("Content-Type", "application/json");
    }
  }
}
