package ai.llmd.bench.tooling;

import ai.llmd.bench.stack.ChartRef;
import ai.llmd.bench.stack.StackPlan;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The preflight requirements of a planned stack, read from what its charts rendered: the Gateway's
 * {@code gatewayClassName}, the InferencePool's API group, the GPUs the model-server Deployments
 * (or LeaderWorkerSets) ask for, and the {@code kubeVersion} constraints of its local charts.
 *
 * <pre>{@code
 * Preflight.check(client, plan.namespace(), StackRequirements.of(plan));
 * }</pre>
 */
public final class StackRequirements {
  private StackRequirements() {}

  /**
   * Reads what {@code plan} needs from its rendered manifests: gateway class, pool API group, GPU
   * resource and counts, and chart {@code kubeVersion} constraints.
   */
  public static Preflight.Requirements of(StackPlan plan) {
    String gatewayClass = null;
    String poolGroup = null;
    for (StackPlan.Release r : plan.releases()) {
      for (Map<String, Object> m : r.manifests()) {
        Object apiVersion = m.get("apiVersion");
        if ("Gateway".equals(m.get("kind")) && m.get("spec") instanceof Map<?, ?> spec) {
          Object cls = spec.get("gatewayClassName");
          gatewayClass = cls == null ? gatewayClass : cls.toString();
        } else if ("InferencePool".equals(m.get("kind")) && apiVersion != null) {
          String av = apiVersion.toString();
          poolGroup = av.contains("/") ? av.substring(0, av.indexOf('/')) : poolGroup;
        }
      }
    }
    Preflight.Requirements req =
        Preflight.Requirements.none().withGatewayClass(gatewayClass).withPoolGroup(poolGroup);
    String resource = null;
    int total = 0;
    int largest = 0;
    int pods = 0;
    List<Map<String, Object>> servers =
        plan.releases().stream()
            .filter(r -> r.step().equals("deploy_model"))
            .flatMap(r -> r.manifests().stream())
            .toList();
    for (Map<String, Object> m : servers) {
      JsonNode o = ai.llmd.bench.report.Reports.jsonMapper().valueToTree(m);
      String kind = o.path("kind").asString("");
      JsonNode template;
      int count;
      if (kind.equals("Deployment")) {
        template = o.path("spec").path("template");
        count = o.path("spec").path("replicas").asInt(1);
      } else if (kind.equals("LeaderWorkerSet")) {
        template = o.path("spec").path("leaderWorkerTemplate").path("workerTemplate");
        count =
            o.path("spec").path("replicas").asInt(1)
                * o.path("spec").path("leaderWorkerTemplate").path("size").asInt(1);
      } else {
        continue;
      }
      for (JsonNode c : template.path("spec").path("containers")) {
        // an extended resource's request equals its limit when set: take the larger per resource
        Map<String, Integer> asked = new java.util.TreeMap<>();
        for (String key : List.of("limits", "requests")) {
          for (var e : c.path("resources").path(key).properties()) {
            if (Preflight.GPU_RESOURCES.contains(e.getKey()) || e.getKey().contains("gpu")) {
              int n = new BigDecimal(e.getValue().asString(e.getValue().toString())).intValue();
              asked.merge(e.getKey(), n, Math::max);
            }
          }
        }
        for (var e : asked.entrySet()) {
          if (e.getValue() > 0 && count > 0) {
            resource = resource == null ? e.getKey() : resource;
            total += e.getValue() * count;
            largest = Math.max(largest, e.getValue());
            pods += count;
          }
        }
      }
    }
    if (resource != null) {
      req = req.withGpus(resource, total, largest, pods);
    }
    for (StackPlan.Release r : plan.releases()) {
      String constraint = kubeVersion(r.chart());
      if (constraint != null) {
        req = req.withKubeVersion(r.chart().name(), constraint);
      }
    }
    return req;
  }

  /** The {@code kubeVersion} of a local chart's Chart.yaml, or {@code null}. */
  private static String kubeVersion(ChartRef chart) {
    if (chart.localDirectory() == null) {
      return null;
    }
    Path file = chart.localDirectory().resolve("Chart.yaml");
    try {
      JsonNode c = ai.llmd.bench.report.Reports.yamlMapper().readTree(Files.readString(file));
      String v = c.path("kubeVersion").asString(null);
      return v == null || v.isBlank() ? null : v;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
