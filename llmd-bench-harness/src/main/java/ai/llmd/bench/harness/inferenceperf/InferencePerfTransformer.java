package ai.llmd.bench.harness.inferenceperf;

import ai.llmd.bench.harness.LoadPointReport;
import ai.llmd.bench.harness.ResultTransformException;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.support.Doc;
import ai.llmd.bench.harness.support.LoadPoints;
import ai.llmd.bench.harness.support.Stats;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Concurrency;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Results.Media;
import ai.llmd.bench.report.Scenario;
import ai.llmd.bench.report.Scenario.SequenceLength;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Converts inference-perf lifecycle reports: one report per {@code
 * stage_<N>_lifecycle_metrics.json} of a results directory (with its {@code
 * stage_<N>_session_lifecycle_metrics.json} where present), or a single lifecycle file. The {@code
 * config.yaml} beside the stage files supplies the workload description. Values keep
 * inference-perf's units: seconds and seconds per token.
 */
public final class InferencePerfTransformer implements ResultTransformer {
  private static final String ID = InferencePerfHarness.ID;
  private static final Pattern STAGE =
      Pattern.compile("(.*?)stage_(\\d+)_lifecycle_metrics\\.(json|ya?ml)");
  private static final Pattern SESSION =
      Pattern.compile("(.*?)stage_(\\d+)_session_lifecycle_metrics\\.(json|ya?ml)");
  private static final Set<String> RANDOM_DATA = Set.of("random", "shared_prefix", "sharedPrefix");
  private static final Set<String> RATE_LOADS = Set.of("constant", "poisson", "trace_replay");

  private final String toolVersion;

  /**
   * A transformer for inference-perf output that records the tool version as {@code unknown} when
   * the file does not say.
   */
  public InferencePerfTransformer() {
    this("unknown");
  }

  /**
   * A transformer that records this inference-perf version (e.g. from the image tag) in every
   * report.
   */
  public InferencePerfTransformer(String toolVersion) {
    this.toolVersion = toolVersion;
  }

  @Override
  public String harness() {
    return ID;
  }

  /**
   * The requests of {@code per_request_lifecycle_metrics.json}, for a results directory of one
   * stage (the file does not say which stage a request belongs to).
   */
  @Override
  public java.util.Optional<List<ai.llmd.bench.harness.RequestRecord>> requestRecords(
      Path source, LoadPointReport point) {
    if (!Files.isDirectory(source) || stageFiles(source).size() != 1) {
      return java.util.Optional.empty();
    }
    return PerRequestRecords.read(source);
  }

  @Override
  public List<LoadPointReport> convert(Path source) {
    List<Path> stageFiles = Files.isDirectory(source) ? stageFiles(source) : List.of(source);
    if (stageFiles.isEmpty()) {
      throw new ResultTransformException(
          ID, source, null, "no stage_<N>_lifecycle_metrics.json files in this results directory");
    }
    Path dir = stageFiles.get(0).toAbsolutePath().getParent();
    Doc config = findConfig(dir);
    List<LoadPointReport> reports = new ArrayList<>();
    for (Path file : stageFiles) {
      Matcher m = STAGE.matcher(file.getFileName().toString());
      int stage = m.matches() ? Integer.parseInt(m.group(2)) : 0;
      Path session =
          m.matches()
              ? dir.resolve(
                  m.group(1) + "stage_" + stage + "_session_lifecycle_metrics." + m.group(3))
              : null;
      Doc sessionDoc = session != null && Files.exists(session) ? Doc.read(ID, session) : null;
      reports.add(
          new LoadPointReport(
              file.getFileName().toString(), stage(Doc.read(ID, file), stage, config, sessionDoc)));
    }
    return reports;
  }

