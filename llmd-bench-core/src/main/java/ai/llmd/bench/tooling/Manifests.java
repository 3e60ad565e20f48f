package ai.llmd.bench.tooling;

import ai.llmd.bench.report.Reports;
import ai.llmd.bench.tooling.ToolingReport.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Release manifests: parsed to fabric8 objects, applied, and removed again. */
final class Manifests {
  private static final Logger log = LoggerFactory.getLogger(Manifests.class);

  private Manifests() {}

  /**
   * Parses multi-document YAML into objects, Namespaces and CRDs first (as {@code kubectl apply}
   * needs them before what uses them), otherwise in file order.
   *
   * @throws ToolingException naming the source and document for invalid YAML or a document without
   *     apiVersion, kind or metadata.name
   */
  static List<HasMetadata> parse(KubernetesClient client, String yaml, String source) {
    List<Map<String, Object>> docs = Tooling.documents(yaml, source);
    if (docs.isEmpty()) {
      throw new ToolingException("manifest " + source + " has no objects");
    }
    List<HasMetadata> first = new ArrayList<>();
    List<HasMetadata> rest = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      Map<String, Object> d = docs.get(i);
      Object meta = d.get("metadata");
      if (d.get("apiVersion") == null
          || d.get("kind") == null
          || !(meta instanceof Map<?, ?> m)
          || m.get("name") == null) {
        throw new ToolingException(
            "manifest "
                + source
                + ", document "
                + (i + 1)
                + ": needs apiVersion, kind and metadata.name (kind "
                + d.get("kind")
                + ")");
      }
      HasMetadata o;
      try {
        o =
            client
                .getKubernetesSerialization()
                .unmarshal(Reports.jsonMapper().writeValueAsString(d), HasMetadata.class);
      } catch (RuntimeException e) {
        throw new ToolingException(
            "manifest "
                + source
                + ", document "
                + (i + 1)
                + " ("
                + d.get("kind")
                + " "
                + m.get("name")
                + "): "
                + e.getMessage(),
            e);
      }
      (o instanceof Namespace || o instanceof CustomResourceDefinition ? first : rest).add(o);
    }
    first.addAll(rest);
    return first;
  }

  /** Server-side apply is GA since Kubernetes 1.22. */
  static boolean serverSideApplySupported(KubernetesClient client) {
    try {
      VersionInfo v = client.getKubernetesVersion();
      int major = Integer.parseInt(v.getMajor().replaceAll("\\D", ""));
      int minor = Integer.parseInt(v.getMinor().replaceAll("\\D", ""));
      return major > 1 || (major == 1 && minor >= 22);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Applies one object (server-side apply with field manager {@value Tooling#FIELD_MANAGER} when
   * supported, else create-or-update), labelled with the tool's id when {@code owner} is set.
   */
  static ObjectRef apply(KubernetesClient client, HasMetadata o, String owner, boolean ssa) {
    if (owner != null) {
      Map<String, String> labels =
          o.getMetadata().getLabels() == null
              ? new LinkedHashMap<>()
              : new LinkedHashMap<>(o.getMetadata().getLabels());
      labels.put(Tooling.TOOL_LABEL, owner);
      o.getMetadata().setLabels(labels);
    }
    boolean applied = false;
    if (ssa) {
      try {
        client.resource(o).fieldManager(Tooling.FIELD_MANAGER).forceConflicts().serverSideApply();
        applied = true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 415 && e.getCode() != 404) {
          throw e;
        }
        log.debug("Server-side apply refused ({}), creating or updating instead", e.getCode());
      }
    }
    if (!applied) {
      client.resource(o).createOr(op -> op.update());
    }
    return new ObjectRef(
        o.getApiVersion(), o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  /** Deletes an object when it still carries {@code key=value}; returns whether it did. */
  static boolean deleteIfLabelled(
      KubernetesClient client, ObjectRef ref, String key, String value) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", ref.name());
    if (ref.namespace() != null) {
      meta.put("namespace", ref.namespace());
    }
    HasMetadata stub =
        client
            .getKubernetesSerialization()
            .unmarshal(
                Reports.jsonMapper()
                    .writeValueAsString(
                        Map.of(
                            "apiVersion", ref.apiVersion(), "kind", ref.kind(), "metadata", meta)),
                HasMetadata.class);
    var resource = client.resource(stub);
    HasMetadata live = resource.get();
    if (live == null
        || live.getMetadata().getLabels() == null
        || !value.equals(live.getMetadata().getLabels().get(key))) {
      return false;
    }
    resource.delete();
    return true;
  }
}
