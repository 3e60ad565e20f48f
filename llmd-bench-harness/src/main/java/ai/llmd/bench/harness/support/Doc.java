package ai.llmd.bench.harness.support;

import ai.llmd.bench.harness.ResultTransformException;
import ai.llmd.bench.report.Reports;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A node of a harness output document that knows where it is (harness, file, JSON path), so that
 * every error names all three.
 *
 * <pre>{@code
 * Doc root = Doc.read("guidellm", file);
 * double mean = root.req("metrics").req("request_latency").req("successful").num("mean");
 * }</pre>
 */
public final class Doc {
  private final String harness;
  private final Path file;
  private final String path;
  private final JsonNode node;

  /** A node at JSON path {@code path} of {@code file}; a null node counts as missing. */
  public Doc(String harness, Path file, String path, JsonNode node) {
    this.harness = harness;
    this.file = file;
    this.path = path;
    this.node = node == null ? MissingNode.getInstance() : node;
  }

  /** Reads a JSON or YAML file (by extension) as a document. */
  public static Doc read(String harness, Path file) {
    ObjectMapper mapper = isYaml(file) ? Reports.yamlMapper() : Reports.jsonMapper();
    try {
      return new Doc(harness, file, "$", mapper.readTree(file.toFile()));
    } catch (JacksonException e) {
      throw parseError(harness, file, e);
    }
  }

  /** Whether the file name ends in {@code .yaml} or {@code .yml} (any case). */
  public static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /**
   * Converts a parse failure into an error naming the file, the JSON path reached and the location.
   */
  public static ResultTransformException parseError(String harness, Path file, JacksonException e) {
    String where = "$";
    if (e.processor() instanceof JsonParser p && p.streamReadContext() != null) {
      where = jsonPath(p.streamReadContext());
    }
    String location =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    return new ResultTransformException(
        harness,
        file,
        where,
        "malformed " + (isYaml(file) ? "YAML" : "JSON") + location + ": " + e.getOriginalMessage(),
        e);
  }

  /** The JSON path ({@code $.a[0].b}) of a parser position. */
  public static String jsonPath(TokenStreamContext ctx) {
    StringBuilder sb = new StringBuilder();
    for (TokenStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        sb.insert(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.currentName() != null) {
        sb.insert(0, "." + c.currentName());
      }
    }
    return "$" + sb;
  }

  /** The underlying node (a missing node when absent). */
  public JsonNode node() {
    return node;
  }

  /** This node's JSON path, e.g. {@code $.benchmarks[2].metrics}. */
  public String path() {
    return path;
  }

  /** The file the document was read from. */
  public Path file() {
    return file;
  }

  /** Whether the key is present and not null. */
  public boolean has(String key) {
    JsonNode c = node.get(key);
    return c != null && !c.isNull();
  }

  /** The child (possibly missing). */
  public Doc get(String key) {
    return new Doc(harness, file, path + "." + key, node.get(key));
  }

  /** The child, which must be present and not null. */
  public Doc req(String key) {
    Doc c = get(key);
    if (c.node.isMissingNode() || c.node.isNull()) {
      throw c.error("required field is missing");
    }
    return c;
  }

  /** The element at an index. */
  public Doc at(int i) {
    return new Doc(harness, file, path + "[" + i + "]", node.get(i));
  }

  /** Number of elements of an array or fields of an object; 0 otherwise. */
  public int size() {
    return node.size();
  }

  /** Whether the node is absent or JSON {@code null}. */
  public boolean isMissing() {
    return node.isMissingNode() || node.isNull();
  }

  /** This node as an object; an error naming the path otherwise. */
  public Doc object() {
    if (!node.isObject()) {
      throw error("expected an object, found " + describe());
    }
    return this;
  }

  /** This node as an array; an error naming the path otherwise. */
  public Doc array() {
    if (!node.isArray()) {
      throw error("expected an array, found " + describe());
    }
    return this;
  }

  /** This node as a number. */
  public double num() {
    if (!node.isNumber()) {
      throw error("expected a number, found " + describe());
    }
    return node.asDouble();
  }

  /** The child as a number, which must be present. */
  public double num(String key) {
    return req(key).num();
  }

  /** The child as a number, or {@code null} when absent or null. */
  public Double optNum(String key) {
    return has(key) ? get(key).num() : null;
  }

  /** The child as a whole number, or {@code null} when absent. */
  public Long optLong(String key) {
    Double d = optNum(key);
    if (d != null && d != Math.rint(d)) {
      throw get(key).error("expected a whole number, found " + d);
    }
    return d == null ? null : d.longValue();
  }

  /** The child as a string, or {@code null} when absent. */
  public String optStr(String key) {
    if (!has(key)) {
      return null;
    }
    JsonNode c = node.get(key);
    if (!c.isValueNode()) {
      throw get(key).error("expected a string, found " + get(key).describe());
    }
    return c.asString();
  }

  /** The node as plain Java values (maps, lists, scalars). */
  public Object plain() {
    return Reports.jsonMapper().convertValue(node, Object.class);
  }

  /** The node as a plain map. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> map() {
    return Reports.jsonMapper().convertValue(object().node, Map.class);
  }

  /** An error at this node. */
  public ResultTransformException error(String message) {
    return new ResultTransformException(harness, file, path, message);
  }

  private String describe() {
    if (node.isMissingNode()) {
      return "nothing";
    }
    return node.getNodeType().name().toLowerCase() + (node.isValueNode() ? " " + node : "");
  }
}
