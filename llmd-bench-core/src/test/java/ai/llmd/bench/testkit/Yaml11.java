package ai.llmd.bench.testkit;

import ai.llmd.bench.report.Reports;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads YAML as a YAML 1.1 reader does (SnakeYAML 1.x, the reader Java tools of that generation and
 * PyYAML share): an unquoted {@code 2025-05-30T19:47:02Z} becomes a timestamp, {@code 1.5E8} stays
 * a string. The tree keeps those types visible: a timestamp becomes {@code {"!timestamp": ...}} so
 * that a schema check or a comparison fails on it, as a Python consumer would.
 */
public final class Yaml11 {
  private Yaml11() {}

  /** The document as a YAML 1.1 reader sees it, as a JSON tree. */
  public static JsonNode read(Path file) {
    try (Reader in = Files.newBufferedReader(file)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return Reports.jsonMapper().valueToTree(visible(doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document as a YAML 1.1 reader sees it, as a JSON tree. */
  public static JsonNode read(String yaml) {
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    return doc == null
        ? JsonNodeFactory.instance.nullNode()
        : Reports.jsonMapper().valueToTree(visible(doc));
  }

  private static Object visible(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) ->
              out.put(
                  k instanceof String s ? s : "!" + k.getClass().getSimpleName() + ":" + k,
                  visible(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      return l.stream().map(Yaml11::visible).toList();
    }
    if (o instanceof Date d) {
      return Map.of("!timestamp", d.toInstant().toString());
    }
    if (o instanceof Double d && (d.isInfinite() || d.isNaN())) {
      return Map.of("!float", d.toString());
    }
    return o;
  }
}
