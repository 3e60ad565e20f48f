package ai.llmd.bench.testkit;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The upstream v0.2.1 JSON Schema of the benchmark report, for tests: {@code
 * ReportSchema.errors(report)} lists what the schema rejects. The schema file is a test resource
 * copied from the shared reference data.
 */
public final class ReportSchema {
  private static final Schema V0_2_1 = load("/schema/br_v0_2_1_json_schema.json");

  private ReportSchema() {}

  /**
   * Schema errors of a report as written by this library (JSON rendering), as "location: message".
   */
  public static List<String> errors(BenchmarkReport report) {
    return errors(Reports.toTree(report));
  }

  /** Schema errors of a report document. */
  public static List<String> errors(JsonNode document) {
    return V0_2_1.validate(document).stream().map(ReportSchema::describe).toList();
  }

  private static String describe(Error e) {
    return e.getInstanceLocation() + ": " + e.getMessage();
  }

  private static Schema load(String resource) {
    try (InputStream in = ReportSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      JsonNode node = Reports.jsonMapper().readTree(in);
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
