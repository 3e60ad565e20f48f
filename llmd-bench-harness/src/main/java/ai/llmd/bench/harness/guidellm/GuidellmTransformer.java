package ai.llmd.bench.harness.guidellm;

import ai.llmd.bench.harness.LoadPointReport;
import ai.llmd.bench.harness.ResultTransformException;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.support.Doc;
import ai.llmd.bench.harness.support.LoadPoints;
import ai.llmd.bench.harness.support.ResultFiles;
import ai.llmd.bench.harness.support.Stats;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Concurrency;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Scenario;
import ai.llmd.bench.report.Scenario.SequenceLength;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts guidellm result files (JSON or YAML; schema v0.2/0.3, v1 with {@code args} and v2 with
 * {@code config}): one report per {@code benchmarks[i]}. The file is read as a stream and the
 * per-request records are skipped, so memory does not grow with the number of requests. Latencies
 * are in ms, request latency in seconds, as guidellm writes them.
 */
public final class GuidellmTransformer implements ResultTransformer {
  private static final String ID = GuidellmHarness.ID;

  /** Per-benchmark keys that hold per-request records: skipped while streaming. */
  private static final Set<String> SKIPPED = Set.of("requests", "request_samples");

  private final String toolVersion;

  /**
   * A transformer for guidellm output that records the tool version as {@code unknown} when the
   * file does not say.
   */
  public GuidellmTransformer() {
    this("unknown");
  }

  /** A transformer that records this guidellm version when the file does not say. */
  public GuidellmTransformer(String toolVersion) {
    this.toolVersion = toolVersion;
  }

  @Override
  public String harness() {
    return ID;
  }

  /** The benchmark's request lists when guidellm kept every request (not a sample). */
  @Override
  public java.util.Optional<List<ai.llmd.bench.harness.RequestRecord>> requestRecords(
      Path source, LoadPointReport point) {
    int cut = point.nativeName().lastIndexOf('_');
    if (cut < 0) {
      return java.util.Optional.empty();
    }
    Path file =
        java.nio.file.Files.isDirectory(source)
            ? source.resolve(point.nativeName().substring(0, cut))
            : source;
    return java.nio.file.Files.isRegularFile(file)
        ? GuidellmRequests.read(file, Integer.parseInt(point.nativeName().substring(cut + 1)))
        : java.util.Optional.empty();
  }

  @Override
  public List<LoadPointReport> convert(Path source) {
    List<Path> files =
        ResultFiles.of(
            ID,
            source,
            n -> n.matches("(?i).*\\.(json|ya?ml)") && !n.startsWith("benchmark_report"),
            "guidellm result file (*.json, *.yaml)");
    List<LoadPointReport> reports = new ArrayList<>();
    for (Path file : files) {
      reports.addAll(convertFile(file));
    }
    return reports;
  }

  /** The parts of one result file that the conversion needs, read in one streaming pass. */
  private record Parsed(ObjectNode top, List<ObjectNode> benchmarks) {}

  private List<LoadPointReport> convertFile(Path file) {
    Parsed parsed = parse(file);
    Doc top = new Doc(ID, file, "$", parsed.top());
    if (parsed.benchmarks().isEmpty() && !top.has("benchmarks")) {
      throw top.error("not a guidellm report: no benchmarks list (another harness's file?)");
    }
    Schema schema = schema(top, parsed.benchmarks(), file);
    List<LoadPointReport> reports = new ArrayList<>();
    String version = top.get("metadata").optStr("guidellm_version");
    for (int i = 0; i < parsed.benchmarks().size(); i++) {
      Doc b = new Doc(ID, file, "$.benchmarks[" + i + "]", parsed.benchmarks().get(i)).object();
      reports.add(
          new LoadPointReport(
              file.getFileName() + "_" + i,
              benchmark(b, i, top, schema, version == null ? toolVersion : version)));
    }
    return reports;
  }

