package ai.llmd.bench.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The {@code path=value} override rules applied to Helm values and workload profiles (the upstream
 * {@code apply-overrides} language).
 *
 * <pre>{@code
 * Overrides rules = Overrides.parse("""
 *     decode.replicas=2
 *     decode.containers[name="vllm"].args=--max-model-len=16000
 *     modelArtifacts.labels."llm-d.ai/model"=qwen3
 *     """);
 * Map<String, Object> values = rules.applyTo(baseValues);
 * }</pre>
 *
 * <p>Paths are dotted; a segment may be quoted ({@code "llm-d.ai/model"}) and may carry a list
 * selector {@code [k=v, ...]} that picks (or appends) the list element with those fields. At a leaf
 * holding a list of scalars the value is upserted by its flag prefix ({@code --max-model-len=}
 * replaces an existing {@code --max-model-len=...}); otherwise it is parsed as a YAML scalar, list
 * or map.
 */
public final class Overrides {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  /**
   * One parsed rule.
   *
   * @param text the rule as written, {@code path=value}
   * @param path the parsed path
   * @param value the value text after the first {@code =}
   */
  public record Rule(String text, List<Segment> path, String value) {}

  /**
   * One path segment: a key and an optional list selector.
   *
   * @param key the map key
   * @param selector a list-element selector such as {@code name="vllm"}, or {@code null}
   */
  public record Segment(String key, Map<String, Object> selector) {}

  private final List<Rule> rules;

