package ai.llmd.bench.report;

import ai.llmd.bench.report.Results.Aggregate;
import ai.llmd.bench.report.Results.Latency;
import ai.llmd.bench.report.Results.Requests;
import ai.llmd.bench.report.Results.Throughput;
import ai.llmd.bench.report.Scenario.Component;
import ai.llmd.bench.report.Scenario.ComponentMetadata;
import ai.llmd.bench.report.Scenario.Load;
import ai.llmd.bench.report.Scenario.LoadMetadata;
import ai.llmd.bench.report.Scenario.Native;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Upgrades version 0.1 reports (no {@code run}, {@code metrics} instead of {@code results}) into
 * the 0.2.1 model.
 */
final class LegacyReports {
  private LegacyReports() {}

  static BenchmarkReport upgrade(JsonNode v01) {
    ObjectMapper json = Reports.jsonMapper();
    JsonNode scenario = v01.path("scenario");
    JsonNode metrics = v01.path("metrics");
    String tool = scenario.path("load").path("name").asString("unknown");
    // The upstream fmperf 0.1 converter labelled seconds as ms (docs: report-format 6); undo the
    // mislabel.
    boolean fmperfSeconds = "fmperf".equals(tool);

    JsonNode time = metrics.path("time");
    String start = time.has("start") ? iso(time.get("start").asDouble()) : null;
    String end = time.has("stop") ? iso(time.get("stop").asDouble()) : null;
    String duration = time.has("duration") ? "PT" + time.get("duration").asDouble() + "S" : null;
    BenchmarkReport.Run run =
        new BenchmarkReport.Run(
            Ids.uuid5Url(v01.toString()).toString(),
            null,
            null,
            null,
            new BenchmarkReport.RunTime(start, end, duration),
            null,
            scenario.path("description").asString(null),
            null);

    JsonNode req = metrics.path("requests");
    Statistics inputLength = stats(json, req.get("input_length"), false);
    Requests requests =
        new Requests(
            req.has("total") ? req.get("total").asLong() : null,
            req.has("failures") ? req.get("failures").asLong() : null,
            req.has("incomplete") ? req.get("incomplete").asLong() : null,
            inputLength,
            stats(json, req.get("output_length"), false),
            null,
            null);
    JsonNode lat = metrics.path("latency");
    Latency latency =
        new Latency(
            stats(json, lat.get("time_to_first_token"), fmperfSeconds),
            stats(json, lat.get("normalized_time_per_output_token"), fmperfSeconds),
            stats(json, lat.get("time_per_output_token"), fmperfSeconds),
            stats(json, lat.get("inter_token_latency"), fmperfSeconds),
            stats(json, lat.get("request_latency"), fmperfSeconds));
    JsonNode tp = metrics.path("throughput");
    Throughput throughput =
        new Throughput(
            number(tp, "input_tokens_per_sec", Units.TOKENS_PER_S),
            number(tp, "output_tokens_per_sec", Units.TOKENS_PER_S),
            number(tp, "total_tokens_per_sec", Units.TOKENS_PER_S),
            number(tp, "requests_per_sec", Units.QUERIES_PER_S));

    List<Component> stack = components(scenario, json);
    Map<String, Object> loadConfig = new LinkedHashMap<>();
    if (scenario.path("load").has("type")) {
      loadConfig.put("type", scenario.path("load").get("type").asString());
    }
    if (scenario.path("load").has("metadata")) {
      loadConfig.put(
          "metadata", json.treeToValue(scenario.path("load").get("metadata"), Object.class));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> loadArgs =
        scenario.path("load").has("args")
            ? json.treeToValue(scenario.path("load").get("args"), Map.class)
            : new LinkedHashMap<>();
    Load load =
        new Load(
            new LoadMetadata("0.0.1", null, "upgraded from a 0.1 report"),
            Scenario.LoadStandardized.builder(tool)
                .source("unknown")
                .inputSeqLen(
                    Scenario.SequenceLength.other(inputLength == null ? 0 : inputLength.mean()))
                .build(),
            new Native(loadArgs, new LinkedHashMap<>(), loadConfig.isEmpty() ? null : loadConfig));

    return new BenchmarkReport(
        BenchmarkReport.VERSION,
        run,
        new Scenario(stack.isEmpty() ? null : stack, load),
        Results.of(new Aggregate(requests, latency, throughput)));
  }

  private static List<Component> components(JsonNode scenario, ObjectMapper json) {
    List<Component> stack = new ArrayList<>();
    JsonNode host = scenario.path("host");
    JsonNode engines = scenario.path("platform").path("engine");
    String model = scenario.path("model").path("name").asString("unknown");
    int n = Math.max(host.path("accelerator").size(), engines.size());
    for (int i = 0; i < n; i++) {
      JsonNode acc = host.path("accelerator").path(i);
      JsonNode engine = engines.path(i);
      JsonNode par = acc.path("parallelism");
      @SuppressWarnings("unchecked")
      Map<String, Object> args =
          engine.has("args")
              ? json.treeToValue(engine.get("args"), Map.class)
              : new LinkedHashMap<>();
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("args", args);
      config.put("envars", Map.of());
      stack.add(
          new Component(
              new ComponentMetadata("0.0.1", "engine-" + i, Ids.cfgId(config), null),
              new Scenario.Standardized(
                  "inference_engine",
                  engine.path("name").asString("unknown"),
                  engine.path("version").asString("unknown"),
                  host.path("type").path(i).asString("replica"),
                  1,
                  new Scenario.EngineModel(model),
                  new Scenario.Accelerator(
                      acc.path("model").asString("unknown"),
                      acc.path("count").asInt(0),
                      new Scenario.Parallelism(
                          par.path("tp").asInt(1),
                          par.path("dp").asInt(1),
                          1,
                          1,
                          par.path("ep").asInt(1),
                          par.path("pp").asInt(1))),
                  null),
              new Native(args, new LinkedHashMap<>(), null)));
    }
    return stack;
  }

  private static Statistics stats(ObjectMapper json, JsonNode node, boolean secondsMislabelled) {
    if (node == null || node.isNull()) {
      return null;
    }
    Statistics s = json.treeToValue(node, Statistics.class);
    if (secondsMislabelled && s.units() == Units.MS) {
      return s.withUnits(Units.S);
    }
    if (secondsMislabelled && s.units() == Units.MS_PER_TOKEN) {
      return s.withUnits(Units.S_PER_TOKEN);
    }
    return s;
  }

  private static Statistics number(JsonNode parent, String key, Units units) {
    JsonNode n = parent.get(key);
    return n == null || !n.isNumber() ? null : Statistics.mean(n.asDouble(), units);
  }

  private static String iso(double epochSeconds) {
    return Instant.ofEpochMilli(Math.round(epochSeconds * 1000)).toString();
  }
}
