package ai.llmd.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import ai.llmd.bench.testkit.ReportSchema;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Test resources and assertions shared by the transformer tests. */
public final class Fixtures {
  private Fixtures() {}

  public static Path resource(String path) {
    try {
      return Path.of(Fixtures.class.getResource("/" + path).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + path, e);
    }
  }

  public static JsonNode json(Path file) {
    String name = file.getFileName().toString();
    return (name.endsWith(".yaml") || name.endsWith(".yml")
            ? Reports.yamlMapper()
            : Reports.jsonMapper())
        .readTree(file.toFile());
  }

  /**
   * Every native key of {@code expected} that {@code keys} maps equals the report's value; the
   * units match.
   */
  public static void assertStats(
      Statistics actual, JsonNode expected, Map<String, String> keys, Units units) {
    assertThat(actual).as("statistics for %s", expected).isNotNull();
    assertThat(actual.units()).isEqualTo(units);
    Map<String, Double> values = actual.values();
    int compared = 0;
    for (var e : keys.entrySet()) {
      JsonNode v = expected.get(e.getKey());
      if (v != null && v.isNumber()) {
        assertThat(values.get(e.getValue()))
            .as(e.getKey() + " -> " + e.getValue())
            .isEqualTo(v.asDouble());
        compared++;
      }
    }
    assertThat(compared).as("number of values compared").isGreaterThan(0);
  }

  /** Each report is valid by our rules and by the upstream JSON Schema. */
  public static void assertValid(List<BenchmarkReport> reports) {
    assertThat(reports).isNotEmpty();
    for (BenchmarkReport r : reports) {
      assertThat(Reports.violations(r)).isEmpty();
      assertThat(ReportSchema.errors(r)).isEmpty();
    }
  }
}
