package ai.llmd.bench.harness.loadgen;

import ai.llmd.bench.harness.LoadPointReport;
import ai.llmd.bench.harness.ResultTransformException;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.support.Doc;
import ai.llmd.bench.harness.support.LoadPoints;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Concurrency;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Scenario;
import ai.llmd.bench.report.Scenario.SequenceLength;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a {@link LoadGenerator} results directory into one report per stage. Statistics are
 * computed from the per-request file over the successful requests; latencies in ms, inter-token
 * latency pooled over every gap.
 */
public final class LoadgenTransformer implements ResultTransformer {
  private static final String ID = LoadgenHarness.ID;
  private static final Pattern SUMMARY = Pattern.compile("stage_(\\d+)_summary\\.json");

  @Override
  public String harness() {
    return ID;
  }

  @Override
  public List<LoadPointReport> convert(Path source) {
    if (!Files.isDirectory(source)) {
      throw new ResultTransformException(
          ID, source, null, "expected the load generator's results directory");
    }
    Path configFile = source.resolve("loadgen.json");
    if (!Files.isRegularFile(configFile)) {
      throw new ResultTransformException(
          ID, configFile, null, "missing: not a load generator results directory");
    }
    Doc config = Doc.read(ID, configFile).object();
    List<Path> summaries;
    try (Stream<Path> files = Files.list(source)) {
      summaries =
          files
              .filter(p -> SUMMARY.matcher(p.getFileName().toString()).matches())
              .sorted((a, b) -> Integer.compare(stageOf(a), stageOf(b)))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + source, e);
    }
    if (summaries.isEmpty()) {
      throw new ResultTransformException(
          ID, source, null, "no stage_<N>_summary.json in the results directory");
    }
    List<LoadPointReport> reports = new ArrayList<>();
    for (Path summary : summaries) {
      int stage = stageOf(summary);
      Path requests = source.resolve("stage_" + stage + "_requests.csv");
      reports.add(
          new LoadPointReport(
              requests.getFileName().toString(),
              stage(stage, Doc.read(ID, summary).object(), requests, config)));
    }
    return reports;
  }

  /** The report of one stage of a results directory (after the stage's files are complete). */
  static BenchmarkReport stageReport(Path source, int stage) {
    Doc config = Doc.read(ID, source.resolve("loadgen.json")).object();
    Doc summary = Doc.read(ID, source.resolve("stage_" + stage + "_summary.json")).object();
    return new LoadgenTransformer()
        .stage(stage, summary, source.resolve("stage_" + stage + "_requests.csv"), config);
  }

  private static int stageOf(Path p) {
    Matcher m = SUMMARY.matcher(p.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** Growable primitive array. */
  private static final class Values {
    double[] v = new double[1024];
    int n;

    void add(double x) {
      if (n == v.length) {
        v = Arrays.copyOf(v, n * 2);
      }
      v[n++] = x;
    }

    double sum() {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += v[i];
      }
      return s;
    }

    Statistics stats(Units units) {
      return Statistics.of(v, n, units);
    }
  }

  private BenchmarkReport stage(int stage, Doc summary, Path requestsFile, Doc config) {
    Values ttft = new Values();
    Values e2e = new Values();
    Values tpot = new Values();
    Values ntpot = new Values();
    Values itl = new Values();
    Values input = new Values();
    Values output = new Values();
    long rows = 0;
    long failed = 0;
    if (!Files.isRegularFile(requestsFile)) {
      throw new ResultTransformException(
          ID, requestsFile, null, "missing per-request file of stage " + stage);
    }
    try (BufferedReader in = Files.newBufferedReader(requestsFile)) {
      String header = in.readLine();
      if (!RequestLog.HEADER.equals(header)) {
        throw new ResultTransformException(
            ID, requestsFile, "line 1", "unexpected header: " + header);
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String[] f = line.split(",", -1);
        if (f.length != 9) {
          throw new ResultTransformException(
              ID, requestsFile, "line " + lineNo, "expected 9 fields, found " + f.length);
        }
        rows++;
        if (!f[8].isEmpty()) {
          failed++;
          continue;
        }
        try {
          double e = Double.parseDouble(f[4]);
          int out = Integer.parseInt(f[6]);
          e2e.add(e);
          input.add(Integer.parseInt(f[5]));
          output.add(out);
          if (!f[3].isEmpty()) {
            double t = Double.parseDouble(f[3]);
            ttft.add(t);
            if (out > 1) {
              tpot.add((e - t) / (out - 1));
            }
          }
          if (out > 0) {
            ntpot.add(e / out);
          }
          if (!f[7].isEmpty()) {
            for (String g : f[7].split(";")) {
              itl.add(Double.parseDouble(g));
            }
          }
        } catch (NumberFormatException ex) {
          throw new ResultTransformException(
              ID, requestsFile, "line " + lineNo, "not a number: " + ex.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + requestsFile, e);
    }

    double seconds = summary.num("duration_s");
    double inputSum = input.sum();
    double outputSum = output.sum();
    Results.Aggregate aggregate =
        new Results.Aggregate(
            new Results.Requests(
                rows,
                failed,
                null,
                input.stats(Units.COUNT),
                output.stats(Units.COUNT),
                null,
                null),
            new Results.Latency(
                ttft.stats(Units.MS),
                ntpot.stats(Units.MS_PER_TOKEN),
                tpot.stats(Units.MS_PER_TOKEN),
                itl.stats(Units.MS_PER_TOKEN),
                e2e.stats(Units.MS)),
            new Results.Throughput(
                Statistics.mean(inputSum / seconds, Units.TOKENS_PER_S),
                Statistics.mean(outputSum / seconds, Units.TOKENS_PER_S),
                Statistics.mean((inputSum + outputSum) / seconds, Units.TOKENS_PER_S),
                Statistics.mean(e2e.n / seconds, Units.QUERIES_PER_S)));

    Scenario.LoadStandardized.Builder load =
        Scenario.LoadStandardized.builder(ID)
            .toolVersion(config.optStr("tool_version"))
            .stage(stage);
    if (summary.has("rate")) {
      load.rateQps(summary.num("rate"));
    } else {
      load.concurrency(Concurrency.of((long) summary.num("concurrency")));
    }
    describeData(config.req("data").object(), load, input);

    Map<String, Object> nativeConfig = new LinkedHashMap<>(config.map());
    nativeConfig.put("stage_summary", summary.map());
    BenchmarkReport report =
        LoadPoints.report(
            LoadPoints.time(epoch(summary.optStr("start")), epoch(summary.optStr("end"))),
            load.build(),
            Map.of(),
            nativeConfig,
            Results.of(aggregate));
    String why = verdict(summary);
    if (why != null) {
      var l = report.scenario().load();
      report =
          report.withScenario(
              new Scenario(
                  null,
                  new Scenario.Load(
                      new Scenario.LoadMetadata(
                          l.metadata().schemaVersion(), l.metadata().cfgId(), why),
                      l.standardized(),
                      l.nativeConfig())));
    }
    return report;
  }

  /**
   * What a reader of the report must know before trusting it: the server failing (with its first
   * error), the client lagging, the stage interrupted; {@code null} when none applies.
   */
  private static String verdict(Doc summary) {
    List<String> parts = new ArrayList<>();
    if (flag(summary, "server_failing")) {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  java.util.Locale.ROOT,
                  "server failing: %d of %d requests failed",
                  (long) summary.num("failed"),
                  (long) summary.num("sent")));
      Doc samples = summary.get("error_samples");
      if (!samples.isMissing()) {
        summary.get("errors").map().keySet().stream()
            .findFirst()
            .ifPresent(
                kind -> {
                  String text = samples.optStr(kind);
                  b.append(" (").append(kind);
                  if (text != null) {
                    b.append(": ")
                        .append(text.length() > 200 ? text.substring(0, 200) + "..." : text);
                  }
                  b.append(')');
                });
      }
      parts.add(b.toString());
    }
    if (flag(summary, "client_bottleneck")) {
      parts.add(
          "client bottleneck: "
              + String.join(
                  "; ",
                  summary
                      .get("bottleneck_reasons")
                      .node()
                      .valueStream()
                      .map(n -> n.asString())
                      .toList()));
    }
    if (flag(summary, "interrupted")) {
      parts.add(
          String.format(
              java.util.Locale.ROOT,
              "interrupted after %.1f of %.1f s",
              summary.num("duration_s"),
              summary.num("planned_duration_s")));
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  private static boolean flag(Doc summary, String name) {
    return summary.has(name) && summary.get(name).node().asBoolean();
  }

  private static void describeData(
      Doc data, Scenario.LoadStandardized.Builder load, Values measuredInput) {
    String type = data.optStr("type");
    load.source("random".equals(type) || "shared_prefix".equals(type) ? "random" : "sampled");
    SequenceLength output = length(data.get("output"));
    if (output != null) {
      load.outputSeqLen(output);
    }
    if ("shared_prefix".equals(type)) {
      int system = (int) data.num("system_prompt_len");
      load.inputSeqLen(SequenceLength.fixed(system + (int) data.num("question_len")));
      load.prefix(
          new Scenario.Prefix(
              SequenceLength.fixed(system),
              (int) data.num("groups"),
              (int) data.num("prompts_per_group"),
              1));
    } else if (data.has("input")) {
      load.inputSeqLen(length(data.get("input")));
    } else {
      load.inputSeqLen(
          SequenceLength.other(measuredInput.n == 0 ? 0 : measuredInput.sum() / measuredInput.n));
    }
  }

  private static SequenceLength length(Doc t) {
    if (t.isMissing()) {
      return null;
    }
    String d = t.optStr("distribution");
    double mean = t.num("mean");
    return new SequenceLength(
        d,
        mean == Math.rint(mean) ? (Number) (long) mean : (Number) mean,
        "gaussian".equals(d) ? t.num("std_dev") : null,
        "fixed".equals(d) ? null : (int) t.num("min"),
        "fixed".equals(d) ? null : (int) t.num("max"));
  }

  private static Double epoch(String iso) {
    if (iso == null) {
      return null;
    }
    Instant i = Instant.parse(iso);
    return i.getEpochSecond() + i.getNano() / 1e9;
  }
}
