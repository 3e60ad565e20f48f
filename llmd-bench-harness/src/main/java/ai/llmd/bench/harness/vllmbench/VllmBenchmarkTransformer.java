package ai.llmd.bench.harness.vllmbench;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts {@code vllm bench serve} results: one report per result object, in a single-object file,
 * a JSON Lines file of appended results ({@code --append-result}) or a directory of them. Objects
 * are streamed and their per-request arrays ({@code --save-detailed}) skipped. Both the old ({@code
 * "request_goodput:"}, no {@code failed}, {@code request_rate: "inf"}) and current keys are read.
 * Latencies stay in ms.
 */
public final class VllmBenchmarkTransformer implements ResultTransformer {
  private static final String ID = VllmBenchmarkHarness.ID;
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final String toolVersion;
  private final Map<String, Object> args;

  /**
   * A transformer for vLLM benchmark output that records the tool version as {@code unknown} when
   * the file does not say.
   */
  public VllmBenchmarkTransformer() {
    this("unknown", Map.of());
  }

  /**
   * A transformer that knows the version and the flags the run was given (keys without {@code --}),
   * from which it fills the data source and the requested sequence lengths.
   */
  public VllmBenchmarkTransformer(String toolVersion, Map<String, Object> args) {
    this.toolVersion = toolVersion;
    this.args = Map.copyOf(args);
  }

  @Override
  public String harness() {
    return ID;
  }

  @Override
  public List<LoadPointReport> convert(Path source) {
    List<Path> files =
        ResultFiles.of(
            ID,
            source,
            n -> n.matches("(?i).*\\.(json|jsonl)"),
            "vLLM result file (*.json, *.jsonl)");
    List<LoadPointReport> reports = new ArrayList<>();
    for (Path file : files) {
      List<ObjectNode> objects = read(file);
      if (objects.isEmpty()) {
        throw new ResultTransformException(ID, file, "$", "no result object in the file");
      }
      for (int i = 0; i < objects.size(); i++) {
        String path = objects.size() == 1 ? "$" : "$[" + i + "]";
        String name =
            objects.size() == 1 ? file.getFileName().toString() : file.getFileName() + "_" + i;
        reports.add(new LoadPointReport(name, result(new Doc(ID, file, path, objects.get(i)), i)));
      }
    }
    return reports;
  }

