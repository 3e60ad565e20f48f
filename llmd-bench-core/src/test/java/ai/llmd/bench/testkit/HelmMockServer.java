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
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fabric8 CRUD mock API server, extended so that real Helm (helm-java) can install, upgrade,
 * list, get the status of and uninstall releases against it: legacy discovery documents, an empty
 * OpenAPI document, Helm's protobuf release Secrets decoded to JSON, JSON content types on every
 * answer, {@code SecretList} for secret lists, and a 500 instead of a hang when anything fails. See
 * the dependencies notes of the shared reference for why each is needed.
 *
 * <pre>{@code
 * try (HelmMockServer server = HelmMockServer.start()) {
 *   KubernetesClient client = server.client();
 *   String kubeconfig = server.kubeconfig();   // for helm-java's withKubeConfigContents
 * }
 * }</pre>
 */
public final class HelmMockServer implements AutoCloseable {
  /** Resources served by discovery: group/version to (plural, kind, namespaced). */
  private static final Map<String, List<String[]>> RESOURCES = new LinkedHashMap<>();

  static {
    RESOURCES.put(
        "v1",
        List.of(
            r("configmaps", "ConfigMap", true),
            r("secrets", "Secret", true),
            r("services", "Service", true),
            r("pods", "Pod", true),
            r("serviceaccounts", "ServiceAccount", true),
            r("events", "Event", true),
            r("persistentvolumeclaims", "PersistentVolumeClaim", true),
            r("namespaces", "Namespace", false),
            r("nodes", "Node", false)));
    RESOURCES.put(
        "apps/v1",
        List.of(
            r("deployments", "Deployment", true),
            r("replicasets", "ReplicaSet", true),
            r("statefulsets", "StatefulSet", true)));
    RESOURCES.put("batch/v1", List.<String[]>of(r("jobs", "Job", true)));
    RESOURCES.put(
        "rbac.authorization.k8s.io/v1",
        List.of(
            r("roles", "Role", true),
            r("rolebindings", "RoleBinding", true),
            r("clusterroles", "ClusterRole", false),
            r("clusterrolebindings", "ClusterRoleBinding", false)));
    RESOURCES.put(
        "gateway.networking.k8s.io/v1",
        List.of(r("gateways", "Gateway", true), r("httproutes", "HTTPRoute", true)));
    RESOURCES.put(
        "inference.networking.k8s.io/v1",
        List.<String[]>of(r("inferencepools", "InferencePool", true)));
    RESOURCES.put(
        "inference.networking.x-k8s.io/v1alpha2",
        List.<String[]>of(r("inferencepools", "InferencePool", true)));
  }

  private static String[] r(String plural, String kind, boolean namespaced) {
    return new String[] {plural, kind, String.valueOf(namespaced)};
  }

  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;
  private final AtomicInteger requests = new AtomicInteger();

  private HelmMockServer() {
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
        if (gv != null && RESOURCES.containsKey(gv)) {
          return json(200, resourceList(gv));
        }
      }
      String contentType = request.getHeader("Content-Type");
      if (method.equals("PATCH")
          && contentType != null
          && contentType.startsWith("application/strategic-merge-patch+json")) {
        return strategicMergePatch(request, bare);
      }
      RecordedRequest forwarded = request;
      byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
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

    /** Applies the patch to the stored object and stores the result (see StrategicMergePatch). */
    @SuppressWarnings("unchecked")
    private MockResponse strategicMergePatch(RecordedRequest request, String bare) {
      var headers =
          request.getHeaders().newBuilder().set("Content-Type", "application/json").build();
      MockResponse current =
          crud.dispatch(
              new RecordedRequest(
                  request.getHttpVersion(),
                  io.fabric8.mockwebserver.dsl.HttpMethod.GET,
                  bare,
                  headers,
                  new Buffer(new byte[0])));
      if (current.code() != 200) {
        return current;
      }
      Map<String, Object> target =
          Reports.jsonMapper().readValue(current.getBody().getBytes(), Map.class);
      Map<String, Object> patch =
          Reports.jsonMapper().readValue(request.getBody().getBytes(), Map.class);
      Map<String, Object> merged = StrategicMergePatch.apply(target, patch);
      return crud.dispatch(
          new RecordedRequest(
              request.getHttpVersion(),
              io.fabric8.mockwebserver.dsl.HttpMethod.PUT,
              bare,
              headers,
              new Buffer(Reports.jsonMapper().writeValueAsBytes(merged))));
    }

    private String groupList() {
      List<Map<String, Object>> groups = new ArrayList<>();
      RESOURCES.keySet().stream()
          .filter(gv -> gv.contains("/"))
          .forEach(
              gv -> {
                String group = gv.substring(0, gv.indexOf('/'));
                Map<String, Object> version =
                    Map.of("groupVersion", gv, "version", gv.substring(gv.indexOf('/') + 1));
                groups.add(
                    Map.of(
                        "name", group, "versions", List.of(version), "preferredVersion", version));
              });
      return Reports.jsonMapper()
          .writeValueAsString(Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
    }

    private String resourceList(String gv) {
      List<Map<String, Object>> resources = new ArrayList<>();
      for (String[] res : RESOURCES.get(gv)) {
        resources.add(
            Map.of(
                "name", res[0],
                "singularName", res[1].toLowerCase(),
                "namespaced", Boolean.parseBoolean(res[2]),
                "kind", res[1],
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
                  resources));
    }

    private MockResponse json(int code, String body) {
      return new MockResponse()
          .setResponseCode(code)
          .setBody(body)
          .setHeader("Content-Type", "application/json");
    }
  }
}