  private Overrides(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** No rules. */
  public static Overrides none() {
    return new Overrides(List.of());
  }

  /**
   * Parses rules, one per line; blank lines and {@code #} comments are skipped.
   *
   * @throws IllegalArgumentException naming the line and what is wrong with it
   */
  public static Overrides parse(String text) {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        rules.add(rule(line));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "override line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
      }
    }
    return new Overrides(rules);
  }

  /** Rules given one per element. */
  public static Overrides of(String... rules) {
    return parse(String.join("\n", rules));
  }

  /** These rules followed by {@code more}. */
  public Overrides and(Overrides more) {
    List<Rule> all = new ArrayList<>(rules);
    all.addAll(more.rules);
    return new Overrides(all);
  }

  /** The rules in the order they apply. */
  public List<Rule> rules() {
    return rules;
  }

  /** The rules' text, one per element. */
  public List<String> texts() {
    return rules.stream().map(Rule::text).toList();
  }

  /**
   * Applies the rules, in order, to a deep copy of {@code document}.
   *
   * @throws IllegalArgumentException naming the rule that cannot be applied
   */
  public Map<String, Object> applyTo(Map<String, Object> document) {
    Map<String, Object> doc = deepCopy(document == null ? Map.of() : document);
    for (Rule r : rules) {
      try {
        apply(doc, r);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("override '" + r.text() + "': " + e.getMessage(), e);
      }
    }
    return doc;
  }

  static Rule rule(String line) {
    int eq = topLevel(line, '=');
    if (eq <= 0) {
      throw new IllegalArgumentException("expected path=value");
    }
    List<Segment> path = path(line.substring(0, eq).strip());
    return new Rule(line, path, line.substring(eq + 1));
  }

  /** Index of the first {@code c} outside brackets and quotes, or -1. */
  private static int topLevel(String s, char c) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (quote != 0) {
        if (ch == '\\') {
          i++;
        } else if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
      } else if (ch == '[') {
        depth++;
      } else if (ch == ']') {
        depth--;
      } else if (ch == c && depth == 0) {
        return i;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unterminated quote");
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced brackets");
    }
    return -1;
  }

  private static List<Segment> path(String path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
    List<Segment> segments = new ArrayList<>();
    String rest = path;
    while (true) {
      int dot = topLevel(rest, '.');
      String seg = dot < 0 ? rest : rest.substring(0, dot);
      segments.add(segment(seg.strip()));
      if (dot < 0) {
        return segments;
      }
      rest = rest.substring(dot + 1);
    }
  }

  private static Segment segment(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty path segment");
    }
    String name;
    String tail;
    if (s.charAt(0) == '"' || s.charAt(0) == '\'') {
      char q = s.charAt(0);
      StringBuilder sb = new StringBuilder();
      int i = 1;
      for (; i < s.length() && s.charAt(i) != q; i++) {
        if (s.charAt(i) == '\\' && i + 1 < s.length()) {
          i++;
        }
        sb.append(s.charAt(i));
      }
      if (i == s.length()) {
        throw new IllegalArgumentException("unterminated quote in segment " + s);
      }
      name = sb.toString();
      tail = s.substring(i + 1).strip();
    } else {
      int b = s.indexOf('[');
      name = b < 0 ? s : s.substring(0, b).strip();
      tail = b < 0 ? "" : s.substring(b);
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty key in segment " + s);
    }
    if (tail.isEmpty()) {
      return new Segment(name, null);
    }
    if (!tail.startsWith("[") || !tail.endsWith("]")) {
      throw new IllegalArgumentException("unexpected text after key in segment " + s);
    }
    Map<String, Object> selector = new LinkedHashMap<>();
    for (String cond : tail.substring(1, tail.length() - 1).split(",|&&")) {
      int eq = topLevel(cond, '=');
      if (eq <= 0) {
        throw new IllegalArgumentException("selector condition '" + cond.strip() + "' is not k=v");
      }
      selector.put(
          unquote(cond.substring(0, eq).strip()), scalar(unquote(cond.substring(eq + 1).strip())));
    }
    return new Segment(name, selector);
  }

  private static String unquote(String s) {
    if (s.length() >= 2
        && (s.charAt(0) == '"' || s.charAt(0) == '\'')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private static void apply(Map<String, Object> doc, Rule rule) {
    Map<String, Object> current = doc;
    List<Segment> path = rule.path();
    for (int i = 0; i < path.size(); i++) {
      Segment seg = path.get(i);
      boolean last = i == path.size() - 1;
      if (seg.selector() != null) {
        Object existing = current.get(seg.key());
        List<Object> list;
        if (existing instanceof List<?> l) {
          list = (List<Object>) l;
        } else {
          list = new ArrayList<>();
          current.put(seg.key(), list);
        }
        Map<String, Object> match = null;
        for (Object e : list) {
          if (e instanceof Map<?, ?> m && matches((Map<String, Object>) m, seg.selector())) {
            match = (Map<String, Object>) m;
            break;
          }
        }
        if (match == null) {
          match = new LinkedHashMap<>(seg.selector());
          list.add(match);
        }
        if (last) {
          throw new IllegalArgumentException("a path cannot end with a list selector");
        }
        current = match;
      } else if (last) {
        setLeaf(current, seg.key(), rule.value());
      } else {
        Object next = current.get(seg.key());
        if (!(next instanceof Map)) {
          next = new LinkedHashMap<String, Object>();
          current.put(seg.key(), next);
        }
        current = (Map<String, Object>) next;
      }
    }
  }

  private static boolean matches(Map<String, Object> element, Map<String, Object> selector) {
    for (var c : selector.entrySet()) {
      if (!Objects.equals(String.valueOf(element.get(c.getKey())), String.valueOf(c.getValue()))) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static void setLeaf(Map<String, Object> parent, String key, String raw) {
    Object existing = parent.get(key);
    if (existing instanceof List<?> l) {
      if (l.stream().anyMatch(e -> e instanceof Map)) {
        throw new IllegalArgumentException(
            "'" + key + "' is a list of maps; select an element with [k=v]");
      }
      upsert((List<Object>) l, raw);
    } else if (existing == null && (key.equals("args") || key.equals("command"))) {
      List<Object> list = new ArrayList<>();
      upsert(list, raw);
      parent.put(key, list);
    } else {
      parent.put(key, yaml(raw));
    }
  }

  private static void upsert(List<Object> list, String raw) {
    int eq = raw.indexOf('=');
    if (eq >= 0) {
      String prefix = raw.substring(0, eq + 1);
      for (int i = 0; i < list.size(); i++) {
        if (String.valueOf(list.get(i)).startsWith(prefix)) {
          list.set(i, raw);
          return;
        }
      }
      list.add(raw);
    } else if (!list.contains(raw)) {
      list.add(raw);
    }
  }

  /** A value parsed as YAML; anything unparsable stays a string. */
  private static Object yaml(String raw) {
    if (raw.isEmpty()) {
      return "";
    }
    try {
      Object v = YAML.readValue(raw, Object.class);
      return v == null && !raw.strip().equals("null") && !raw.strip().equals("~") ? raw : v;
    } catch (JacksonException e) {
      return raw;
    }
  }

  private static Object scalar(String raw) {
    Object v = yaml(raw);
    return v instanceof Map || v instanceof List ? raw : v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, copyValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return deepCopy((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(e -> out.add(copyValue(e)));
      return out;
    }
    return v;
  }

  @Override
  public String toString() {
    return "Overrides" + texts();
  }
}
