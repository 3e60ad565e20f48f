package ai.llmd.bench.harness;

import ai.llmd.bench.report.Reports;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * A workload profile (create_workload_profile): a harness-native template plus changes, rendered
 * into the file the harness reads.
 *
 * <pre>{@code
 * WorkloadProfile p = Harnesses.get("inference-perf").profile("sanity_random")
 *     .withEndpoint(stack.endpoint()).withModel("Qwen/Qwen3-0.6B").withTokenizer("Qwen/Qwen3-0.6B")
 *     .withValue("load.stages[0].rate", 10)           // a key the template has
 *     .withAddedValue("load.request_timeout", 30);          // a key added on purpose
 * String yaml = p.render().text();
 * }</pre>
 *
 * <p>Templates may use the upstream {@code REPLACE_ENV_<KEY>} tokens; {@link #withEndpoint}, {@link
 * #withModel} and {@link #withTokenizer} set the standard ones. A token left unresolved, or a
 * change whose path the template does not have, is an error that names it (and, for a missing key,
 * the keys that exist there).
 *
 * @param harness the harness id
 * @param name the profile's name (the template's file name without {@code .yaml.in})
 * @param template the template text
 * @param tokens values of {@code REPLACE_ENV_<KEY>} tokens, by key
 * @param changes dotted-path changes applied to the parsed template, in order
 */