  /**
   * The per-request details of a result saved with {@code --save-detailed} ({@code ttfts}, {@code
   * itls}, {@code input_lens}, {@code output_lens}, {@code errors}, in seconds); empty without
   * them.
   */
  @Override
  public java.util.Optional<List<ai.llmd.bench.harness.RequestRecord>> requestRecords(
      Path source, LoadPointReport point) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(.+?)(?:_(\\d+))?").matcher(point.nativeName());
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    Path file = Files.isDirectory(source) ? source.resolve(m.group(1)) : source;
    int index = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    if (!Files.isRegularFile(file)) {
      // a name ending in _<digits> that is the file's own name
      file = Files.isDirectory(source) ? source.resolve(point.nativeName()) : source;
      index = 0;
    }
    JsonNode r = null;
    try (var it = Reports.jsonMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
      for (int i = 0; i <= index && it.hasNext(); i++) {
        r = (JsonNode) it.next();
      }
    } catch (JacksonException e) {
      throw Doc.parseError(ID, file, e);
    }
    if (r == null || !r.path("ttfts").isArray() || !r.path("output_lens").isArray()) {
      return java.util.Optional.empty();
    }
    JsonNode ttfts = r.get("ttfts");
    JsonNode itls = r.path("itls");
    JsonNode in = r.path("input_lens");
    JsonNode out = r.get("output_lens");
    JsonNode errors = r.path("errors");
    List<ai.llmd.bench.harness.RequestRecord> records = new ArrayList<>();
    for (int i = 0; i < ttfts.size(); i++) {
      boolean ok = errors.path(i).asString("").isEmpty();
      double[] gaps = null;
      double latency = ttfts.get(i).asDouble();
      if (itls.path(i).isArray()) {
        gaps = new double[itls.get(i).size()];
        for (int j = 0; j < gaps.length; j++) {
          gaps[j] = itls.get(i).get(j).asDouble();
          latency += gaps[j];
        }
      }
      records.add(
          new ai.llmd.bench.harness.RequestRecord(
              ok,
              ttfts.get(i).asDouble(),
              latency,
              in.path(i).asLong(0),
              out.path(i).asLong(0),
              gaps));
    }
    return java.util.Optional.of(records);
  }

  /**
   * Every root-level object of the file with its scalar fields; arrays and nested objects are
   * skipped.
   */
  private static List<ObjectNode> read(Path file) {
    List<ObjectNode> objects = new ArrayList<>();
    try (JsonParser p = Reports.jsonMapper().createParser(file.toFile())) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_OBJECT) {
          throw new ResultTransformException(
              ID,
              file,
              "$[" + objects.size() + "]",
              "not a vLLM benchmark result: expected an object, found " + t);
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (value.isStructStart()) {
            p.skipChildren();
          } else {
            node.set(name, p.readValueAsTree());
          }
        }
        objects.add(node);
      }
    } catch (JacksonException e) {
      throw Doc.parseError(ID, file, e);
    }
    return objects;
  }

  private BenchmarkReport result(Doc r, int index) {
    if (!r.has("duration") || !(r.has("completed") || r.has("num_prompts"))) {
      throw r.error(
          "not a vLLM benchmark result: duration and completed/num_prompts are required (another harness's file?)");
    }
    double duration = r.num("duration");
    long completed = (long) r.num("completed");
    long numPrompts = r.has("num_prompts") ? (long) r.num("num_prompts") : completed;
    Long failed = r.has("failed") ? r.optLong("failed") : numPrompts - completed;
    Double inputTokens = r.optNum("total_input_tokens");
    Double outputTokens = r.optNum("total_output_tokens");
    Results.Requests requests =
        new Results.Requests(
            numPrompts,
            failed,
            null,
            inputTokens == null || completed == 0
                ? null
                : Statistics.mean(inputTokens / completed, Units.COUNT),
            outputTokens == null || completed == 0
                ? null
                : Statistics.mean(outputTokens / completed, Units.COUNT),
            null,
            null);
    Results.Latency latency =
        new Results.Latency(
            stats(r, "ttft", Units.MS),
            null,
            stats(r, "tpot", Units.MS_PER_TOKEN),
            stats(r, "itl", Units.MS_PER_TOKEN),
            stats(r, "e2el", Units.MS));
    Results.Throughput throughput =
        new Results.Throughput(
            inputTokens == null || duration <= 0
                ? null
                : Statistics.mean(inputTokens / duration, Units.TOKENS_PER_S),
            Stats.mean(r.optNum("output_throughput"), Units.TOKENS_PER_S),
            Stats.mean(r.optNum("total_token_throughput"), Units.TOKENS_PER_S),
            Stats.mean(r.optNum("request_throughput"), Units.QUERIES_PER_S));

    Scenario.LoadStandardized.Builder load =
        Scenario.LoadStandardized.builder(ID).toolVersion(toolVersion).stage(index);
    if (r.has("request_rate") && r.get("request_rate").node().isNumber()) {
      double rate = r.num("request_rate");
      if (Double.isFinite(rate) && rate > 0) {
        load.rateQps(rate);
      }
    }
    Long maxConcurrency = r.optLong("max_concurrency");
    if (maxConcurrency != null && maxConcurrency > 0) {
      load.concurrency(Concurrency.of(maxConcurrency));
    }
    String dataset =
        args.containsKey("dataset-name") ? String.valueOf(args.get("dataset-name")) : null;
    load.source(dataset == null ? "unknown" : dataset.startsWith("random") ? "random" : "sampled");
    Number inputLen = lengthArg(dataset, "input-len");
    load.inputSeqLen(
        inputLen != null
            ? new SequenceLength(
                fixedLengths(dataset) ? "fixed" : "other", inputLen, null, null, null)
            : SequenceLength.other(
                inputTokens == null || completed == 0 ? 0 : inputTokens / completed));
    Number outputLen = lengthArg(dataset, "output-len");
    if (outputLen != null && outputLen.doubleValue() >= 1) {
      load.outputSeqLen(SequenceLength.fixed(outputLen));
    }

    BenchmarkReport.RunTime time = null;
    String date = r.optStr("date");
    if (date != null) {
      try {
        LocalDateTime end = LocalDateTime.parse(date, DATE);
        double endEpoch = end.toEpochSecond(ZoneOffset.UTC);
        time = LoadPoints.time(endEpoch - duration, endEpoch);
        time = new BenchmarkReport.RunTime(time.start(), time.end(), LoadPoints.duration(duration));
      } catch (DateTimeParseException e) {
        throw r.get("date").error("expected a date YYYYMMDD-HHMMSS, found \"" + date + "\"");
      }
    } else {
      time = new BenchmarkReport.RunTime(null, null, LoadPoints.duration(duration));
    }
    Map<String, Object> config = new LinkedHashMap<>(r.map());
    return LoadPoints.report(
        time,
        load.build(),
        new LinkedHashMap<>(args),
        config,
        Results.of(new Results.Aggregate(requests, latency, throughput)));
  }

  private boolean fixedLengths(String dataset) {
    return dataset != null
        && (dataset.startsWith("random") || dataset.equals("sonnet"))
        && !(args.get("random-range-ratio") instanceof Number n && n.doubleValue() > 0);
  }

  /**
   * The requested length flag for the dataset, e.g. {@code random-input-len} or {@code
   * sonnet-output-len}.
   */
  private Number lengthArg(String dataset, String suffix) {
    if (dataset == null) {
      return null;
    }
    String prefix = dataset.startsWith("random") ? "random" : dataset;
    Object v = args.get(prefix + "-" + suffix);
    if (v instanceof Number n) {
      return n;
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Statistics of one metric from its {@code mean_/median_/std_/p<N>_<metric>_ms} keys; null
   * without a mean.
   */
  private static Statistics stats(Doc r, String metric, Units units) {
    String suffix = "_" + metric + "_ms";
    if (!r.has("mean" + suffix)) {
      return null;
    }
    // vLLM prefixes the metric with inference-perf's summary keys: mean_, median_, p0.1_, ...,
    // p99.9_
    Statistics.Builder b = Statistics.builder(units).stddev(r.optNum("std" + suffix));
    Stats.INFERENCE_PERF.forEach(
        (p, key) -> {
          if (r.has(p + suffix)) {
            b.set(key, r.num(p + suffix));
          }
        });
    return b.build();
  }
}
