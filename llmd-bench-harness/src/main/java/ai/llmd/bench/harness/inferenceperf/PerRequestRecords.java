package ai.llmd.bench.harness.inferenceperf;

import ai.llmd.bench.harness.RequestRecord;
import ai.llmd.bench.harness.support.Doc;
import ai.llmd.bench.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * inference-perf's {@code per_request_lifecycle_metrics.json} ({@code
 * report.request_lifecycle.per_request: true}): a list of {@code {start_time, end_time, request,
 * response, info, error}} in epoch seconds, where {@code info} holds the token counts and, for
 * streamed answers, {@code output_token_times} (the source of TTFT and the inter-token gaps). The
 * file has no stage, so it serves a run of one stage only.
 */
final class PerRequestRecords {
  static final String FILE = "per_request_lifecycle_metrics.json";

  private PerRequestRecords() {}

  static Optional<List<RequestRecord>> read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode list;
    try {
      list = Reports.jsonMapper().readTree(file.toFile());
    } catch (JacksonException e) {
      throw Doc.parseError(InferencePerfHarness.ID, file, e);
    }
    if (list == null || !list.isArray()) {
      return Optional.empty();
    }
    List<RequestRecord> records = new ArrayList<>();
    for (JsonNode r : list) {
      JsonNode info = r.path("info");
      long input =
          first(info.at("/request_metrics/text/input_tokens"), info.path("input_tokens")).asLong(0);
      long output =
          first(info.at("/response_metrics/output_tokens"), info.path("output_tokens")).asLong(0);
      JsonNode times =
          first(info.at("/response_metrics/output_token_times"), info.path("output_token_times"));
      double start = r.path("start_time").asDouble();
      Double ttft = null;
      double[] gaps = null;
      if (times.isArray() && !times.isEmpty()) {
        ttft = times.get(0).asDouble() - start;
        gaps = new double[times.size() - 1];
        for (int i = 1; i < times.size(); i++) {
          gaps[i - 1] = times.get(i).asDouble() - times.get(i - 1).asDouble();
        }
      }
      boolean ok = r.path("error").isNull() || r.path("error").isMissingNode();
      records.add(
          new RequestRecord(ok, ttft, r.path("end_time").asDouble() - start, input, output, gaps));
    }
    return Optional.of(records);
  }

  private static JsonNode first(JsonNode a, JsonNode b) {
    return a.isMissingNode() || a.isNull() ? b : a;
  }
}
