package ai.llmd.bench.stack;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the charts rendered (Gateway, InferencePool, endpoint picker, model server pods) and
 * checks that it fits together and matches what was asked.
 */
final class Rendered {
  private static final Pattern PORT_ARG = Pattern.compile("^--port=(\\d+)$");

  private Rendered() {}

  /** The Gateway of the llm-d-infra release: its name and class. */
  static String[] gateway(StackPlan.Release infra, GatewayClass cls) {
    List<Map<String, Object>> gateways = kind(infra, "Gateway", "gateway.networking.k8s.io/");
    if (gateways.size() != 1) {
      throw new IllegalArgumentException(
          "gateway chart "
              + infra.chart()
              + " (release "
              + infra.name()
              + ") rendered "
              + gateways.size()
              + " Gateways, expected 1; check gateway.enabled in its values");
    }
    Map<String, Object> g = gateways.get(0);
    String name = str(Values.get(g, "metadata", "name"));
    String className = str(Values.get(g, "spec", "gatewayClassName"));
    if (!cls.accepts(className)) {
      throw new IllegalArgumentException(
          "gateway chart "
              + infra.chart()
              + " rendered Gateway "
              + name
              + " of class '"
              + className
              + "' but the stack asked for "
              + cls
              + " ('"
              + cls.className()
              + "'); remove the class from the gateway values or overrides");
    }
    return new String[] {name, className};
  }

