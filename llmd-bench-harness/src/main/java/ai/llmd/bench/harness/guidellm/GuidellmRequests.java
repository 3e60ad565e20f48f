package ai.llmd.bench.harness.guidellm;

import ai.llmd.bench.harness.RequestRecord;
import ai.llmd.bench.harness.support.Doc;
import ai.llmd.bench.report.Reports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The per-request records of one guidellm benchmark ({@code requests.successful} and {@code
 * requests.errored}: {@code prompt_tokens}, {@code output_tokens}, {@code request_latency} in s,
 * {@code time_to_first_token_ms}), read by streaming to that benchmark only. Only complete lists
 * count: when guidellm kept a sample ({@code --output-sampling}), there are none.
 */
final class GuidellmRequests {
  private GuidellmRequests() {}

  static Optional<List<RequestRecord>> read(Path file, int index) {
    ObjectMapper mapper = Doc.isYaml(file) ? Reports.yamlMapper() : Reports.jsonMapper();
    JsonNode benchmark = null;
    try (JsonParser p = mapper.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("benchmarks") && value == JsonToken.START_ARRAY) {
          int i = 0;
          while (p.nextToken() == JsonToken.START_OBJECT) {
            if (i++ == index) {
              benchmark = p.readValueAsTree();
              break;
            }
            p.skipChildren();
          }
          break;
        }
        p.skipChildren();
      }
    } catch (JacksonException e) {
      throw Doc.parseError(GuidellmHarness.ID, file, e);
    }
    if (benchmark == null) {
      return Optional.empty();
    }
    JsonNode requests = benchmark.path("requests");
    JsonNode totals =
        benchmark.has("request_totals")
            ? benchmark.get("request_totals")
            : benchmark.path("metrics").path("request_totals");
    List<RequestRecord> records = new ArrayList<>();
    for (String kind : List.of("successful", "errored")) {
      JsonNode list = requests.path(kind);
      if (!list.isArray() || list.size() != totals.path(kind).asInt(-1)) {
        return Optional.empty(); // a sample, or no records
      }
      for (JsonNode r : list) {
        if (!r.has("request_latency") || !r.has("output_tokens")) {
          return Optional.empty();
        }
        JsonNode ttft = r.path("time_to_first_token_ms");
        records.add(
            new RequestRecord(
                kind.equals("successful"),
                ttft.isNumber() ? ttft.asDouble() / 1000 : null,
                r.get("request_latency").asDouble(),
                r.path("prompt_tokens").asLong(0),
                r.get("output_tokens").asLong(0),
                null));
      }
    }
    return records.isEmpty() ? Optional.empty() : Optional.of(records);
  }
}
