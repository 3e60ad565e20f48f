package ai.llmd.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads, writes and validates benchmark reports.
 *
 * <pre>{@code
 * BenchmarkReport report = Reports.read(Path.of("old-report.yaml")); // 0.1, 0.2 or 0.2.1
 * Reports.validate(report);
 * Reports.write(report, Path.of("reports/benchmark_report_v0.2.1,_stage_0.yaml"));
 * }</pre>
 */
public final class Reports {

  private static final Logger log = LoggerFactory.getLogger(Reports.class);
  private static final ObjectMapper JSON = configure(JsonMapper.builder());
  private static final ObjectMapper YAML = configure(YAMLMapper.builder(PortableYaml.factory()));

  private Reports() {}

  private static ObjectMapper configure(MapperBuilder<?, ?> builder) {
    return builder
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build();
  }

  /** The mapper used for JSON reports (snake_case, nulls omitted). */
  public static ObjectMapper jsonMapper() {
    return JSON;
  }

  /** The mapper used for YAML reports. */
  public static ObjectMapper yamlMapper() {
    return YAML;
  }

  /**
   * Reads a report of version 0.1, 0.2 or 0.2.1 from YAML or JSON; older versions are upgraded to
   * 0.2.1.
   *
   * @throws ReportException naming the file and the JSON path when the file is not a report
   */
  public static BenchmarkReport read(Path file) {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new ReportException(
          file,
          null,
          java.nio.file.Files.isDirectory(file)
              ? "is a directory, not a report file (transform a harness's results directory with"
                  + " Harnesses.get(id).transformer())"
              : "no such file",
          null);
    }
    JsonNode tree;
    try {
      tree = mapperFor(file).readTree(file.toFile());
    } catch (JacksonException e) {
      throw new ReportException(
          file, null, "not valid " + format(file) + ": " + e.getOriginalMessage(), e);
    }
    return fromTree(tree, file);
  }

  /**
   * Converts a parsed report document into the model, upgrading 0.1 and 0.2.
   *
   * @param source named in errors
   */
  public static BenchmarkReport fromTree(JsonNode tree, Path source) {
    if (tree == null || !tree.isObject()) {
      throw new ReportException(source, "$", "a report must be a mapping", null);
    }
    JsonNode versionNode = tree.get("version");
    String version = versionNode == null ? "0.2" : versionNode.asString();
    try {
      return switch (version) {
        case "0.1" -> LegacyReports.upgrade(tree);
        case "0.2", "0.2.1" -> {
          ObjectNode copy = ((ObjectNode) tree).deepCopy();
          copy.put("version", BenchmarkReport.VERSION);
          yield JSON.treeToValue(copy, BenchmarkReport.class);
        }
        default ->
            throw new ReportException(
                source,
                "$.version",
                "unknown report version '" + version + "'; supported: 0.1, 0.2, 0.2.1",
                null);
      };
    } catch (JacksonException e) {
      throw new ReportException(source, jsonPath(e), e.getOriginalMessage(), e);
    }
  }

  /**
   * Writes a report as 0.2.1, in YAML or JSON by the file's extension ({@code .json} means JSON).
   * The YAML reads the same in YAML 1.1 readers (PyYAML, SnakeYAML 1.x) as in YAML 1.2 ones:
   * strings that YAML 1.1 would take for timestamps, booleans or numbers are quoted, and floats are
   * written as {@code 1.197706808888889e+08} rather than Java's {@code 1.197706808888889E8}. The
   * file is written to a temporary sibling first and moved into place, so a failed write leaves no
   * partial report. JSON has no infinity, so an unbounded concurrency is left out of JSON files
   * (YAML writes {@code .inf}).
   */
  public static void write(BenchmarkReport report, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".report", ".tmp");
      try {
        ObjectMapper mapper = mapperFor(file);
        if (mapper == JSON) {
          if (hasUnboundedConcurrency(report)) {
            log.warn(
                "{}: unbounded concurrency cannot be written as JSON and is left out; YAML keeps it",
                file);
          }
          JSON.writeValue(tmp.toFile(), toTree(report));
        } else {
          mapper.writeValue(tmp.toFile(), report);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + file, e);
    }
  }

  /** The report as a YAML string. */
  public static String toYaml(BenchmarkReport report) {
    return YAML.writeValueAsString(report);
  }

  /**
   * The report as a JSON tree with the schema's key names, as {@link #write} writes it to a JSON
   * file: strict JSON has no infinity, so an unbounded concurrency is left out, as upstream
   * advises.
   */
  public static JsonNode toTree(BenchmarkReport report) {
    ObjectNode tree = (ObjectNode) JSON.valueToTree(report);
    if (hasUnboundedConcurrency(report)) {
      ((ObjectNode) tree.at("/scenario/load/standardized")).remove("concurrency");
    }
    return tree;
  }

  /**
   * Checks every rule of the 0.2.1 format, including those the JSON Schema cannot express (the
   * units each field allows, {@code stddev >= 0}, labels referring to stack components).
   *
   * @throws ReportValidationException listing every violation
   */
  public static void validate(BenchmarkReport report) {
    List<String> violations = violations(report);
    if (!violations.isEmpty()) {
      throw new ReportValidationException(violations);
    }
  }

  /** The violations of {@link #validate}, empty for a valid report. */
  public static List<String> violations(BenchmarkReport report) {
    return new ReportValidator().check(report);
  }

  /**
   * The conventional 0.2.1 report file name, {@code benchmark_report_v0.2.1,_<name>.yaml}: the
   * upstream prefix and separator, then what the report is of (a load point, e.g. {@code
   * stage_0_rate_2}, see {@code LoadPointReport}).
   */
  public static String fileName(String name) {
    return "benchmark_report_v0.2.1,_" + name + ".yaml";
  }

  private static boolean hasUnboundedConcurrency(BenchmarkReport report) {
    return report.scenario() != null
        && report.scenario().load() != null
        && report.scenario().load().standardized() != null
        && report.scenario().load().standardized().concurrency() != null
        && report.scenario().load().standardized().concurrency().unbounded();
  }

  private static ObjectMapper mapperFor(Path file) {
    return file.getFileName().toString().toLowerCase().endsWith(".json") ? JSON : YAML;
  }

  private static String format(Path file) {
    return mapperFor(file) == JSON ? "JSON" : "YAML";
  }

  static String jsonPath(JacksonException e) {
    StringBuilder sb = new StringBuilder("$");
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        sb.append('.').append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
