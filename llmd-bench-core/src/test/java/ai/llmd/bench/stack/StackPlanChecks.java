package ai.llmd.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.testkit.CrdSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plan-level checks, written independently of the code under test: the objects validate against the
 * vendored CRDs, the pool selects the model server pods and every selected pod serves its port, the
 * endpoint picker reference names a rendered Service and port, the route attaches to the rendered
 * Gateway and points at the rendered pool, and the gateway objects are those of the class's
 * provider only.
 */
final class StackPlanChecks {
  private StackPlanChecks() {}

  @SuppressWarnings("unchecked")
  static void check(StackPlan plan, GatewayClass cls) {
    StackPlan.Release infra = plan.release("deploy_gateway");
    StackPlan.Release gaie = plan.release("deploy_gaie");
    StackPlan.Release ms = plan.release("deploy_model");

    Map<String, Object> gateway = only(infra.manifests("Gateway"));
    assertThat(CrdSchemas.errors("/crds/gateway.networking.k8s.io_gateways.yaml", "v1", gateway))
        .as("Gateway schema")
        .isEmpty();
    String infraText = infra.manifests().toString();
    List<Object> infraKinds = infra.manifests().stream().map(m -> m.get("kind")).toList();
    switch (cls) {
      case ISTIO -> {
        assertThat(infraKinds).contains("Gateway", "ConfigMap", "Telemetry");
        assertThat(labels(gateway)).containsEntry("istio.io/enable-inference-extproc", "true");
        assertThat(gaie.manifests("DestinationRule")).hasSize(1);
      }
      case KGATEWAY, AGENTGATEWAY -> {
        assertThat(infraKinds).containsExactlyInAnyOrder("Gateway", "AgentgatewayParameters");
        assertThat(infraText).doesNotContain("istio");
        assertThat(get(gateway, "spec", "gatewayClassName")).isEqualTo("agentgateway");
        assertThat(get(gateway, "spec", "infrastructure", "parametersRef", "kind"))
            .isEqualTo("AgentgatewayParameters");
        assertThat(gaie.manifests().toString()).doesNotContain("istio");
      }
      case GKE -> {
        assertThat(infraKinds).containsExactly("Gateway");
        assertThat(infraText).doesNotContain("istio");
        assertThat(get(gateway, "spec", "gatewayClassName"))
            .isEqualTo("gke-l7-regional-external-managed");
        assertThat(gaie.manifests("HealthCheckPolicy")).hasSize(1);
      }
    }

    Map<String, Object> pool = only(gaie.manifests("InferencePool"));
    String apiVersion = (String) pool.get("apiVersion");
    boolean v1 = apiVersion.equals("inference.networking.k8s.io/v1");
    assertThat(
            v1
                ? CrdSchemas.errors(
                    // appProtocol (GAIE v1.5+) is in the newer CRD only
                    get(pool, "spec", "appProtocol") == null
                        ? "/crds/inference.networking.k8s.io_inferencepools-v1.0.1.yaml"
                        : "/crds/inference.networking.k8s.io_inferencepools.yaml",
                    "v1",
                    pool)
                : CrdSchemas.errors(
                    "/crds/inference.networking.x-k8s.io_inferencepools.yaml", "v1alpha2", pool))
        .as("InferencePool schema")
        .isEmpty();
    Map<String, Object> selector =
        (Map<String, Object>)
            (v1 ? get(pool, "spec", "selector", "matchLabels") : get(pool, "spec", "selector"));
    int port =
        Integer.parseInt(
            String.valueOf(
                v1
                    ? ((Map<String, Object>) ((List<?>) get(pool, "spec", "targetPorts")).get(0))
                        .get("number")
                    : get(pool, "spec", "targetPortNumber")));
    String epp =
        (String)
            (v1
                ? get(pool, "spec", "endpointPickerRef", "name")
                : get(pool, "spec", "extensionRef", "name"));
    String eppPort =
        String.valueOf(
            v1
                ? get(pool, "spec", "endpointPickerRef", "port", "number")
                : get(pool, "spec", "extensionRef", "portNumber"));
    Map<String, Object> service =
        gaie.manifests("Service").stream()
            .filter(s -> epp.equals(get(s, "metadata", "name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no EPP Service " + epp));
    assertThat(((List<Map<String, Object>>) get(service, "spec", "ports")))
        .extracting(p -> String.valueOf(p.get("port")))
        .contains(eppPort);

    int selected = 0;
    for (Map<String, Object> d : ms.manifests()) {
      if (!List.of("Deployment", "LeaderWorkerSet").contains(d.get("kind"))
          || Integer.valueOf(0).equals(get(d, "spec", "replicas"))) {
        continue;
      }
      Map<String, Object> podLabels =
          (Map<String, Object>) get(d, "spec", "template", "metadata", "labels");
      if (!selector.entrySet().stream()
          .allMatch(
              e ->
                  String.valueOf(e.getValue()).equals(String.valueOf(podLabels.get(e.getKey()))))) {
        continue;
      }
      selected++;
      assertThat(servedPorts((Map<String, Object>) get(d, "spec", "template", "spec")))
          .as("ports of %s", get(d, "metadata", "name"))
          .contains(port);
    }
    assertThat(selected).as("model server workloads the pool selects").isPositive();

    var route = plan.httpRoute();
    assertThat(
            CrdSchemas.errors(
                "/crds/gateway.networking.k8s.io_httproutes.yaml", "v1", plan.httpRouteManifest()))
        .as("HTTPRoute schema")
        .isEmpty();
    assertThat(route.getSpec().getParentRefs().get(0).getName())
        .isEqualTo(get(gateway, "metadata", "name"));
    var backend = route.getSpec().getRules().get(0).getBackendRefs().get(0);
    assertThat(backend.getGroup()).isEqualTo(apiVersion.substring(0, apiVersion.indexOf('/')));
    assertThat(backend.getName()).isEqualTo(get(pool, "metadata", "name"));
    assertThat(backend.getPort()).isEqualTo(port);
  }

  /** Ports of a pod spec: declared container ports (sidecars included) and --port arguments. */
  @SuppressWarnings("unchecked")
  static List<Integer> servedPorts(Map<String, Object> podSpec) {
    List<Integer> ports = new ArrayList<>();
    List<Map<String, Object>> containers = new ArrayList<>();
    containers.addAll((List<Map<String, Object>>) podSpec.getOrDefault("containers", List.of()));
    for (Map<String, Object> c :
        (List<Map<String, Object>>) podSpec.getOrDefault("initContainers", List.of())) {
      if ("Always".equals(c.get("restartPolicy"))) {
        containers.add(c);
      }
    }
    for (Map<String, Object> c : containers) {
      for (Map<String, Object> p : (List<Map<String, Object>>) c.getOrDefault("ports", List.of())) {
        ports.add(Integer.parseInt(String.valueOf(p.get("containerPort"))));
      }
      List<Object> args = (List<Object>) c.getOrDefault("args", List.of());
      for (int i = 0; i < args.size(); i++) {
        String a = String.valueOf(args.get(i));
        if (a.startsWith("--port=")) {
          ports.add(Integer.parseInt(a.substring(7)));
        } else if (a.equals("--port") && i + 1 < args.size()) {
          ports.add(Integer.parseInt(String.valueOf(args.get(i + 1))));
        }
      }
    }
    return ports;
  }

  static Map<String, Object> only(List<Map<String, Object>> list) {
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> labels(Map<String, Object> m) {
    return (Map<String, Object>) get(m, "metadata", "labels");
  }

  @SuppressWarnings("unchecked")
  static Object get(Map<String, Object> m, String... path) {
    Object cur = m;
    for (String p : path) {
      if (!(cur instanceof Map)) {
        return null;
      }
      cur = ((Map<String, Object>) cur).get(p);
    }
    return cur;
  }
}