public record WorkloadProfile(
    String harness,
    String name,
    String template,
    Map<String, String> tokens,
    List<Change> changes) {
  /** The token for the stack URL, including the model-label prefix, without {@code /v1}. */
  public static final String ENDPOINT_TOKEN = "LLMDBENCH_HARNESS_STACK_ENDPOINT_URL";

  /** The token for the served model name. */
  public static final String MODEL_TOKEN = "LLMDBENCH_DEPLOY_CURRENT_MODEL";

  /** The token for the tokenizer (the model when not set). */
  public static final String TOKENIZER_TOKEN = "LLMDBENCH_DEPLOY_CURRENT_TOKENIZER";

  private static final Pattern TOKEN = Pattern.compile("REPLACE_ENV_(\\w+)");
  private static final Pattern PARAM = Pattern.compile("(?m)^#\\s*@param\\s+(\\S+)\\s+(.*)$");
  private static final Pattern INDEX = Pattern.compile("([^\\[\\]]*)\\[(-?\\d+)]");

  /**
   * A change: a dotted path ({@code load.stages[0].rate} or {@code load.stages.0.rate}) and a
   * value.
   *
   * @param adds whether the last key may be new ({@link #withAddedValue}); otherwise it must exist
   *     ({@link #withValue})
   * @param path the dotted path, with list indices
   * @param value the value to set there (a scalar, list or map)
   */
  public record Change(String path, Object value, boolean adds) {
    /** A change of a key the template has. */
    public Change(String path, Object value) {
      this(path, value, false);
    }
  }

  /**
   * Copies tokens and changes; {@code null} becomes empty.
   *
   * @param harness the harness id
   * @param name the profile's name (the template's file name without {@code .yaml.in})
   * @param template the template text
   * @param tokens values of {@code REPLACE_ENV_<KEY>} tokens, by key
   * @param changes dotted-path changes applied to the parsed template, in order
   * @throws NullPointerException when the harness or template is null
   */
  public WorkloadProfile {
    Objects.requireNonNull(harness, "harness");
    Objects.requireNonNull(template, "template");
    tokens = Map.copyOf(tokens == null ? Map.of() : tokens);
    changes = List.copyOf(changes == null ? List.of() : changes);
  }

  /** A profile from template text. */
  public static WorkloadProfile of(String harness, String name, String template) {
    return new WorkloadProfile(harness, name, template, Map.of(), List.of());
  }

  /**
   * The parameters the template documents, by dotted path, from its {@code # @param <path>
   * <description>} comment lines (empty for a template without them, such as upstream ones). Each
   * is a path {@link #withValue} accepts.
   *
   * <pre>{@code
   * harness.profile("rate_sweep").parameters().get("load.interval");
   * // "seconds of pause between stages, ..."
   * }</pre>
   */
  public Map<String, String> parameters() {
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(template);
    while (m.find()) {
      params.put(m.group(1), m.group(2).strip());
    }
    return params;
  }

  /** A copy sending to this endpoint (the stack's, a gateway's or a port-forward's). */
  public WorkloadProfile withEndpoint(URI endpoint) {
    return withToken(ENDPOINT_TOKEN, endpoint.toString().replaceAll("/+$", ""));
  }

  /**
   * A copy with this served model name (also the tokenizer, unless {@link #withTokenizer} says
   * otherwise).
   */
  public WorkloadProfile withModel(String model) {
    return withToken(MODEL_TOKEN, model);
  }

  /**
   * A copy with the tokenizer the harness loads (a Hugging Face id or a path), when it is not the
   * served model name, e.g. a served name {@code qwen} for the tokenizer {@code Qwen/Qwen3-0.6B}.
   *
   * @throws IllegalArgumentException when the template has no tokenizer setting (no {@code
   *     REPLACE_ENV_LLMDBENCH_DEPLOY_CURRENT_TOKENIZER} token)
   */
  public WorkloadProfile withTokenizer(String tokenizer) {
    if (!template.contains("REPLACE_ENV_" + TOKENIZER_TOKEN)) {
      throw new IllegalArgumentException(
          "profile "
              + name
              + " of "
              + harness
              + " has no tokenizer setting (no REPLACE_ENV_"
              + TOKENIZER_TOKEN
              + " token); set the tool's own key with withValue(path, value) or withAddedValue(path, value)");
    }
    return withToken(TOKENIZER_TOKEN, tokenizer);
  }

  /** A copy with the value of a {@code REPLACE_ENV_<key>} token. */
  public WorkloadProfile withToken(String key, String value) {
    Map<String, String> t = new LinkedHashMap<>(tokens);
    t.put(key, value);
    return new WorkloadProfile(harness, name, template, t, changes);
  }

  /**
   * A copy that changes a value the template has, by dotted path with list indices.
   *
   * @throws IllegalArgumentException when the template has no such path, naming the path and the
   *     keys that exist where it stops (use {@link #withAddedValue} to add a key on purpose)
   */
  public WorkloadProfile withValue(String path, Object value) {
    return change(new Change(path, value, false));
  }

  /**
   * A copy that sets a key whether or not the template has it: the way to add a setting the
   * template leaves out (e.g. {@code withAddedValue("load.request_timeout", 30)}). Everything
   * before the last key must exist; a list index equal to the list's size appends.
   *
   * @throws IllegalArgumentException when the parent of the last key does not exist
   */
  public WorkloadProfile withAddedValue(String path, Object value) {
    return change(new Change(path, value, true));
  }

  private WorkloadProfile change(Change change) {
    List<Change> c = new ArrayList<>(changes);
    c.add(change);
    WorkloadProfile p = new WorkloadProfile(harness, name, template, tokens, c);
    Map<String, Object> raw = parseOrNull(template);
    if (raw != null) {
      // checked now against the template as written; render() checks again after the tokens
      for (Change each : c) {
        if (!p.apply(raw, each, true)) {
          break;
        }
      }
    }
    return p;
  }

  /**
   * Resolves the tokens, applies the changes and writes the result.
   *
   * @throws IllegalArgumentException naming an unresolved token, a path the template does not have,
   *     or a template that is not a YAML map
   */
  public Rendered render() {
    Map<String, String> values = new LinkedHashMap<>(tokens);
    if (!values.containsKey(TOKENIZER_TOKEN) && values.get(MODEL_TOKEN) != null) {
      values.put(TOKENIZER_TOKEN, values.get(MODEL_TOKEN));
    }
    StringBuilder out = new StringBuilder();
    Set<String> unresolved = new LinkedHashSet<>();
    Matcher m = TOKEN.matcher(template);
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null || value.isEmpty()) {
        unresolved.add(m.group());
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
      } else {
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
    }
    m.appendTail(out);
    if (!unresolved.isEmpty()) {
      throw new IllegalArgumentException(
          "profile "
              + name
              + " of "
              + harness
              + ": unresolved tokens "
              + unresolved
              + " (set them with withToken(key, value)"
              + ", withEndpoint(...), withModel(...) or withTokenizer(...))");
    }
    Map<String, Object> doc;
    try {
      Object parsed = Reports.yamlMapper().readValue(out.toString(), Object.class);
      if (!(parsed instanceof Map)) {
        throw new IllegalArgumentException(
            "profile " + name + " of " + harness + " is not a YAML map");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) parsed;
      doc = map;
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "profile " + name + " of " + harness + " is not valid YAML: " + e.getOriginalMessage(),
          e);
    }
    for (Change c : changes) {
      apply(doc, c, false);
    }
    return new Rendered(
        harness,
        name,
        doc,
        changes.isEmpty() ? out.toString() : Reports.yamlMapper().writeValueAsString(doc));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parseOrNull(String text) {
    try {
      return Reports.yamlMapper().readValue(text, Object.class) instanceof Map<?, ?> map
          ? (Map<String, Object>) map
          : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  /**
   * Applies a change. {@code early}: the document is the template with its tokens unresolved, so a
   * path that stops at a token (a key or a value that is one) cannot be judged yet: returns false.
   */
  @SuppressWarnings("unchecked")
  private boolean apply(Map<String, Object> doc, Change c, boolean early) {
    List<Object> keys = new ArrayList<>();
    for (String seg : c.path().split("\\.")) {
      Matcher im = INDEX.matcher(seg);
      if (im.matches()) {
        if (!im.group(1).isEmpty()) {
          keys.add(im.group(1));
        }
        keys.add(Integer.parseInt(im.group(2)));
      } else if (seg.matches("-?\\d+")) {
        keys.add(Integer.parseInt(seg));
      } else {
        keys.add(seg);
      }
    }
    Object cur = doc;
    StringBuilder at = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      Object k = keys.get(i);
      boolean last = i == keys.size() - 1;
      if (k instanceof Integer idx && cur instanceof List<?> l) {
        int index = idx < 0 ? l.size() + idx : idx;
        if (last && c.adds() && index == l.size()) {
          ((List<Object>) l).add(copy(c.value()));
          return true;
        }
        if (index < 0 || index >= l.size()) {
          throw missing(
              c,
              "index "
                  + idx
                  + " of "
                  + where(at)
                  + " is out of range (the list has "
                  + l.size()
                  + " elements)");
        }
        if (last) {
          ((List<Object>) l).set(index, copy(c.value()));
          return true;
        }
        cur = l.get(index);
        at.append('[').append(idx).append(']');
      } else if (k instanceof String key && cur instanceof Map<?, ?> map) {
        if (!map.containsKey(key) && !(last && c.adds())) {
          if (early
              && map.keySet().stream().anyMatch(n -> TOKEN.matcher(String.valueOf(n)).find())) {
            return false;
          }
          throw missing(
              c,
              "the template has no '"
                  + key
                  + "' in "
                  + where(at)
                  + " (keys there: "
                  + map.keySet()
                  + ")"
                  + (last ? "; use withAddedValue(path, value) to add a key on purpose" : ""));
        }
        if (last) {
          ((Map<String, Object>) map).put(key, copy(c.value()));
          return true;
        }
        cur = map.get(key);
        at.append(at.length() == 0 ? "" : ".").append(key);
      } else if (early && cur instanceof String text && TOKEN.matcher(text).find()) {
        return false;
      } else {
        throw missing(
            c,
            "'"
                + k
                + "' cannot be looked up in "
                + where(at)
                + ", which is "
                + (cur == null ? "null" : "a " + kind(cur)));
      }
    }
    return true;
  }

  /** A private copy of a map or list value, so rendering twice does not share state. */
  @SuppressWarnings("unchecked")
  private static Object copy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      map.forEach((k, v) -> m.put(String.valueOf(k), copy(v)));
      return m;
    }
    if (value instanceof List<?> list) {
      List<Object> l = new ArrayList<>();
      list.forEach(v -> l.add(copy(v)));
      return l;
    }
    return value;
  }

  private static String where(StringBuilder at) {
    return at.length() == 0 ? "the top level" : "'" + at + "'";
  }

  private static String kind(Object value) {
    if (value instanceof Map) {
      return "map";
    }
    if (value instanceof List) {
      return "list";
    }
    return "scalar";
  }

  private IllegalArgumentException missing(Change c, String why) {
    return new IllegalArgumentException(
        "profile " + name + " of " + harness + ": cannot set " + c.path() + ": " + why);
  }

  /**
   * A rendered profile.
   *
   * @param document the parsed profile
   * @param text the profile as the harness reads it (YAML)
   * @param harness the id of the harness the profile is for, e.g. {@code inference-perf}
   * @param name the profile name, e.g. {@code rate_sweep}
   */
  public record Rendered(String harness, String name, Map<String, Object> document, String text) {

    /** This profile with another document (written as YAML). */
    public Rendered withDocument(Map<String, Object> newDocument) {
      return new Rendered(
          harness, name, newDocument, Reports.yamlMapper().writeValueAsString(newDocument));
    }

    /**
     * The profile as command-line flags ({@code vllm bench serve}): each key {@code k: v} becomes
     * {@code --k=v}, the value {@code none} (or null) a bare flag; the key {@code executable} is
     * dropped.
     */
    public List<String> flags() {
      List<String> flags = new ArrayList<>();
      document.forEach(
          (k, v) -> {
            if (k.equals("executable")) {
              return;
            }
            flags.add(
                v == null || "none".equals(String.valueOf(v)) ? "--" + k : "--" + k + "=" + v);
          });
      return flags;
    }
  }
}