  /**
   * The pool of the GAIE release, checked against the request: the apiVersion asked for, the model
   * label in its selector, and an endpoint picker Service with the referenced port.
   */
  @SuppressWarnings("unchecked")
  static StackPlan.Wiring pool(
      StackPlan.Release gaie, String requestedApiVersion, ModelLabel label, String[] gateway) {
    List<Map<String, Object>> pools = kind(gaie, "InferencePool", "inference.networking.");
    if (pools.size() != 1) {
      throw new IllegalArgumentException(
          "GAIE chart "
              + gaie.chart()
              + " (release "
              + gaie.name()
              + ") rendered "
              + pools.size()
              + " InferencePools, expected 1; use an inferencepool chart version that renders"
              + " one (e.g. v1.0.1)");
    }
    Map<String, Object> p = pools.get(0);
    String apiVersion = str(p.get("apiVersion"));
    String name = str(Values.get(p, "metadata", "name"));
    if (requestedApiVersion != null && !requestedApiVersion.equals(apiVersion)) {
      throw new IllegalArgumentException(
          "GAIE chart "
              + gaie.chart()
              + " rendered InferencePool "
              + name
              + " as "
              + apiVersion
              + " but "
              + requestedApiVersion
              + " was asked (GaieSpec.withPoolApiVersion or inferencePool.apiVersion); this chart"
              + " version does not offer it: ask for "
              + apiVersion
              + " or use a chart that renders "
              + requestedApiVersion);
    }
    boolean v1 = apiVersion.startsWith("inference.networking.k8s.io/");
    Object port =
        v1 ? Values.get(p, "spec", "targetPorts") : Values.get(p, "spec", "targetPortNumber");
    if (port instanceof List<?> l && !l.isEmpty()) {
      port = ((Map<String, Object>) l.get(0)).get("number");
    }
    Object selector =
        v1 ? Values.get(p, "spec", "selector", "matchLabels") : Values.get(p, "spec", "selector");
    Map<String, Object> sel = selector instanceof Map ? (Map<String, Object>) selector : Map.of();
    if (!label.value().equals(str(sel.get(Stack.MODEL_LABEL)))) {
      throw new IllegalArgumentException(
          "GAIE chart "
              + gaie.chart()
              + " rendered InferencePool "
              + name
              + " selecting "
              + sel
              + " but the stack's pods are labelled "
              + Stack.MODEL_LABEL
              + "="
              + label.value()
              + "; do not override inferencePool.modelServers.matchLabels");
    }
    String epp =
        str(
            v1
                ? Values.get(p, "spec", "endpointPickerRef", "name")
                : Values.get(p, "spec", "extensionRef", "name"));
    Object eppPort =
        v1
            ? Values.get(p, "spec", "endpointPickerRef", "port", "number")
            : Values.get(p, "spec", "extensionRef", "portNumber");
    int eppPortNumber = eppPort == null ? 9002 : toInt(eppPort, "the pool's endpoint picker port");
    Map<String, Object> service =
        kind(gaie, "Service", "v1").stream()
            .filter(s -> epp.equals(str(Values.get(s, "metadata", "name"))))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "GAIE chart "
                            + gaie.chart()
                            + " rendered InferencePool "
                            + name
                            + " whose endpoint picker '"
                            + epp
                            + "' has no Service among the rendered objects"));
    Object ports = Values.get(service, "spec", "ports");
    boolean served =
        ports instanceof List<?> l
            && l.stream()
                .anyMatch(
                    e ->
                        e instanceof Map<?, ?> m
                            && String.valueOf(eppPortNumber).equals(str(m.get("port"))));
    if (!served) {
      throw new IllegalArgumentException(
          "GAIE chart "
              + gaie.chart()
              + ": the endpoint picker Service "
              + epp
              + " has no port "
              + eppPortNumber
              + " that InferencePool "
              + name
              + " references");
    }
    return new StackPlan.Wiring(
        gateway[0],
        gateway[1],
        apiVersion,
        name,
        toInt(port, "InferencePool " + name + " target port"),
        epp,
        eppPortNumber,
        null);
  }

  /** The pool's selector as rendered. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> poolSelector(StackPlan.Release gaie) {
    Map<String, Object> p = kind(gaie, "InferencePool", "inference.networking.").get(0);
    Object s = Values.get(p, "spec", "selector", "matchLabels");
    if (s == null) {
      s = Values.get(p, "spec", "selector");
    }
    return s instanceof Map ? (Map<String, Object>) s : Map.of();
  }

  /**
   * Checks that the EPP reads a file its ConfigMap holds: {@code pluginsConfigFile} must be a key
   * of a rendered ConfigMap.
   */
  static void eppConfig(StackPlan.Release gaie, String pluginsConfigFile) {
    if (pluginsConfigFile == null) {
      return;
    }
    boolean present =
        kind(gaie, "ConfigMap", "v1").stream()
            .anyMatch(
                c -> c.get("data") instanceof Map<?, ?> d && d.containsKey(pluginsConfigFile));
    if (!present) {
      throw new IllegalArgumentException(
          "GAIE chart "
              + gaie.chart()
              + " rendered no ConfigMap holding "
              + pluginsConfigFile
              + ", which the endpoint picker would read (GaieSpec.withPluginsConfigFile): it would not"
              + " start; this chart version may not support inferenceExtension.pluginsCustomConfig");
    }
  }

  /**
   * Checks that the pool selects pods of the model service and that every selected pod serves the
   * pool's port; returns those pods as the model service chart rendered them, with the URL of a
   * rendered Service that selects them and forwards to the pool's port, if there is one.
   */
  @SuppressWarnings("unchecked")
  static DeployedStack.ModelServiceRef modelServers(
      StackPlan.Release ms, Map<String, Object> selector, StackPlan.Wiring wiring, String ns) {
    List<String> names = new ArrayList<>();
    List<Map<String, Object>> podLabels = new ArrayList<>();
    for (Map<String, Object> w : workloads(ms)) {
      Object template =
          w.get("kind").equals("LeaderWorkerSet")
              ? Values.get(w, "spec", "leaderWorkerTemplate", "workerTemplate")
              : Values.get(w, "spec", "template");
      Object labels = Values.get((Map<String, Object>) template, "metadata", "labels");
      if (!(labels instanceof Map<?, ?> l) || !matches((Map<String, Object>) l, selector)) {
        continue;
      }
      Object replicas = Values.get(w, "spec", "replicas");
      if (replicas instanceof Number n && n.intValue() == 0) {
        continue;
      }
      names.add(str(Values.get(w, "metadata", "name")));
      podLabels.add((Map<String, Object>) l);
      List<Integer> ports = ports((Map<String, Object>) template);
      if (!ports.contains(wiring.poolPort())) {
        throw new IllegalArgumentException(
            "model service chart "
                + ms.chart()
                + ": "
                + w.get("kind")
                + " "
                + Values.get(w, "metadata", "name")
                + " is selected by InferencePool "
                + wiring.poolName()
                + " but its pods serve "
                + ports
                + ", not the pool's port "
                + wiring.poolPort());
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          "InferencePool "
              + wiring.poolName()
              + " selects "
              + selector
              + " but no model server pod of chart "
              + ms.chart()
              + " carries these labels; check modelArtifacts.labels");
    }
    Map<String, String> podSelector = new LinkedHashMap<>();
    selector.forEach((k, v) -> podSelector.put(k, String.valueOf(v)));
    return new DeployedStack.ModelServiceRef(
        ms.name(),
        podSelector,
        wiring.poolPort(),
        names,
        service(ms, podLabels, wiring.poolPort())
            .map(p -> URI.create("http://" + p[0] + "." + ns + ".svc.cluster.local:" + p[1])));
  }

  /**
   * A Service of the release that selects every given pod and forwards to the port: its name and
   * port. The upstream chart renders none; a user's {@code extraObjects} may.
   */
  private static Optional<String[]> service(
      StackPlan.Release r, List<Map<String, Object>> podLabels, int targetPort) {
    for (Map<String, Object> s : kind(r, "Service", "v1")) {
      Object sel = Values.get(s, "spec", "selector");
      if (!(sel instanceof Map<?, ?> m) || m.isEmpty()) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> selector = (Map<String, Object>) m;
      if (!podLabels.stream().allMatch(l -> matches(l, selector))) {
        continue;
      }
      if (Values.get(s, "spec", "ports") instanceof List<?> ports) {
        for (Object o : ports) {
          if (o instanceof Map<?, ?> p && p.get("port") != null) {
            Object target = p.get("targetPort") == null ? p.get("port") : p.get("targetPort");
            if (String.valueOf(targetPort).equals(str(target))) {
              return Optional.of(
                  new String[] {str(Values.get(s, "metadata", "name")), str(p.get("port"))});
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static List<Map<String, Object>> workloads(StackPlan.Release r) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> m : r.manifests()) {
      Object k = m.get("kind");
      if ("Deployment".equals(k) || "StatefulSet".equals(k) || "LeaderWorkerSet".equals(k)) {
        out.add(m);
      }
    }
    return out;
  }

  /** Ports a pod template serves: declared container ports and {@code --port} arguments. */
  @SuppressWarnings("unchecked")
  static List<Integer> ports(Map<String, Object> template) {
    List<Integer> ports = new ArrayList<>();
    List<Object> containers = new ArrayList<>();
    if (Values.get(template, "spec", "containers") instanceof List<?> c) {
      containers.addAll(c);
    }
    if (Values.get(template, "spec", "initContainers") instanceof List<?> c) {
      // sidecars: init containers that keep running
      c.stream()
          .filter(i -> i instanceof Map<?, ?> m && "Always".equals(m.get("restartPolicy")))
          .forEach(containers::add);
    }
    for (Object o : containers) {
      Map<String, Object> c = (Map<String, Object>) o;
      if (c.get("ports") instanceof List<?> ps) {
        for (Object p : ps) {
          if (p instanceof Map<?, ?> m && m.get("containerPort") != null) {
            ports.add(toInt(m.get("containerPort"), "containerPort"));
          }
        }
      }
      if (c.get("args") instanceof List<?> args) {
        for (int i = 0; i < args.size(); i++) {
          String a = String.valueOf(args.get(i));
          Matcher mt = PORT_ARG.matcher(a);
          if (a.startsWith("--port=") && mt.matches()) {
            ports.add(Integer.parseInt(mt.group(1)));
          } else if (a.equals("--port") && i + 1 < args.size()) {
            ports.add(toInt(args.get(i + 1), "--port"));
          }
        }
      }
    }
    return ports.stream().distinct().toList();
  }

  static boolean matches(Map<String, Object> labels, Map<String, Object> selector) {
    return selector.entrySet().stream()
        .allMatch(e -> String.valueOf(e.getValue()).equals(str(labels.get(e.getKey()))));
  }

  /** Rendered objects of a kind whose apiVersion starts with a prefix. */
  static List<Map<String, Object>> kind(StackPlan.Release r, String kind, String apiPrefix) {
    return r.manifests().stream()
        .filter(m -> kind.equals(m.get("kind")) && str(m.get("apiVersion")).startsWith(apiPrefix))
        .toList();
  }

  /** The selectors of a release's workloads, for the waits: name to (labels, replicas). */
  @SuppressWarnings("unchecked")
  static Map<String, Object[]> workloadSelectors(StackPlan.Release r) {
    Map<String, Object[]> out = new LinkedHashMap<>();
    for (Map<String, Object> w : workloads(r)) {
      Object sel = Values.get(w, "spec", "selector", "matchLabels");
      Object replicas = Values.get(w, "spec", "replicas");
      if (sel instanceof Map<?, ?> m) {
        out.put(
            str(Values.get(w, "metadata", "name")),
            new Object[] {m, replicas instanceof Number n ? n.intValue() : 1, w});
      }
    }
    return out;
  }

  private static int toInt(Object v, String what) {
    try {
      return v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a number: " + v, e);
    }
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
