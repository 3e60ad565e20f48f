package ai.llmd.bench.kube;

import ai.llmd.bench.record.ExperimentRecord;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Captures the environment of an experiment from a cluster, for {@link ExperimentRecord}.
 *
 * <pre>{@code
 * ExperimentRecord.Environment env =
 *     ClusterEnvironment.capture(stack.client(), stack.namespace(), "llm-d.ai/model=" + stack.label());
 * }</pre>
 */
public final class ClusterEnvironment {
  private ClusterEnvironment() {}

  /**
   * The cluster's version, and the nodes and images of the pods matching a label selector in a
   * namespace (for example the model servers: {@code llm-d.ai/model=<label>}), with the local JVM
   * and OS.
   */
  public static ExperimentRecord.Environment capture(
      KubernetesClient client, String namespace, String podSelector) {
    var pods =
        client.pods().inNamespace(namespace).withLabelSelector(podSelector).list().getItems();
    Map<String, ExperimentRecord.Image> images = new TreeMap<>();
    Set<String> nodeNames = new TreeSet<>();
    for (Pod pod : pods) {
      if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
        nodeNames.add(pod.getSpec().getNodeName());
      }
      if (pod.getSpec() != null) {
        pod.getSpec()
            .getContainers()
            .forEach(
                c ->
                    images.putIfAbsent(
                        c.getImage(), new ExperimentRecord.Image(c.getImage(), null)));
      }
      if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
          String id = cs.getImageID();
          String digest = id != null && id.contains("@") ? id.substring(id.indexOf('@') + 1) : null;
          if (digest != null) {
            images.put(cs.getImage(), new ExperimentRecord.Image(cs.getImage(), digest));
          }
        }
      }
    }
    List<ExperimentRecord.Node> nodes = new ArrayList<>();
    for (String name : nodeNames) {
      io.fabric8.kubernetes.api.model.Node n = client.nodes().withName(name).get();
      if (n == null) {
        continue;
      }
      Map<String, String> gpuLabels = new TreeMap<>();
      if (n.getMetadata().getLabels() != null) {
        n.getMetadata()
            .getLabels()
            .forEach(
                (k, v) -> {
                  if (k.startsWith("nvidia.com/")
                      || k.startsWith("amd.com/")
                      || k.contains("gpu")
                      || k.contains("accelerator")) {
                    gpuLabels.put(k, v);
                  }
                });
      }
      int gpus = 0;
      if (n.getStatus() != null && n.getStatus().getCapacity() != null) {
        for (var e : n.getStatus().getCapacity().entrySet()) {
          if (e.getKey().endsWith("/gpu")) {
            gpus += Integer.parseInt(e.getValue().getAmount());
          }
        }
      }
      nodes.add(new ExperimentRecord.Node(name, gpuLabels, gpus));
    }
    String version = null;
    var info = client.getKubernetesVersion();
    if (info != null) {
      version =
          info.getGitVersion() != null
              ? info.getGitVersion()
              : info.getMajor() + "." + info.getMinor();
    }
    ExperimentRecord.Environment local = ExperimentRecord.Environment.local();
    return new ExperimentRecord.Environment(
        version, nodes, List.copyOf(images.values()), local.javaVersion(), local.os());
  }
}
