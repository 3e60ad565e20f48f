package ai.llmd.bench.stack;

import ai.llmd.bench.record.Redactor;
import ai.llmd.bench.report.Reports;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a stack deployment would create, rendered without a cluster: each release's chart, version
 * and final merged values, every manifest Helm renders for it, and the HTTPRoute.
 *
 * <pre>{@code
 * StackPlan plan = Stack.builder().namespace("bench").modelLabel("qwen")
 *     .gateway(GatewaySpec.llmdInfra()).gaie(GaieSpec.inferencePool())
 *     .model(ModelServiceSpec.of("Qwen/Qwen3-0.6B")).route(RouteSpec.perStack())
 *     .plan();
 * plan.writeTo(Path.of("plan"));
 * }</pre>
 *
 * @param label the stack's model label
 * @param releases the gateway, GAIE and model service releases, in install order
 * @param httpRoute the route this stack needs (for a shared route: the rule of this stack)
 * @param wiring what the charts rendered that the route and the waits use
 * @param kubeVersion the Kubernetes version the charts were rendered for
 * @param namespace the namespace rendered for
 */
public record StackPlan(
    String namespace,
    ModelLabel label,
    List<Release> releases,
    HTTPRoute httpRoute,
    Wiring wiring,
    String kubeVersion) {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * One planned Helm release.
   *
   * @param step the upstream task: {@code deploy_gateway}, {@code deploy_gaie} or {@code
   *     deploy_model}
   * @param values the final merged values given to the chart
   * @param manifests the rendered objects, as maps
   * @param name the Helm release name
   * @param chart the chart installed
   */
  public record Release(
      String step,
      String name,
      ChartRef chart,
      Map<String, Object> values,
      List<Map<String, Object>> manifests) {

    /** The rendered objects of a kind. */
    public List<Map<String, Object>> manifests(String kind) {
      return manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    }
  }

  /**
   * The names and ports read from the rendered manifests, which the route and the waits use.
   *
   * @param gatewayName the rendered Gateway's name
   * @param gatewayClassName its {@code gatewayClassName}
   * @param poolApiVersion the rendered InferencePool's apiVersion
   * @param poolName its name
   * @param poolPort its (first) target port
   * @param eppService the endpoint picker Service the pool references
   * @param eppPort that Service's port
   * @param modelService the model server pods the pool selects and the port it sends to
   */
  public record Wiring(
      String gatewayName,
      String gatewayClassName,
      String poolApiVersion,
      String poolName,
      int poolPort,
      String eppService,
      int eppPort,
      DeployedStack.ModelServiceRef modelService) {

    Wiring withModelService(DeployedStack.ModelServiceRef m) {
      return new Wiring(
          gatewayName,
          gatewayClassName,
          poolApiVersion,
          poolName,
          poolPort,
          eppService,
          eppPort,
          m);
    }

    /** The pool's API group, which the route's backendRef uses. */
    public String poolGroup() {
      return poolApiVersion.substring(0, poolApiVersion.indexOf('/'));
    }
  }

  /** The release of a step. */
  public Release release(String step) {
    return releases.stream()
        .filter(r -> r.step().equals(step))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no release for step " + step));
  }

  /** The HTTPRoute as a map, like the rendered manifests. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> httpRouteManifest() {
    return Reports.yamlMapper().readValue(SERIALIZATION.asYaml(httpRoute), Map.class);
  }

  /**
   * The wiring as written to {@code wiring.yaml}: the path of a request from the gateway to the
   * model server pods.
   *
   * <pre>{@code
   * gateway: {name: llmd-infra-inference-gateway, className: istio}
   * route: {name: qwen, pathPrefix: /qwen/}
   * inferencePool: {apiVersion: inference.networking.k8s.io/v1, name: qwen-gaie, targetPort: 8000}
   * endpointPicker: {service: qwen-gaie-epp, port: 9002}
   * modelServers: {release: qwen-ms, podSelector: {llm-d.ai/model: qwen}, port: 8000, ...}
   * }</pre>
   */
  Map<String, Object> wiringManifest() {
    Wiring w = wiring;
    DeployedStack.ModelServiceRef ms = w.modelService();
    Map<String, Object> servers = new LinkedHashMap<>();
    servers.put("release", ms.release());
    servers.put("podSelector", new TreeMap<>(ms.podSelector()));
    servers.put("port", ms.port());
    servers.put("workloads", ms.workloads());
    servers.put(
        "service",
        ms.serviceUrl().map(URI::toString).orElse("none rendered: clients go through the gateway"));
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> gateway = new LinkedHashMap<>();
    gateway.put("name", w.gatewayName());
    gateway.put("className", w.gatewayClassName());
    out.put("gateway", gateway);
    Map<String, Object> route = new LinkedHashMap<>();
    route.put("name", httpRoute.getMetadata().getName());
    route.put(
        "pathPrefix",
        httpRoute.getSpec().getRules().get(0).getMatches().get(0).getPath().getValue());
    out.put("route", route);
    Map<String, Object> pool = new LinkedHashMap<>();
    pool.put("apiVersion", w.poolApiVersion());
    pool.put("name", w.poolName());
    pool.put("targetPort", w.poolPort());
    out.put("inferencePool", pool);
    Map<String, Object> epp = new LinkedHashMap<>();
    epp.put("service", w.eppService());
    epp.put("port", w.eppPort());
    out.put("endpointPicker", epp);
    out.put("modelServers", servers);
    return out;
  }

  /** Every object the stack would create: the releases' manifests, then the HTTPRoute. */
  public List<Map<String, Object>> manifests() {
    List<Map<String, Object>> all = new ArrayList<>();
    releases.forEach(r -> all.addAll(r.manifests()));
    all.add(httpRouteManifest());
    return all;
  }

  /**
   * Writes the plan as files: {@code <release>/values.yaml}, {@code <release>/manifests.yaml},
   * {@code httproute.yaml} and {@code wiring.yaml} (where traffic goes: gateway, route, pool,
   * endpoint picker, model server pods), with secrets redacted ({@link Redactor}).
   */
  public void writeTo(Path dir) {
    try {
      for (Release r : releases) {
        Path d = Files.createDirectories(dir.resolve(r.name()));
        Files.writeString(
            d.resolve("values.yaml"),
            Redactor.scrub(Reports.yamlMapper().writeValueAsString(Redactor.redact(r.values()))));
        StringBuilder docs = new StringBuilder();
        for (Map<String, Object> m : r.manifests()) {
          docs.append("---\n").append(Reports.yamlMapper().writeValueAsString(Redactor.redact(m)));
        }
        Files.writeString(d.resolve("manifests.yaml"), Redactor.scrub(docs.toString()));
      }
      Files.writeString(
          dir.resolve("httproute.yaml"), Redactor.scrub(SERIALIZATION.asYaml(httpRoute)));
      Files.writeString(
          dir.resolve("wiring.yaml"),
          Redactor.scrub(Reports.yamlMapper().writeValueAsString(wiringManifest())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the plan to " + dir, e);
    }
  }
}
