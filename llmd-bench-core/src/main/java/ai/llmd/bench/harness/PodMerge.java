package ai.llmd.bench.harness;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Concurrency;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Scenario;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Merges the results of a parallel run ({@code raw/pod-<i>} directories) into one report per load
 * point: the i-th load point of every pod is the same point of the profile. Counts and rates are
 * summed; percentiles come from the pods' request records, or, for a tool that writes only
 * summaries, are left out of the merged report (means are weighted by successful requests) and the
 * per-pod reports are returned beside it, with a note saying so.
 */
final class PodMerge {
  private static final Logger log = LoggerFactory.getLogger(PodMerge.class);
  private static final Pattern POD = Pattern.compile("pod-(\\d+)");

  /** The file {@link KubernetesExecutor} writes beside the pods' directories. */
  static final String MANIFEST = "parallel.json";

  private PodMerge() {}

  static boolean isParallel(Path source) {
    if (!Files.isDirectory(source)) {
      return false;
    }
    if (Files.exists(source.resolve(MANIFEST))) {
      return true;
    }
    return !pods(source).isEmpty();
  }

  private static TreeMap<Integer, Path> pods(Path source) {
    TreeMap<Integer, Path> pods = new TreeMap<>();
    try (Stream<Path> s = Files.list(source)) {
      s.filter(Files::isDirectory)
          .forEach(
              p -> {
                Matcher m = POD.matcher(p.getFileName().toString());
                if (m.matches()) {
                  pods.put(Integer.parseInt(m.group(1)), p);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + source, e);
    }
    return pods;
  }

  static List<LoadPointReport> merge(ResultTransformer transformer, Path source) {
    TreeMap<Integer, Path> dirs = pods(source);
    Map<String, String> missing = new TreeMap<>();
    int expected = dirs.isEmpty() ? 0 : dirs.lastKey() + 1;
    Path manifest = source.resolve(MANIFEST);
    if (Files.exists(manifest)) {
      JsonNode m = Reports.jsonMapper().readTree(manifest.toFile());
      expected = Math.max(expected, m.path("pods").asInt(expected));
      m.path("missing").properties().forEach(e -> missing.put(e.getKey(), e.getValue().asString()));
    }
    for (int i = 0; i < expected; i++) {
      String name = "pod-" + i;
      if (!missing.containsKey(name) && (!dirs.containsKey(i) || empty(dirs.get(i)))) {
        missing.put(name, "no output");
      }
    }
    // pod name -> its load points
    Map<String, List<LoadPointReport>> perPod = new LinkedHashMap<>();
    for (var e : dirs.entrySet()) {
      String name = "pod-" + e.getKey();
      if (!missing.containsKey(name)) {
        perPod.put(name, transformer.convert(e.getValue()));
      }
    }
    if (perPod.isEmpty()) {
      throw new ResultTransformException(
          transformer.harness(),
          source,
          null,
          "no pod of the parallel run has output to merge: " + missing);
    }
    if (!missing.isEmpty()) {
      log.warn(
          "{}: merging {} of {} pods; missing: {}",
          source,
          perPod.size(),
          Math.max(expected, perPod.size()),
          missing);
    }
    int points = perPod.values().iterator().next().size();
    for (var e : perPod.entrySet()) {
      if (e.getValue().size() != points) {
        throw new ResultTransformException(
            transformer.harness(),
            source.resolve(e.getKey()),
            null,
            "has "
                + e.getValue().size()
                + " load points where "
                + perPod.keySet().iterator().next()
                + " has "
                + points
                + ": the pods did not run the same profile");
      }
    }
    List<LoadPointReport> out = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      int point = i;
      Map<String, LoadPointReport> reports = new LinkedHashMap<>();
      perPod.forEach((pod, list) -> reports.put(pod, list.get(point)));
      List<RequestRecord> records = new ArrayList<>();
      boolean exact = true;
      for (var e : reports.entrySet()) {
        Optional<List<RequestRecord>> r =
            transformer.requestRecords(dirs.get(podIndex(e.getKey())), e.getValue());
        if (r.isEmpty()) {
          exact = false;
          break;
        }
        records.addAll(r.get());
      }
      LoadPointReport first = reports.values().iterator().next();
      out.add(
          new LoadPointReport(
              first.nativeName(),
              merged(transformer.harness(), reports, exact ? records : null, missing)));
      if (!exact) {
        reports.forEach(
            (pod, r) -> out.add(new LoadPointReport(pod + "_" + r.nativeName(), r.report())));
      }
    }
    return out;
  }

  private static int podIndex(String pod) {
    return Integer.parseInt(pod.substring("pod-".length()));
  }

  private static boolean empty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return true;
    }
  }

  private static BenchmarkReport merged(
      String harness,
      Map<String, LoadPointReport> reports,
      List<RequestRecord> records,
      Map<String, String> missing) {
    List<BenchmarkReport> rs = reports.values().stream().map(LoadPointReport::report).toList();
    BenchmarkReport first = rs.get(0);
    Results.Aggregate a0 = first.results().requestPerformance().aggregate();

    long total = sumLong(rs, a -> a.requests() == null ? null : a.requests().total());
    Long failures = sumLongOrNull(rs, a -> a.requests() == null ? null : a.requests().failures());
    Long incomplete =
        sumLongOrNull(rs, a -> a.requests() == null ? null : a.requests().incomplete());
    Results.Throughput throughput =
        new Results.Throughput(
            sumMeans(rs, t -> t.inputTokenRate()),
            sumMeans(rs, t -> t.outputTokenRate()),
            sumMeans(rs, t -> t.totalTokenRate()),
            sumMeans(rs, t -> t.requestRate()));

    Results.Requests requests;
    Results.Latency latency;
    String note;
    if (records != null) {
      List<RequestRecord> ok = records.stream().filter(RequestRecord::ok).toList();
      requests =
          new Results.Requests(
              total,
              failures,
              incomplete,
              stats(ok, r -> r.inputTokens(), Units.COUNT, 1),
              stats(ok, r -> r.outputTokens(), Units.COUNT, 1),
              null,
              null);
      Results.Latency l0 = a0.latency();
      latency =
          new Results.Latency(
              like(l0 == null ? null : l0.timeToFirstToken(), ok, r -> r.ttft()),
              like(
                  l0 == null ? null : l0.normalizedTimePerOutputToken(),
                  ok,
                  r -> r.outputTokens() > 0 ? r.latency() / r.outputTokens() : null),
              like(
                  l0 == null ? null : l0.timePerOutputToken(),
                  ok,
                  r ->
                      r.ttft() != null && r.outputTokens() > 1
                          ? (r.latency() - r.ttft()) / (r.outputTokens() - 1)
                          : null),
              gaps(l0 == null ? null : l0.interTokenLatency(), ok),
              like(l0 == null ? null : l0.requestLatency(), ok, r -> r.latency()));
      note =
          "merged from the request records of "
              + reports.size()
              + " pods: counts and rates summed, statistics computed over every request";
    } else {
      requests =
          new Results.Requests(
              total,
              failures,
              incomplete,
              weighted(rs, a -> a.requests() == null ? null : a.requests().inputLength()),
              weighted(rs, a -> a.requests() == null ? null : a.requests().outputLength()),
              null,
              null);
      latency =
          a0.latency() == null
              ? null
              : new Results.Latency(
                  weighted(rs, a -> a.latency() == null ? null : a.latency().timeToFirstToken()),
                  weighted(
                      rs,
                      a -> a.latency() == null ? null : a.latency().normalizedTimePerOutputToken()),
                  weighted(rs, a -> a.latency() == null ? null : a.latency().timePerOutputToken()),
                  weighted(rs, a -> a.latency() == null ? null : a.latency().interTokenLatency()),
                  weighted(rs, a -> a.latency() == null ? null : a.latency().requestLatency()));
      note =
          "percentiles could not be merged: "
              + harness
              + " wrote no per-request records here; counts and rates are summed and means are"
              + " weighted by successful requests; the per-pod reports are "
              + reports.keySet().stream().map(p -> p + "_" + reports.get(p).nativeName()).toList();
    }

    Map<String, Object> parallel = new LinkedHashMap<>();
    parallel.put("pods", new ArrayList<>(reports.keySet()));
    if (!missing.isEmpty()) {
      parallel.put("missing", new LinkedHashMap<>(missing));
      note += "; missing pods (not in these numbers): " + missing.keySet();
    }
    parallel.put("note", note);
    Scenario.Load load0 = first.scenario().load();
    Scenario.LoadStandardized s0 = load0.standardized();
    Scenario.LoadStandardized standardized =
        new Scenario.LoadStandardized(
            s0.tool(),
            s0.toolVersion(),
            reports.size(),
            s0.source(),
            s0.stage(),
            s0.inputSeqLen(),
            s0.outputSeqLen(),
            s0.prefix(),
            s0.multiTurn(),
            rs.stream().allMatch(r -> rate(r) != null)
                ? rs.stream().mapToDouble(PodMerge::rate).sum()
                : null,
            concurrency(rs));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("parallel", parallel);
    if (load0.nativeConfig() != null && load0.nativeConfig().config() != null) {
      config.put("pod_config", load0.nativeConfig().config());
    }
    Scenario.Native nativeConfig =
        new Scenario.Native(
            load0.nativeConfig() == null ? null : load0.nativeConfig().args(),
            load0.nativeConfig() == null ? null : load0.nativeConfig().envars(),
            config);
    Scenario scenario =
        new Scenario(
            first.scenario().stack(),
            new Scenario.Load(load0.metadata(), standardized, nativeConfig));
    return new BenchmarkReport(
        BenchmarkReport.VERSION,
        new BenchmarkReport.Run(
            UUID.randomUUID().toString(),
            first.run().eid(),
            first.run().cid(),
            null,
            time(rs),
            first.run().user(),
            first.run().description(),
            first.run().keywords()),
        scenario,
        Results.of(new Results.Aggregate(requests, latency, throughput)));
  }

  private static Double rate(BenchmarkReport r) {
    return r.scenario().load().standardized().rateQps();
  }

  private static Concurrency concurrency(List<BenchmarkReport> rs) {
    long sum = 0;
    for (BenchmarkReport r : rs) {
      Concurrency c = r.scenario().load().standardized().concurrency();
      if (c == null) {
        return null;
      }
      if (c.unbounded()) {
        return Concurrency.UNBOUNDED;
      }
      sum += c.value();
    }
    return Concurrency.of(sum);
  }

  private static BenchmarkReport.RunTime time(List<BenchmarkReport> rs) {
    Instant start = null;
    Instant end = null;
    for (BenchmarkReport r : rs) {
      BenchmarkReport.RunTime t = r.run().time();
      if (t == null || t.start() == null || t.end() == null) {
        return null;
      }
      Instant s = Instant.parse(t.start());
      Instant e = Instant.parse(t.end());
      start = start == null || s.isBefore(start) ? s : start;
      end = end == null || e.isAfter(end) ? e : end;
    }
    return start == null
        ? null
        : new BenchmarkReport.RunTime(
            start.toString(),
            end.toString(),
            "PT" + Duration.between(start, end).toNanos() / 1e9 + "S");
  }

  private static long sumLong(List<BenchmarkReport> rs, Function<Results.Aggregate, Long> f) {
    Long s = sumLongOrNull(rs, f);
    return s == null ? 0 : s;
  }

  private static Long sumLongOrNull(List<BenchmarkReport> rs, Function<Results.Aggregate, Long> f) {
    Long sum = null;
    for (BenchmarkReport r : rs) {
      Long v = f.apply(r.results().requestPerformance().aggregate());
      if (v != null) {
        sum = (sum == null ? 0 : sum) + v;
      }
    }
    return sum;
  }

  /** Rates of pods running at the same time add up. */
  private static Statistics sumMeans(
      List<BenchmarkReport> rs, Function<Results.Throughput, Statistics> f) {
    Units units = null;
    double sum = 0;
    for (BenchmarkReport r : rs) {
      Results.Throughput t = r.results().requestPerformance().aggregate().throughput();
      Statistics s = t == null ? null : f.apply(t);
      if (s == null || s.mean() == null) {
        return null;
      }
      units = s.units();
      sum += s.mean();
    }
    return Statistics.mean(sum, units);
  }

  /** The mean over every successful request of the pods: their means weighted by successes. */
  private static Statistics weighted(
      List<BenchmarkReport> rs, Function<Results.Aggregate, Statistics> f) {
    double sum = 0;
    double weight = 0;
    Units units = null;
    for (BenchmarkReport r : rs) {
      Results.Aggregate a = r.results().requestPerformance().aggregate();
      Statistics s = f.apply(a);
      if (s == null || s.mean() == null) {
        return null;
      }
      if (units != null && units != s.units()) {
        return null;
      }
      units = s.units();
      long ok =
          a.requests() == null || a.requests().total() == null
              ? 1
              : a.requests().total()
                  - (a.requests().failures() == null ? 0 : a.requests().failures());
      sum += s.mean() * ok;
      weight += ok;
    }
    return weight == 0 ? null : Statistics.mean(sum / weight, units);
  }

  private static Statistics stats(
      List<RequestRecord> rs, ToDoubleFunction<RequestRecord> f, Units units, double scale) {
    double[] v = new double[rs.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(rs.get(i)) * scale;
    }
    return Statistics.of(v, units);
  }

  /**
   * A statistic over the records, in the units the pods' reports use (seconds are scaled to ms
   * where they use ms); left out when the pods' reports have none.
   */
  private static Statistics like(
      Statistics template, List<RequestRecord> rs, Function<RequestRecord, Double> seconds) {
    if (template == null) {
      return null;
    }
    double scale = scale(template.units());
    double[] v = new double[rs.size()];
    int n = 0;
    for (RequestRecord r : rs) {
      Double x = seconds.apply(r);
      if (x != null) {
        v[n++] = x * scale;
      }
    }
    return Statistics.of(v, n, template.units());
  }

  /** Inter-token latency over every gap of every request, when each record carries its gaps. */
  private static Statistics gaps(Statistics template, List<RequestRecord> rs) {
    if (template == null || rs.stream().anyMatch(r -> r.gaps() == null)) {
      return null;
    }
    double scale = scale(template.units());
    int n = rs.stream().mapToInt(r -> r.gaps().length).sum();
    double[] v = new double[n];
    int i = 0;
    for (RequestRecord r : rs) {
      for (double g : r.gaps()) {
        v[i++] = g * scale;
      }
    }
    return Statistics.of(v, n, template.units());
  }

  private static double scale(Units units) {
    return units == Units.MS || units == Units.MS_PER_TOKEN ? 1000 : 1;
  }
}
