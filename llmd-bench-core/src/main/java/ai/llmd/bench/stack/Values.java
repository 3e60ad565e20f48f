package ai.llmd.bench.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Helm values as nested maps: parsing, deep merging and dotted access. */
final class Values {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private Values() {}

  /**
   * Parses YAML that must be a mapping.
   *
   * @throws IllegalArgumentException naming {@code what} when it is not
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String yaml, String what) {
    Object v;
    try {
      v = YAML.readValue(yaml, Object.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          what + " are not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (v == null) {
      return new LinkedHashMap<>();
    }
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException(
          what
              + " must be a map, was a "
              + (v instanceof List ? "list" : v.getClass().getSimpleName()));
    }
    return (Map<String, Object>) v;
  }

  /**
   * {@code over} merged into a copy of {@code base}: maps merge key by key; lists whose elements
   * are all maps with a {@code name} (containers, env, volumes, ports) merge element by name, as
   * Kubernetes' strategic merge does, new names appended; anything else replaces.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = Overrides.deepCopy(base);
    if (over == null) {
      return out;
    }
    over.forEach((k, v) -> out.put(k, mergeValue(out.get(k), v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object mergeValue(Object existing, Object v) {
    if (existing instanceof Map && v instanceof Map) {
      return merge((Map<String, Object>) existing, (Map<String, Object>) v);
    }
    if (existing instanceof List<?> a && v instanceof List<?> b && named(a) && named(b)) {
      List<Object> out = new ArrayList<>();
      a.forEach(e -> out.add(Overrides.deepCopy((Map<String, Object>) e)));
      for (Object e : b) {
        Map<String, Object> element = (Map<String, Object>) e;
        int at = -1;
        for (int i = 0; i < out.size(); i++) {
          if (element.get("name").equals(((Map<String, Object>) out.get(i)).get("name"))) {
            at = i;
          }
        }
        if (at >= 0) {
          out.set(at, merge((Map<String, Object>) out.get(at), element));
        } else {
          out.add(Overrides.deepCopy(element));
        }
      }
      return out;
    }
    return v instanceof Map ? Overrides.deepCopy((Map<String, Object>) v) : copy(v);
  }

  @SuppressWarnings("unchecked")
  private static Object copy(Object v) {
    return v instanceof List<?> l
        ? new ArrayList<>(
            l.stream()
                .map(e -> e instanceof Map ? Overrides.deepCopy((Map<String, Object>) e) : e)
                .toList())
        : v;
  }

  private static boolean named(List<?> list) {
    return !list.isEmpty()
        && list.stream().allMatch(e -> e instanceof Map<?, ?> m && m.get("name") != null);
  }

  /** The value at a dotted path, or {@code null}. */
  @SuppressWarnings("unchecked")
  static Object get(Map<String, Object> values, String... path) {
    Object cur = values;
    for (String p : path) {
      if (!(cur instanceof Map)) {
        return null;
      }
      cur = ((Map<String, Object>) cur).get(p);
    }
    return cur;
  }

  /** A map from alternating keys and values. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
