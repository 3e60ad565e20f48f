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
 *     .endpoint(stack.endpoint()).model("Qwen/Qwen3-0.6B")
 *     .with("load.stages[0].rate", 10);
 * String yaml = p.render().text();
 * }</pre>
 *
 * <p>Templates may use the upstream {@code REPLACE_ENV_<KEY>} tokens; {@link #endpoint} and {@link
 * #model} set the standard ones. A token left unresolved, or a change whose path the template does
 * not have, is an error that names it.
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

  /** The token for the tokenizer (defaults to the model). */
  public static final String TOKENIZER_TOKEN = "LLMDBENCH_DEPLOY_CURRENT_TOKENIZER";

  private static final Pattern TOKEN = Pattern.compile("REPLACE_ENV_(\\w+)");
  private static final Pattern INDEX = Pattern.compile("([^\\[\\]]*)\\[(-?\\d+)]");

  /**
   * A change: a dotted path ({@code load.stages[0].rate} or {@code load.stages.0.rate}) and a
   * value.
   */
  public record Change(String path, Object value) {}

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

  /** The stack endpoint the harness sends to. */
  public WorkloadProfile endpoint(URI endpoint) {
    return token(ENDPOINT_TOKEN, endpoint.toString().replaceAll("/+$", ""));
  }

  /** The model (and, unless set, the tokenizer). */
  public WorkloadProfile model(String model) {
    WorkloadProfile p = token(MODEL_TOKEN, model);
    return tokens.containsKey(TOKENIZER_TOKEN) ? p : p.token(TOKENIZER_TOKEN, model);
  }

  /** The value of a {@code REPLACE_ENV_<key>} token. */
  public WorkloadProfile token(String key, String value) {
    Map<String, String> t = new LinkedHashMap<>(tokens);
    t.put(key, value);
    return new WorkloadProfile(harness, name, template, t, changes);
  }

  /** A change of a value the template has, by dotted path with list indices. */
  public WorkloadProfile with(String path, Object value) {
    List<Change> c = new ArrayList<>(changes);
    c.add(new Change(path, value));
    return new WorkloadProfile(harness, name, template, tokens, c);
  }

  /**
   * Resolves the tokens, applies the changes and writes the result.
   *
   * @throws IllegalArgumentException naming an unresolved token, a path the template does not have,
   *     or a template that is not a YAML map
   */
  public Rendered render() {
    StringBuilder out = new StringBuilder();
    Set<String> unresolved = new LinkedHashSet<>();
    Matcher m = TOKEN.matcher(template);
    while (m.find()) {
      String value = tokens.get(m.group(1));
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
              + " (set them with token(key, value)"
              + ", endpoint(...) or model(...))");
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
      apply(doc, c);
    }
    return new Rendered(
        harness,
        name,
        doc,
        changes.isEmpty() ? out.toString() : Reports.yamlMapper().writeValueAsString(doc));
  }

  @SuppressWarnings("unchecked")
  private void apply(Map<String, Object> doc, Change c) {
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
    for (int i = 0; i < keys.size(); i++) {
      Object k = keys.get(i);
      boolean last = i == keys.size() - 1;
      if (k instanceof Integer idx && cur instanceof List<?> l) {
        int at = idx < 0 ? l.size() + idx : idx;
        if (at < 0 || at >= l.size()) {
          throw missing(
              c, "index " + idx + " is out of range (the list has " + l.size() + " elements)");
        }
        if (last) {
          ((List<Object>) l).set(at, c.value());
          return;
        }
        cur = l.get(at);
      } else if (k instanceof String key && cur instanceof Map<?, ?> map) {
        if (last) {
          ((Map<String, Object>) map).put(key, c.value());
          return;
        }
        if (!map.containsKey(key)) {
          throw missing(c, "the template has no '" + key + "'");
        }
        cur = map.get(key);
      } else {
        throw missing(
            c,
            "'"
                + k
                + "' cannot be looked up in "
                + (cur == null ? "null" : cur.getClass().getSimpleName()));
      }
    }
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