  private static List<Path> stageFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> STAGE.matcher(p.getFileName().toString()).matches())
          .filter(p -> !p.getFileName().toString().startsWith("adapter_"))
          .sorted(Comparator.comparingInt(InferencePerfTransformer::stageNumber))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static int stageNumber(Path p) {
    Matcher m = STAGE.matcher(p.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(2)) : 0;
  }

  private static Doc findConfig(Path dir) {
    for (String name : List.of("config.yaml", "config.yml")) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return Doc.read(ID, dir.resolve(name));
      }
    }
    return null;
  }

  private BenchmarkReport stage(Doc root, int stage, Doc config, Doc session) {
    root.object();
    if (!root.has("load_summary") || !root.has("successes")) {
      throw root.error(
          "not an inference-perf lifecycle report: load_summary and successes are required (another harness's file?)");
    }
    Doc load = root.req("load_summary").object();
    Doc ok = root.req("successes").object();
    Doc failures = root.get("failures");
    long total = (long) load.num("count");
    Long failed = failures.isMissing() ? null : failures.optLong("count");

    Results.Requests requests;
    Results.Latency latency = null;
    Results.Throughput throughput = null;
    if (failed != null && failed == total) {
      requests = Results.Requests.counts(total, failed);
    } else {
      Doc input = ok.has("prompt_len") ? ok.get("prompt_len") : ok.get("prompt_tokens");
      requests =
          new Results.Requests(
              total,
              failed,
              null,
              Stats.from(input, Stats.INFERENCE_PERF, Units.COUNT),
              Stats.from(ok.get("output_len"), Stats.INFERENCE_PERF, Units.COUNT),
              Stats.from(ok.get("request_size_bytes"), Stats.INFERENCE_PERF, Units.BYTES),
              multimodal(ok));
      Doc lat = ok.get("latency");
      latency =
          new Results.Latency(
              Stats.from(lat.get("time_to_first_token"), Stats.INFERENCE_PERF, Units.S),
              Stats.from(
                  lat.get("normalized_time_per_output_token"),
                  Stats.INFERENCE_PERF,
                  Units.S_PER_TOKEN),
              Stats.from(lat.get("time_per_output_token"), Stats.INFERENCE_PERF, Units.S_PER_TOKEN),
              Stats.from(lat.get("inter_token_latency"), Stats.INFERENCE_PERF, Units.S_PER_TOKEN),
              Stats.from(lat.get("request_latency"), Stats.INFERENCE_PERF, Units.S));
      Doc tp = ok.get("throughput");
      throughput =
          new Results.Throughput(
              Stats.mean(tp.optNum("input_tokens_per_sec"), Units.TOKENS_PER_S),
              Stats.mean(tp.optNum("output_tokens_per_sec"), Units.TOKENS_PER_S),
              Stats.mean(tp.optNum("total_tokens_per_sec"), Units.TOKENS_PER_S),
              Stats.mean(tp.optNum("requests_per_sec"), Units.QUERIES_PER_S),
              Stats.mean(tp.optNum("images_per_sec"), Units.IMAGES_PER_S),
              Stats.mean(tp.optNum("videos_per_sec"), Units.VIDEOS_PER_S),
              Stats.mean(tp.optNum("audios_per_sec"), Units.AUDIOS_PER_S));
    }
    Results results =
        new Results(
            new Results.RequestPerformance(
                new Results.Aggregate(requests, latency, throughput), null),
            session == null ? null : new Results.SessionPerformance(sessions(session)),
            null,
            null,
            null);

    Scenario.LoadStandardized standardized = load(stage, load, requests, config, session);
    Double seconds = root.optNum("benchmark_time_seconds");
    BenchmarkReport.RunTime time =
        seconds == null
            ? null
            : new BenchmarkReport.RunTime(null, null, LoadPoints.duration(seconds));
    return LoadPoints.report(
        time, standardized, Map.of(), config == null ? null : config.plain(), results);
  }

  private Scenario.LoadStandardized load(
      int stage, Doc load, Results.Requests requests, Doc config, Doc session) {
    Scenario.LoadStandardized.Builder b =
        Scenario.LoadStandardized.builder(ID).toolVersion(toolVersion).stage(stage);
    Doc data = config == null ? null : config.get("data");
    String loadType = config == null ? null : config.get("load").optStr("type");
    Double requestedRate = load.optNum("requested_rate");
    if (requestedRate != null
        && requestedRate > 0
        && (loadType == null || RATE_LOADS.contains(loadType))) {
      b.rateQps(requestedRate);
    }
    Double concurrency = load.optNum("concurrency");
    if (concurrency != null && concurrency > 0) {
      b.concurrency(Concurrency.of(concurrency.longValue()));
    } else if ("concurrent".equals(loadType)) {
      Doc stageConfig = config.get("load").get("stages").at(stage);
      Long level = stageConfig.isMissing() ? null : stageConfig.optLong("concurrency_level");
      if (level != null && level > 0) {
        b.concurrency(Concurrency.of(level));
      }
    }
    String dataType = data == null ? null : data.optStr("type");
    b.source(dataType == null ? "unknown" : RANDOM_DATA.contains(dataType) ? "random" : "sampled");

    Double measuredInput = requests.inputLength() == null ? null : requests.inputLength().mean();
    if (data != null
        && data.has("shared_prefix")
        && dataType != null
        && dataType.toLowerCase().startsWith("shared")) {
      Doc sp = data.get("shared_prefix");
      SequenceLength prefixLen = lengthOf(sp.get("system_prompt_len"));
      Double question = sp.optNum("question_len");
      if (prefixLen != null && question != null) {
        b.inputSeqLen(SequenceLength.fixed(whole(prefixLen.value().doubleValue() + question)));
      }
      SequenceLength out = lengthOf(sp.get("output_len"));
      if (out != null) {
        b.outputSeqLen(out);
      }
      Long groups =
          sp.has("num_unique_system_prompts")
              ? sp.optLong("num_unique_system_prompts")
              : sp.optLong("num_groups");
      Long users =
          sp.has("num_users_per_system_prompt")
              ? sp.optLong("num_users_per_system_prompt")
              : sp.optLong("num_prompts_per_group");
      if (prefixLen != null && groups != null && users != null) {
        b.prefix(new Scenario.Prefix(prefixLen, groups.intValue(), users.intValue(), 1));
      }
      if (Boolean.TRUE.equals(
          sp.has("enable_multi_turn_chat")
              && sp.get("enable_multi_turn_chat").node().asBoolean())) {
        b.multiTurn(new Scenario.MultiTurn(true, null));
      }
    } else if (data != null) {
      SequenceLength in = distribution(data.get("input_distribution"));
      SequenceLength out = distribution(data.get("output_distribution"));
      if (in != null) {
        b.inputSeqLen(in);
      }
      if (out != null) {
        b.outputSeqLen(out);
      }
    }
    if (session != null) {
      b.source("unknown").multiTurn(new Scenario.MultiTurn(true, null));
      Statistics perSession =
          Stats.from(session.get("total_input_tokens"), Stats.INFERENCE_PERF, Units.COUNT);
      if (perSession != null) {
        b.inputSeqLen(SequenceLength.other(perSession.mean()));
      }
    }
    Scenario.LoadStandardized built = b.build();
    if (built.inputSeqLen() == null) {
      built =
          b.inputSeqLen(SequenceLength.other(measuredInput == null ? 0 : measuredInput)).build();
    }
    return built;
  }

  private static Number whole(double d) {
    return d == Math.rint(d) ? (Number) (long) d : (Number) d;
  }

  /** A length that is a plain number (fixed) or a distribution object. */
  private static SequenceLength lengthOf(Doc value) {
    if (value.isMissing()) {
      return null;
    }
    if (value.node().isNumber()) {
      return SequenceLength.fixed(whole(value.num()));
    }
    return distribution(value);
  }

  private static SequenceLength distribution(Doc d) {
    if (d.isMissing()) {
      return null;
    }
    d.object();
    String type = d.has("type") ? d.optStr("type") : "normal";
    String distribution =
        switch (type) {
          case "normal" -> "gaussian";
          case "uniform" -> "uniform";
          case "fixed" -> "fixed";
          default -> "other";
        };
    Double mean = d.optNum("mean");
    Long min = d.optLong("min");
    Long max = d.optLong("max");
    if (mean == null) {
      mean = min != null && max != null ? (min + max) / 2.0 : null;
    }
    if (mean == null) {
      return null;
    }
    return new SequenceLength(
        distribution,
        whole(mean),
        "gaussian".equals(distribution) ? d.optNum("std_dev") : null,
        min == null ? null : min.intValue(),
        max == null ? null : max.intValue());
  }

  private static Results.Multimodal multimodal(Doc ok) {
    Doc image = ok.get("image");
    Doc video = ok.get("video");
    Doc audio = ok.get("audio");
    if (image.isMissing() && video.isMissing() && audio.isMissing()) {
      return null;
    }
    return new Results.Multimodal(
        image.isMissing()
            ? null
            : new Media(
                Stats.from(image.get("count"), Stats.INFERENCE_PERF, Units.COUNT),
                Stats.from(image.get("bytes"), Stats.INFERENCE_PERF, Units.BYTES),
                Stats.from(image.get("pixels"), Stats.INFERENCE_PERF, Units.PIXELS),
                Stats.from(image.get("aspect_ratio"), Stats.INFERENCE_PERF, Units.RATIO),
                null,
                null),
        video.isMissing()
            ? null
            : new Media(
                Stats.from(video.get("count"), Stats.INFERENCE_PERF, Units.COUNT),
                Stats.from(video.get("bytes"), Stats.INFERENCE_PERF, Units.BYTES),
                Stats.from(video.get("pixels"), Stats.INFERENCE_PERF, Units.PIXELS),
                Stats.from(video.get("aspect_ratio"), Stats.INFERENCE_PERF, Units.RATIO),
                Stats.from(video.get("frames"), Stats.INFERENCE_PERF, Units.COUNT),
                null),
        audio.isMissing()
            ? null
            : new Media(
                Stats.from(audio.get("count"), Stats.INFERENCE_PERF, Units.COUNT),
                Stats.from(audio.get("bytes"), Stats.INFERENCE_PERF, Units.BYTES),
                null,
                null,
                null,
                Stats.from(audio.get("seconds"), Stats.INFERENCE_PERF, Units.S)));
  }

  private static Results.Sessions sessions(Doc s) {
    s.object();
    return new Results.Sessions(
        (long) s.num("num_sessions"),
        s.optLong("num_sessions_succeeded"),
        s.optLong("num_sessions_failed"),
        s.optLong("total_events"),
        s.optLong("total_events_completed"),
        s.optLong("total_events_cancelled"),
        s.get("sessions_per_second").node().isNumber()
            ? Statistics.mean(s.num("sessions_per_second"), Units.QUERIES_PER_S)
            : Stats.from(s.get("sessions_per_second"), Stats.INFERENCE_PERF, Units.QUERIES_PER_S),
        Stats.from(s.get("session_duration_sec"), Stats.INFERENCE_PERF, Units.S),
        Stats.from(s.get("num_events"), Stats.INFERENCE_PERF, Units.COUNT),
        Stats.from(s.get("num_events_cancelled"), Stats.INFERENCE_PERF, Units.COUNT),
        Stats.from(s.get("total_input_tokens"), Stats.INFERENCE_PERF, Units.COUNT),
        Stats.from(s.get("total_output_tokens"), Stats.INFERENCE_PERF, Units.COUNT));
  }
}
