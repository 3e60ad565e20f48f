package ai.llmd.bench.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}, what {@code
 * helm upgrade} sends for built-in kinds) applied to an object, for the mock API server, which
 * accepts only JSON and JSON merge patches. Reproduces the documented rules for the shapes Helm
 * sends: maps merge recursively and {@code null} deletes a key; lists of maps that carry a merge
 * key ({@code name}, {@code containerPort}, {@code mountPath}, {@code type}) merge element by
 * element, {@code $patch: delete} removing one; other lists are replaced; the directives {@code
 * $setElementOrder/...} (order only), {@code $deleteFromPrimitiveList/...}, {@code $retainKeys} and
 * {@code $patch: replace} are honoured. It does not read the per-field strategies from the OpenAPI
 * schema (the mock serves none): lists without those keys are always replaced.
 */
final class StrategicMergePatch {
  private static final List<String> MERGE_KEYS =
      List.of("name", "containerPort", "mountPath", "type");

  private StrategicMergePatch() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
    if ("replace".equals(patch.get("$patch"))) {
      Map<String, Object> replaced = new LinkedHashMap<>(patch);
      replaced.remove("$patch");
      return replaced;
    }
    Map<String, Object> out = new LinkedHashMap<>(target);
    for (var e : patch.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (key.startsWith("$setElementOrder/") || key.equals("$patch")) {
        continue;
      }
      if (key.startsWith("$deleteFromPrimitiveList/")) {
        String list = key.substring(key.indexOf('/') + 1);
        if (out.get(list) instanceof List<?> l && value instanceof List<?> remove) {
          List<Object> kept = new ArrayList<>(l);
          kept.removeAll(remove);
          out.put(list, kept);
        }
        continue;
      }
      if (key.equals("$retainKeys")) {
        if (value instanceof List<?> keep) {
          out.keySet().retainAll(keep);
        }
        continue;
      }
      if (value == null) {
        out.remove(key);
      } else if (value instanceof Map<?, ?> pm && out.get(key) instanceof Map<?, ?> tm) {
        out.put(key, apply((Map<String, Object>) tm, (Map<String, Object>) pm));
      } else if (value instanceof List<?> pl && out.get(key) instanceof List<?> tl) {
        out.put(key, mergeList((List<Object>) tl, (List<Object>) pl));
      } else {
        out.put(key, value);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> mergeList(List<Object> target, List<Object> patch) {
    String mergeKey = null;
    for (String k : MERGE_KEYS) {
      if (!patch.isEmpty()
          && patch.stream().allMatch(p -> p instanceof Map<?, ?> m && m.containsKey(k))) {
        mergeKey = k;
        break;
      }
    }
    if (mergeKey == null) {
      return new ArrayList<>(patch);
    }
    List<Object> out = new ArrayList<>(target);
    for (Object p : patch) {
      Map<String, Object> pm = (Map<String, Object>) p;
      Object id = pm.get(mergeKey);
      int at = -1;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i) instanceof Map<?, ?> m && id.equals(m.get(mergeKey))) {
          at = i;
          break;
        }
      }
      if ("delete".equals(pm.get("$patch"))) {
        if (at >= 0) {
          out.remove(at);
        }
      } else if (at >= 0) {
        out.set(at, apply((Map<String, Object>) out.get(at), pm));
      } else {
        out.add(apply(Map.of(), pm));
      }
    }
    return out;
  }
}