  private static Parsed parse(Path file) {
    ObjectMapper mapper = Doc.isYaml(file) ? Reports.yamlMapper() : Reports.jsonMapper();
    ObjectNode top = JsonNodeFactory.instance.objectNode();
    List<ObjectNode> benchmarks = new ArrayList<>();
    try (JsonParser p = mapper.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ResultTransformException(
            ID, file, "$", "not a guidellm report: the document is not an object");
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("benchmarks") && value == JsonToken.START_ARRAY) {
          top.putArray("benchmarks");
          while (p.nextToken() == JsonToken.START_OBJECT) {
            benchmarks.add(readBenchmark(p));
          }
        } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          top.set(name, p.readValueAsTree());
        } else {
          top.set(name, p.readValueAsTree());
        }
      }
    } catch (JacksonException e) {
      throw Doc.parseError(ID, file, e);
    }
    return new Parsed(top, benchmarks);
  }

  private static ObjectNode readBenchmark(JsonParser p) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      p.nextToken();
      if (SKIPPED.contains(name)) {
        p.skipChildren();
      } else {
        JsonNode value = p.readValueAsTree();
        node.set(name, value);
      }
    }
    return node;
  }

  private enum Schema {
    V0_2,
    V1,
    V2
  }

  private static Schema schema(Doc top, List<ObjectNode> benchmarks, Path file) {
    if (top.has("config")
        && top.get("metadata").has("version")
        && top.get("metadata").num("version") == 2) {
      return Schema.V2;
    }
    if (top.has("args")) {
      return Schema.V1;
    }
    if (!benchmarks.isEmpty() && benchmarks.get(0).has("args")) {
      return Schema.V0_2;
    }
    if (top.get("metadata").has("version")) {
      throw top.get("metadata")
          .get("version")
          .error(
              "unknown guidellm report schema version "
                  + top.get("metadata").get("version").node()
                  + "; supported: 1, 2");
    }
    throw new ResultTransformException(
        ID,
        file,
        "$",
        "not a guidellm report: none of config (v2), args (v1) or benchmarks[0].args (v0.2/0.3)");
  }

  private BenchmarkReport benchmark(Doc b, int index, Doc top, Schema schema, String version) {
    Doc metrics = b.req("metrics").object();
    Doc totals = schema == Schema.V0_2 ? b.req("request_totals") : metrics.req("request_totals");
    long total = (long) totals.num("total");
    Results.Requests requests =
        new Results.Requests(
            total,
            totals.optLong("errored"),
            totals.optLong("incomplete"),
            stats(metrics, "prompt_token_count", Units.COUNT),
            stats(metrics, "output_token_count", Units.COUNT),
            null,
            null);
    Statistics itl = stats(metrics, "inter_token_latency_ms", Units.MS_PER_TOKEN);
    Results.Latency latency =
        new Results.Latency(
            stats(metrics, "time_to_first_token_ms", Units.MS),
            schema == Schema.V0_2
                ? null
                : stats(metrics, "time_per_output_token_ms", Units.MS_PER_TOKEN),
            itl,
            itl,
            stats(metrics, "request_latency", Units.S));
    Results.Throughput throughput =
        new Results.Throughput(
            stats(metrics, "prompt_tokens_per_second", Units.TOKENS_PER_S),
            stats(metrics, "output_tokens_per_second", Units.TOKENS_PER_S),
            stats(metrics, "tokens_per_second", Units.TOKENS_PER_S),
            stats(metrics, "requests_per_second", Units.QUERIES_PER_S));
    Results results = Results.of(new Results.Aggregate(requests, latency, throughput));

    Scenario.LoadStandardized.Builder load =
        Scenario.LoadStandardized.builder(ID).toolVersion(version).stage(index);
    strategy(
        schema == Schema.V0_2 ? b.get("args").get("strategy") : b.get("config").get("strategy"),
        load);
    Map<String, Object> data = data(b, top, schema);
    describeData(data, load, requests.inputLength());

    Object config =
        switch (schema) {
          case V2 -> top.get("config").plain();
          case V1 -> top.get("args").plain();
          case V0_2 -> b.get("args").plain();
        };
    Double start = b.optNum("start_time");
    Double end = b.optNum("end_time");
    BenchmarkReport.RunTime time = LoadPoints.time(start, end);
    if (time != null && b.has("duration")) {
      time =
          new BenchmarkReport.RunTime(
              time.start(), time.end(), LoadPoints.duration(b.num("duration")));
    }
    return LoadPoints.report(time, load.build(), Map.of(), config, results);
  }

  /** Statistics of {@code metrics.<name>.successful}, or {@code null} when the metric is absent. */
  private static Statistics stats(Doc metrics, String name, Units units) {
    if (!metrics.has(name)) {
      return null;
    }
    Doc s = metrics.get(name).req("successful").object();
    if (!s.has("mean")) {
      return null;
    }
    Statistics.Builder b =
        Statistics.builder(units)
            .mean(s.num("mean"))
            .mode(s.optNum("mode"))
            .stddev(s.optNum("std_dev"))
            .min(s.optNum("min"))
            .max(s.optNum("max"));
    Doc pct = s.get("percentiles");
    Stats.GUIDELLM_PERCENTILES.forEach(
        (nativeKey, key) -> {
          if (pct.has(nativeKey)) {
            b.set(key, pct.get(nativeKey).num());
          }
        });
    if (!pct.has("p50") && s.has("median")) {
      b.p50(s.num("median"));
    }
    return b.build();
  }

  private static void strategy(Doc strategy, Scenario.LoadStandardized.Builder load) {
    if (strategy.isMissing()) {
      return;
    }
    String type = strategy.object().optStr("type_");
    if (type == null) {
      return;
    }
    switch (type) {
      case "constant", "poisson", "async" -> {
        Double rate = strategy.optNum("rate");
        if (rate != null && rate > 0) {
          load.rateQps(rate);
        }
      }
      case "concurrent" -> {
        Long streams = strategy.optLong("streams");
        if (streams != null && streams > 0) {
          load.concurrency(Concurrency.of(streams));
        }
      }
      case "throughput" -> {
        Long max =
            strategy.has("max_concurrency")
                ? strategy.optLong("max_concurrency")
                : strategy.optLong("worker_count");
        if (max != null && max > 0) {
          load.concurrency(Concurrency.of(max));
        }
      }
      case "synchronous" -> load.concurrency(Concurrency.of(1));
      default -> {}
    }
  }

  /**
   * The synthetic data description as a map: v2 {@code spec.data[0]}, v1 {@code args.data[0]}, v0.2
   * the loader's.
   */
  private static Map<String, Object> data(Doc b, Doc top, Schema schema) {
    Doc data =
        switch (schema) {
          case V2 -> top.get("config").get("spec").get("data");
          case V1 -> top.get("args").get("data");
          case V0_2 -> b.get("request_loader").get("data");
        };
    if (data.node().isArray()) {
      data = data.at(0);
    }
    if (data.isMissing()) {
      return Map.of();
    }
    if (data.node().isObject()) {
      return data.map();
    }
    return keyValues(data.node().asString());
  }

  /**
   * Parses guidellm's {@code prompt_tokens=256,output_tokens=128} (or a JSON object) data string.
   */
  static Map<String, Object> keyValues(String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    String t = text.trim();
    if (t.startsWith("{")) {
      try {
        return Reports.jsonMapper().readValue(t, LinkedHashMap.class);
      } catch (JacksonException e) {
        return out;
      }
    }
    if (!t.contains("=")) {
      out.put("source", t);
      return out;
    }
    for (String part : t.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length == 2) {
        String v = kv[1].trim();
        try {
          out.put(kv[0].trim(), Double.parseDouble(v));
        } catch (NumberFormatException e) {
          out.put(kv[0].trim(), v);
        }
      }
    }
    return out;
  }

  private static void describeData(
      Map<String, Object> data, Scenario.LoadStandardized.Builder load, Statistics input) {
    Object kind = data.get("kind");
    boolean synthetic =
        "synthetic_text".equals(kind) || (kind == null && data.containsKey("prompt_tokens"));
    if (data.isEmpty()) {
      load.source("unknown");
    } else {
      load.source(synthetic && !data.containsKey("source") ? "random" : "sampled");
    }
    SequenceLength in = length(data, "prompt_tokens");
    load.inputSeqLen(in != null ? in : SequenceLength.other(input == null ? 0 : input.mean()));
    SequenceLength out = length(data, "output_tokens");
    if (out != null) {
      load.outputSeqLen(out);
    }
    Object buckets = data.get("prefix_buckets");
    Number prefixTokens = null;
    Number prefixCount = null;
    if (buckets instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> first) {
      prefixTokens = number(first.get("prefix_tokens"));
      prefixCount = number(first.get("prefix_count"));
    } else {
      prefixTokens = number(data.get("prefix_tokens"));
      prefixCount = number(data.get("prefix_count"));
    }
    if (prefixTokens != null && prefixTokens.doubleValue() > 0) {
      int count = prefixCount == null ? 1 : Math.max(1, prefixCount.intValue());
      load.prefix(new Scenario.Prefix(SequenceLength.fixed(prefixTokens.longValue()), 1, 1, count));
    }
    Number turns = number(data.get("turns"));
    if (turns != null && turns.intValue() > 1) {
      load.multiTurn(new Scenario.MultiTurn(true, SequenceLength.fixed(turns.intValue())));
    }
  }

  private static SequenceLength length(Map<String, Object> data, String key) {
    Number value = number(data.get(key));
    if (value == null) {
      return null;
    }
    Number stdev = number(data.get(key + "_stdev"));
    Number min = number(data.get(key + "_min"));
    Number max = number(data.get(key + "_max"));
    String distribution = stdev != null ? "gaussian" : min != null ? "uniform" : "fixed";
    return new SequenceLength(
        distribution,
        value.doubleValue() == Math.rint(value.doubleValue()) ? (Number) value.longValue() : value,
        stdev == null ? null : stdev.doubleValue(),
        min == null ? null : min.intValue(),
        max == null ? null : max.intValue());
  }

  private static Number number(Object o) {
    return o instanceof Number n ? n : null;
  }
}
