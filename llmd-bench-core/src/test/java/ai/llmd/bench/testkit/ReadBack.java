package ai.llmd.bench.testkit;

import ai.llmd.bench.report.Reports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a written YAML report back the way other readers do (SnakeYAML 1.x, and PyYAML when it is
 * installed) and lists every value they read differently from us and every upstream v0.2.1 JSON
 * Schema error in what they read.
 *
 * <pre>{@code
 * assertThat(ReadBack.problems(Path.of("reports/benchmark_report_v0.2.1,_stage_0.yaml"))).isEmpty();
 * }</pre>
 */
public final class ReadBack {
  private ReadBack() {}

  /** Differences and schema errors per reader, as "reader: location: message"; empty when fine. */
  public static List<String> problems(Path yamlFile) {
    JsonNode ours = Reports.toTree(Reports.read(yamlFile));
    List<String> problems = new ArrayList<>();
    check("SnakeYAML 1.x", Yaml11.read(yamlFile), ours, problems);
    if (PyYaml.available()) {
      check("PyYAML", PyYaml.read(yamlFile), ours, problems);
    }
    return problems;
  }

  private static void check(String reader, JsonNode theirs, JsonNode ours, List<String> problems) {
    // Strict JSON has no infinity: the JSON rendering leaves an unbounded concurrency out, so
    // compare without it (both readers read .inf as a float infinity: see the markers).
    JsonNode concurrency = theirs.at("/scenario/load/standardized/concurrency");
    if (concurrency.has("!float")) {
      String v = concurrency.get("!float").asString();
      if (v.equals("inf") || v.equals("Infinity")) {
        ((ObjectNode) theirs.at("/scenario/load/standardized")).remove("concurrency");
      }
    }
    diff(reader, "", theirs, ours, problems);
    ReportSchema.errors(theirs).forEach(e -> problems.add(reader + ": schema: " + e));
  }

  private static void diff(String reader, String at, JsonNode a, JsonNode b, List<String> out) {
    if (a.isObject() && b.isObject()) {
      TreeSet<String> keys = new TreeSet<>(a.propertyNames());
      keys.addAll(b.propertyNames());
      for (String k : keys) {
        if (!a.has(k) || !b.has(k)) {
          out.add(
              reader + ": " + at + "/" + k + ": " + (a.has(k) ? "extra " + a.get(k) : "missing"));
        } else {
          diff(reader, at + "/" + k, a.get(k), b.get(k), out);
        }
      }
    } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        diff(reader, at + "/" + i, a.get(i), b.get(i), out);
      }
    } else if (!same(a, b)) {
      out.add(reader + ": " + at + ": read " + describe(a) + ", we mean " + describe(b));
    }
  }

  private static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.asDouble() == b.asDouble();
    }
    return a.getNodeType() == b.getNodeType() && a.equals(b);
  }

  private static String describe(JsonNode n) {
    return n.getNodeType().name().toLowerCase() + " " + n;
  }
}
