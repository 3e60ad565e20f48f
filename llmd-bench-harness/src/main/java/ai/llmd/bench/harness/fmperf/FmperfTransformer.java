package ai.llmd.bench.harness.fmperf;

import ai.llmd.bench.harness.LoadPointReport;
import ai.llmd.bench.harness.ResultTransformException;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.support.Doc;
import ai.llmd.bench.harness.support.LoadPoints;
import ai.llmd.bench.harness.support.ResultFiles;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Concurrency;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Scenario;
import ai.llmd.bench.report.Scenario.SequenceLength;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts fmperf output: the LMBenchmark per-request CSV (one report per file; all values in
 * seconds), the summary CSV of {@code parse_results} (one report per user count; means in ms) and
 * the per-token results JSON (one report per user count, statistics computed from the token events,
 * in ms).
 */
public final class FmperfTransformer implements ResultTransformer {
  private static final String ID = FmperfHarness.ID;
  private static final List<String> LMBENCH_COLUMNS =
      List.of(
          "prompt_tokens",
          "generation_tokens",
          "ttft",
          "generation_time",
          "launch_time",
          "finish_time");
  private static final Pattern LMBENCH_NAME =
      // sharegpt and long-input write <key>_<scenario>_output_<qps>.csv; short-input and long-long
      // <key>_<scenario>_qps<qps>.csv (LMBenchmark's scripts differ)
      Pattern.compile("(?:.*?)LMBench_(.+?)(?:_output_|_qps)([0-9.]+)\\.csv");

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
            n ->
                n.matches(".*LMBench_.*\\.csv")
                    || n.matches(".*result\\d*\\.csv")
                    || n.matches("(fmperf-results-.*|result_sweep_u\\d+|results_all)\\.json"),
            "fmperf result file (*.csv, *.json)");
    List<LoadPointReport> reports = new ArrayList<>();
    for (Path file : files) {
      if (file.getFileName().toString().toLowerCase().endsWith(".json")) {
        reports.addAll(TokenRecords.convert(Doc.read(ID, file)));
      } else {
        reports.addAll(csv(file));
      }
    }
    return reports;
  }

  /**
   * The rows of an LMBenchmark CSV (one per request, all successful); the summary CSV and the
   * per-token JSON give none.
   */
  @Override
  public java.util.Optional<List<ai.llmd.bench.harness.RequestRecord>> requestRecords(
      Path source, LoadPointReport point) {
    Path file = Files.isDirectory(source) ? source.resolve(point.nativeName()) : source;
    if (!point.nativeName().equals(file.getFileName().toString())
        || !point.nativeName().endsWith(".csv")
        || !Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::trim).toList();
    if (!header.containsAll(LMBENCH_COLUMNS)) {
      return java.util.Optional.empty();
    }
    double[] prompt = column(file, header, lines, "prompt_tokens");
    double[] generated = column(file, header, lines, "generation_tokens");
    double[] ttft = column(file, header, lines, "ttft");
    double[] launch = column(file, header, lines, "launch_time");
    double[] finish = column(file, header, lines, "finish_time");
    List<ai.llmd.bench.harness.RequestRecord> records = new ArrayList<>();
    for (int i = 0; i < prompt.length; i++) {
      records.add(
          new ai.llmd.bench.harness.RequestRecord(
              true, ttft[i], finish[i] - launch[i], (long) prompt[i], (long) generated[i], null));
    }
    return java.util.Optional.of(records);
  }

  private static List<LoadPointReport> csv(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (lines.isEmpty()) {
      throw new ResultTransformException(ID, file, "line 1", "empty file");
    }
    List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::trim).toList();
    if (header.containsAll(LMBENCH_COLUMNS)) {
      return List.of(
          new LoadPointReport(file.getFileName().toString(), lmbench(file, header, lines)));
    }
    if (header.contains("n_requests") && header.contains("latency_e2e_ms")) {
      return summary(file, header, lines);
    }
    throw new ResultTransformException(
        ID,
        file,
        "line 1",
        "not an fmperf CSV: expected the LMBenchmark columns "
            + LMBENCH_COLUMNS
            + " or the summary columns (n_requests, latency_e2e_ms, ...), found "
            + header);
  }

  /** Values of one numeric column, each checked. */
  private static double[] column(Path file, List<String> header, List<String> lines, String name) {
    int col = header.indexOf(name);
    double[] values = new double[lines.size() - 1];
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",", -1);
      if (cells.length != header.size()) {
        throw new ResultTransformException(
            ID,
            file,
            "line " + (i + 1),
            "expected " + header.size() + " columns, found " + cells.length);
      }
      try {
        values[i - 1] = Double.parseDouble(cells[col].trim());
      } catch (NumberFormatException e) {
        throw new ResultTransformException(
            ID,
            file,
            "line " + (i + 1) + ", column " + name,
            "expected a number, found \"" + cells[col] + "\"");
      }
    }
    return values;
  }

  private static BenchmarkReport lmbench(Path file, List<String> header, List<String> lines) {
    int n = lines.size() - 1;
    if (n == 0) {
      throw new ResultTransformException(ID, file, "line 2", "no request rows");
    }
    double[] prompt = column(file, header, lines, "prompt_tokens");
    double[] generated = column(file, header, lines, "generation_tokens");
    double[] ttft = column(file, header, lines, "ttft");
    double[] genTime = column(file, header, lines, "generation_time");
    double[] launch = column(file, header, lines, "launch_time");
    double[] finish = column(file, header, lines, "finish_time");
    double start = Arrays.stream(launch).min().orElseThrow();
    double end = Arrays.stream(finish).max().orElseThrow();
    double duration = end - start;
    double[] e2e = new double[n];
    double[] tpot = new double[n];
    int tpotCount = 0;
    double promptSum = 0;
    double generatedSum = 0;
    for (int i = 0; i < n; i++) {
      e2e[i] = finish[i] - launch[i];
      if (generated[i] > 1) {
        tpot[tpotCount++] = genTime[i] / (generated[i] - 1);
      }
      promptSum += prompt[i];
      generatedSum += generated[i];
    }
    Results.Requests requests =
        new Results.Requests(
            (long) n,
            null,
            null,
            Statistics.of(prompt.clone(), Units.COUNT),
            Statistics.of(generated.clone(), Units.COUNT),
            null,
            null);
    Results.Latency latency =
        new Results.Latency(
            Statistics.of(ttft, Units.S),
            null,
            Statistics.of(tpot, tpotCount, Units.S_PER_TOKEN),
            null,
            Statistics.of(e2e, Units.S));
    Results.Throughput throughput =
        new Results.Throughput(
            Statistics.mean(promptSum / duration, Units.TOKENS_PER_S),
            Statistics.mean(generatedSum / duration, Units.TOKENS_PER_S),
            Statistics.mean((promptSum + generatedSum) / duration, Units.TOKENS_PER_S),
            Statistics.mean(n / duration, Units.QUERIES_PER_S));
    Scenario.LoadStandardized.Builder load =
        Scenario.LoadStandardized.builder(ID)
            .stage(0)
            .inputSeqLen(SequenceLength.other(promptSum / n));
    Matcher m = LMBENCH_NAME.matcher(file.getFileName().toString());
    Map<String, Object> config = new LinkedHashMap<>();
    if (m.matches()) {
      String scenario = m.group(1);
      config.put("scenario", scenario);
      load.source(scenario.contains("sharegpt") ? "sampled" : "random");
      double qps = Double.parseDouble(m.group(2));
      config.put("qps", qps);
      if (qps > 0) {
        load.rateQps(qps);
      }
    }
    load.multiTurn(new Scenario.MultiTurn(true, null));
    return LoadPoints.report(
        LoadPoints.time(start, end),
        load.build(),
        Map.of(),
        config,
        Results.of(new Results.Aggregate(requests, latency, throughput)));
  }

  private static List<LoadPointReport> summary(Path file, List<String> header, List<String> lines) {
    double[] requestsCol = column(file, header, lines, "n_requests");
    double[] fail = column(file, header, lines, "n_fail");
    double[] oom =
        header.contains("n_oom")
            ? column(file, header, lines, "n_oom")
            : new double[requestsCol.length];
    double[] prefill = column(file, header, lines, "latency_prefill_ms");
    double[] nextToken = column(file, header, lines, "latency_nexttoken_ms");
    double[] e2e = column(file, header, lines, "latency_e2e_ms");
    double[] throughput = column(file, header, lines, "throughput");
    double[] users = column(file, header, lines, header.get(0));
    List<LoadPointReport> reports = new ArrayList<>();
    for (int i = 0; i < requestsCol.length; i++) {
      Results.Aggregate aggregate =
          new Results.Aggregate(
              Results.Requests.counts((long) requestsCol[i], (long) (fail[i] + oom[i])),
              new Results.Latency(
                  Statistics.mean(prefill[i], Units.MS),
                  null,
                  null,
                  Statistics.mean(nextToken[i], Units.MS_PER_TOKEN),
                  Statistics.mean(e2e[i], Units.MS)),
              new Results.Throughput(
                  null, Statistics.mean(throughput[i], Units.TOKENS_PER_S), null, null));
      Scenario.LoadStandardized load =
          Scenario.LoadStandardized.builder(ID)
              .stage(i)
              .concurrency(Concurrency.of((long) users[i]))
              .inputSeqLen(SequenceLength.other(0))
              .build();
      reports.add(
          new LoadPointReport(
              file.getFileName() + "_" + i,
              LoadPoints.report(
                  null, load, Map.of(), Map.of("users", (long) users[i]), Results.of(aggregate))));
    }
    return reports;
  }

  /** The per-token-event results JSON of fmperf's load generator. */
  static final class TokenRecords {
    private TokenRecords() {}

    static List<LoadPointReport> convert(Doc root) {
      Doc records = root.node().isArray() ? root : root.req("results").array();
      // users -> request key -> events
      Map<Long, Map<String, List<Doc>>> byUsers = new TreeMap<>();
      for (int i = 0; i < records.size(); i++) {
        Doc r = records.at(i).object();
        long users = (long) r.num("exp_num_users");
        String key = (long) r.num("worker_idx") + "/" + (long) r.num("request_idx");
        byUsers
            .computeIfAbsent(users, u -> new LinkedHashMap<>())
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(r);
      }
      if (byUsers.isEmpty()) {
        throw root.error("no token records");
      }
      List<LoadPointReport> reports = new ArrayList<>();
      int stage = 0;
      for (var e : byUsers.entrySet()) {
        reports.add(
            new LoadPointReport(
                root.file().getFileName() + "_" + stage,
                userCount(e.getKey(), e.getValue(), stage++)));
      }
      return reports;
    }

    private static BenchmarkReport userCount(
        long users, Map<String, List<Doc>> requests, int stage) {
      int n = requests.size();
      double[] ttft = new double[n];
      double[] e2e = new double[n];
      double[] tpot = new double[n];
      double[] tokens = new double[n];
      List<Double> gaps = new ArrayList<>();
      int ok = 0;
      int tpotCount = 0;
      long failed = 0;
      double first = Double.MAX_VALUE;
      double last = 0;
      double duration = 0;
      for (List<Doc> events : requests.values()) {
        events.sort((a, b) -> Double.compare(a.num("response_idx"), b.num("response_idx")));
        boolean success = events.stream().allMatch(ev -> ev.get("ok").node().asBoolean(true));
        if (!success) {
          failed++;
          continue;
        }
        double total = 0;
        double count = 0;
        for (Doc ev : events) {
          double ms = ev.num("duration_ms");
          total += ms;
          count += ev.has("n_tokens") ? ev.num("n_tokens") : 1;
          if (ev.num("response_idx") > 0) {
            gaps.add(ms);
          }
          double ts = ev.num("timestamp") / 1e9;
          first = Math.min(first, ts - ms / 1000);
          last = Math.max(last, ts);
        }
        ttft[ok] = events.get(0).num("duration_ms");
        e2e[ok] = total;
        tokens[ok] = count;
        if (count > 1) {
          tpot[tpotCount++] = (total - ttft[ok]) / (count - 1);
        }
        duration =
            Math.max(
                duration,
                events.get(0).has("exp_duration") ? events.get(0).num("exp_duration") : 0);
        ok++;
      }
      double[] gapArray = gaps.stream().mapToDouble(Double::doubleValue).toArray();
      double outputSum = Arrays.stream(tokens, 0, ok).sum();
      double wall = last > first ? last - first : duration;
      Results.Aggregate aggregate =
          new Results.Aggregate(
              new Results.Requests(
                  (long) n, failed, null, null, Statistics.of(tokens, ok, Units.COUNT), null, null),
              new Results.Latency(
                  Statistics.of(ttft, ok, Units.MS),
                  null,
                  Statistics.of(tpot, tpotCount, Units.MS_PER_TOKEN),
                  Statistics.of(gapArray, Units.MS_PER_TOKEN),
                  Statistics.of(e2e, ok, Units.MS)),
              wall > 0
                  ? new Results.Throughput(
                      null,
                      Statistics.mean(outputSum / wall, Units.TOKENS_PER_S),
                      null,
                      Statistics.mean(ok / wall, Units.QUERIES_PER_S))
                  : null);
      Scenario.LoadStandardized load =
          Scenario.LoadStandardized.builder(ID)
              .stage(stage)
              .concurrency(Concurrency.of(users))
              .inputSeqLen(SequenceLength.other(0))
              .build();
      BenchmarkReport.RunTime time = first < last ? LoadPoints.time(first, last) : null;
      return LoadPoints.report(time, load, Map.of(), Map.of("users", users), Results.of(aggregate));
    }
  }
}
