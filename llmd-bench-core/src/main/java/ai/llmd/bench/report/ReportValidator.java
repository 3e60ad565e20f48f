package ai.llmd.bench.report;

import ai.llmd.bench.report.Results.Aggregate;
import ai.llmd.bench.report.Results.ObservedComponent;
import ai.llmd.bench.report.Scenario.Component;
import ai.llmd.bench.report.Scenario.LoadStandardized;
import ai.llmd.bench.report.Scenario.SequenceLength;
import ai.llmd.bench.report.Units.UnitClass;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the rules of the 0.2.1 model that the JSON Schema does not (or cannot) express. */
final class ReportValidator {
  private static final Set<String> HOST_TYPES = Set.of("replica", "prefill", "decode");
  private static final Set<String> SOURCES = Set.of("random", "sampled", "unknown");
  private static final Set<String> DISTRIBUTIONS = Set.of("fixed", "gaussian", "uniform", "other");

  private static final String NUM = "\\d+(?:[.,]\\d+)?";
  private static final Pattern ISO_DURATION =
      Pattern.compile(
          "P(?!$)("
              + NUM
              + "Y)?("
              + NUM
              + "M)?("
              + NUM
              + "W)?("
              + NUM
              + "D)?(T(?=\\d)("
              + NUM
              + "H)?("
              + NUM
              + "M)?("
              + NUM
              + "S)?)?");

  private final List<String> violations = new ArrayList<>();

  List<String> check(BenchmarkReport r) {
    if (!BenchmarkReport.VERSION.equals(r.version())) {
      add("$.version", "must be \"" + BenchmarkReport.VERSION + "\", was " + quote(r.version()));
    }
    if (r.run() == null) {
      add("$.run", "is required");
    } else {
      checkRun(r.run());
    }
    Set<String> labels = new HashSet<>();
    if (r.scenario() != null) {
      checkScenario(r.scenario(), labels);
    }
    if (r.results() == null) {
      add("$.results", "is required");
    } else {
      checkResults(
          r.results(), r.scenario() != null && r.scenario().stack() != null ? labels : null);
    }
    return violations;
  }

  private void checkRun(BenchmarkReport.Run run) {
    if (run.uid() == null || run.uid().isBlank()) {
      add("$.run.uid", "is required");
    }
    if (run.time() != null) {
      dateTime("$.run.time.start", run.time().start());
      dateTime("$.run.time.end", run.time().end());
      if (run.time().duration() != null) {
        if (!ISO_DURATION.matcher(run.time().duration()).matches()) {
          add(
              "$.run.time.duration",
              "must be an ISO-8601 duration, was " + quote(run.time().duration()));
        }
      }
    }
  }

  private void checkScenario(Scenario s, Set<String> labels) {
    if (s.stack() != null) {
      for (int i = 0; i < s.stack().size(); i++) {
        checkComponent("$.scenario.stack[" + i + "]", s.stack().get(i), labels);
      }
    }
    if (s.load() != null) {
      String p = "$.scenario.load";
      if (s.load().metadata() == null) {
        add(p + ".metadata", "is required");
      }
      if (s.load().nativeConfig() == null) {
        add(p + ".native", "is required");
      }
      if (s.load().standardized() == null) {
        add(p + ".standardized", "is required");
      } else {
        checkLoad(p + ".standardized", s.load().standardized());
      }
    }
  }

  private void checkComponent(String p, Component c, Set<String> labels) {
    if (c.metadata() == null) {
      add(p + ".metadata", "is required");
    } else {
      required(p + ".metadata.label", c.metadata().label());
      required(p + ".metadata.cfg_id", c.metadata().cfgId());
      if (c.metadata().label() != null && !labels.add(c.metadata().label())) {
        add(p + ".metadata.label", "duplicate label " + quote(c.metadata().label()));
      }
    }
    if (c.nativeConfig() == null) {
      add(p + ".native", "is required");
    }
    Scenario.Standardized st = c.standardized();
    if (st == null) {
      add(p + ".standardized", "is required");
      return;
    }
    required(p + ".standardized.tool", st.tool());
    required(p + ".standardized.tool_version", st.toolVersion());
    if ("inference_engine".equals(st.kind())) {
      if (!st.extra().isEmpty()) {
        add(
            p + ".standardized",
            "an inference_engine allows no extra keys, found " + st.extra().keySet());
      }
      if (st.role() == null || !HOST_TYPES.contains(st.role())) {
        add(p + ".standardized.role", "must be one of " + HOST_TYPES + ", was " + quote(st.role()));
      }
      if (st.replicas() == null || st.replicas() < 1) {
        add(p + ".standardized.replicas", "must be >= 1, was " + st.replicas());
      }
      if (st.model() == null || st.model().name() == null) {
        add(p + ".standardized.model.name", "is required");
      }
      Scenario.Accelerator a = st.accelerator();
      if (a == null) {
        add(p + ".standardized.accelerator", "is required");
      } else {
        required(p + ".standardized.accelerator.model", a.model());
        if (a.count() == null || a.count() < 0) {
          add(p + ".standardized.accelerator.count", "must be >= 0, was " + a.count());
        }
        Scenario.Parallelism par = a.parallelism();
        if (par == null) {
          add(p + ".standardized.accelerator.parallelism", "is required");
        } else {
          String pp = p + ".standardized.accelerator.parallelism";
          atLeast(pp + ".tp", par.tp(), 0);
          atLeast(pp + ".dp", par.dp(), 0);
          atLeast(pp + ".dp_local", par.dpLocal(), 0);
          atLeast(pp + ".workers", par.workers(), 0);
          atLeast(pp + ".ep", par.ep(), 1);
          atLeast(pp + ".pp", par.pp(), 1);
        }
      }
    } else if (!"generic".equals(st.kind())) {
      add(p + ".standardized.kind", "must be generic or inference_engine, was " + quote(st.kind()));
    }
  }

  private void checkLoad(String p, LoadStandardized l) {
    required(p + ".tool", l.tool());
    required(p + ".tool_version", l.toolVersion());
    if (l.source() == null || !SOURCES.contains(l.source())) {
      add(p + ".source", "must be one of " + SOURCES + ", was " + quote(l.source()));
    }
    atLeast(p + ".parallelism", l.parallelism(), 1);
    atLeast(p + ".stage", l.stage(), 0);
    if (l.inputSeqLen() == null) {
      add(p + ".input_seq_len", "is required");
    } else {
      sequenceLength(p + ".input_seq_len", l.inputSeqLen());
    }
    if (l.outputSeqLen() != null) {
      sequenceLength(p + ".output_seq_len", l.outputSeqLen());
    }
    if (l.prefix() != null) {
      if (l.prefix().prefixLen() == null) {
        add(p + ".prefix.prefix_len", "is required");
      } else {
        sequenceLength(p + ".prefix.prefix_len", l.prefix().prefixLen());
      }
      requiredAtLeast(p + ".prefix.num_groups", l.prefix().numGroups(), 1);
      requiredAtLeast(p + ".prefix.num_users_per_group", l.prefix().numUsersPerGroup(), 1);
      requiredAtLeast(p + ".prefix.num_prefixes", l.prefix().numPrefixes(), 1);
    }
    if (l.multiTurn() != null && l.multiTurn().maxTurns() != null) {
      sequenceLength(p + ".multi_turn.max_turns", l.multiTurn().maxTurns());
    }
    if (l.rateQps() != null && !(l.rateQps() > 0)) {
      add(p + ".rate_qps", "must be > 0, was " + l.rateQps());
    }
    if (l.concurrency() != null && l.concurrency().value() < 1) {
      add(p + ".concurrency", "must be >= 1 or .inf, was " + l.concurrency().value());
    }
  }

  private void sequenceLength(String p, SequenceLength s) {
    if (s.distribution() == null || !DISTRIBUTIONS.contains(s.distribution())) {
      add(
          p + ".distribution",
          "must be one of " + DISTRIBUTIONS + ", was " + quote(s.distribution()));
    }
    if (s.value() == null) {
      add(p + ".value", "is required");
    } else if (s.value().doubleValue() < 0) {
      add(p + ".value", "must be >= 0, was " + s.value());
    }
    if (s.stdDev() != null && s.stdDev() < 0) {
      add(p + ".std_dev", "must be >= 0, was " + s.stdDev());
    }
    atLeast(p + ".min", s.min(), 0);
    atLeast(p + ".max", s.max(), 1);
  }

  private void checkResults(Results r, Set<String> labels) {
    if (r.requestPerformance() != null) {
      Aggregate a = r.requestPerformance().aggregate();
      String p = "$.results.request_performance.aggregate";
      if (a != null) {
        checkAggregate(p, a);
      }
      Results.TimeSeries ts = r.requestPerformance().timeSeries();
      if (ts != null) {
        String tp = "$.results.request_performance.time_series";
        if (ts.latency() != null) {
          var l = ts.latency();
          series(tp + ".latency.time_to_first_token", l.timeToFirstToken(), UnitClass.TIME);
          series(tp + ".latency.request_latency", l.requestLatency(), UnitClass.TIME);
          series(
              tp + ".latency.normalized_time_per_output_token",
              l.normalizedTimePerOutputToken(),
              UnitClass.GEN_LATENCY);
          series(
              tp + ".latency.time_per_output_token", l.timePerOutputToken(), UnitClass.GEN_LATENCY);
          series(tp + ".latency.inter_token_latency", l.interTokenLatency(), UnitClass.GEN_LATENCY);
        }
        if (ts.throughput() != null) {
          var t = ts.throughput();
          series(tp + ".throughput.input_token_rate", t.inputTokenRate(), UnitClass.GEN_THROUGHPUT);
          series(
              tp + ".throughput.output_token_rate", t.outputTokenRate(), UnitClass.GEN_THROUGHPUT);
          series(tp + ".throughput.total_token_rate", t.totalTokenRate(), UnitClass.GEN_THROUGHPUT);
          series(tp + ".throughput.request_rate", t.requestRate(), UnitClass.REQUEST_THROUGHPUT);
        }
      }
    }
    if (r.sessionPerformance() != null && r.sessionPerformance().sessions() != null) {
      var s = r.sessionPerformance().sessions();
      String p = "$.results.session_performance.sessions";
      if (s.total() == null) {
        add(p + ".total", "is required");
      }
      nonNegative(p + ".total", s.total());
      nonNegative(p + ".succeeded", s.succeeded());
      nonNegative(p + ".failed", s.failed());
      nonNegative(p + ".total_events", s.totalEvents());
      nonNegative(p + ".total_events_completed", s.totalEventsCompleted());
      nonNegative(p + ".total_events_cancelled", s.totalEventsCancelled());
      stats(p + ".session_rate", s.sessionRate(), UnitClass.REQUEST_THROUGHPUT);
      stats(p + ".session_duration", s.sessionDuration(), UnitClass.TIME);
      stats(p + ".events_per_session", s.eventsPerSession(), UnitClass.QUANTITY);
      stats(p + ".events_cancelled_per_session", s.eventsCancelledPerSession(), UnitClass.QUANTITY);
      stats(p + ".input_tokens_per_session", s.inputTokensPerSession(), UnitClass.QUANTITY);
      stats(p + ".output_tokens_per_session", s.outputTokensPerSession(), UnitClass.QUANTITY);
    }
    if (r.observability() != null) {
      checkObservability(r.observability(), labels);
    }
    if (r.componentHealth() != null) {
      for (int i = 0; i < r.componentHealth().size(); i++) {
        var h = r.componentHealth().get(i);
        String p = "$.results.component_health[" + i + "]";
        required(p + ".component_label", h.componentLabel());
        label(p + ".component_label", h.componentLabel(), labels);
        nonNegative(p + ".total_restarts", h.totalRestarts());
        nonNegative(p + ".failed_replicas", h.failedReplicas());
        if (h.replicaHealth() != null) {
          for (int j = 0; j < h.replicaHealth().size(); j++) {
            required(
                p + ".replica_health[" + j + "].replica_id", h.replicaHealth().get(j).replicaId());
            nonNegative(
                p + ".replica_health[" + j + "].restarts", h.replicaHealth().get(j).restarts());
          }
        }
      }
    }
  }

  private void checkAggregate(String p, Aggregate a) {
    if (a.requests() != null) {
      var q = a.requests();
      if (q.total() == null) {
        add(p + ".requests.total", "is required");
      }
      nonNegative(p + ".requests.total", q.total());
      nonNegative(p + ".requests.failures", q.failures());
      nonNegative(p + ".requests.incomplete", q.incomplete());
      stats(p + ".requests.input_length", q.inputLength(), UnitClass.QUANTITY);
      stats(p + ".requests.output_length", q.outputLength(), UnitClass.QUANTITY);
      stats(p + ".requests.request_size", q.requestSize(), UnitClass.MEMORY);
      if (q.multimodal() != null) {
        media(p + ".requests.multimodal.image", q.multimodal().image());
        media(p + ".requests.multimodal.video", q.multimodal().video());
        media(p + ".requests.multimodal.audio", q.multimodal().audio());
      }
    }
    if (a.latency() != null) {
      var l = a.latency();
      stats(p + ".latency.time_to_first_token", l.timeToFirstToken(), UnitClass.TIME);
      stats(
          p + ".latency.normalized_time_per_output_token",
          l.normalizedTimePerOutputToken(),
          UnitClass.GEN_LATENCY);
      stats(p + ".latency.time_per_output_token", l.timePerOutputToken(), UnitClass.GEN_LATENCY);
      stats(p + ".latency.inter_token_latency", l.interTokenLatency(), UnitClass.GEN_LATENCY);
      stats(p + ".latency.request_latency", l.requestLatency(), UnitClass.TIME);
    }
    if (a.throughput() != null) {
      var t = a.throughput();
      stats(p + ".throughput.input_token_rate", t.inputTokenRate(), UnitClass.GEN_THROUGHPUT);
      stats(p + ".throughput.output_token_rate", t.outputTokenRate(), UnitClass.GEN_THROUGHPUT);
      stats(p + ".throughput.total_token_rate", t.totalTokenRate(), UnitClass.GEN_THROUGHPUT);
      stats(p + ".throughput.request_rate", t.requestRate(), UnitClass.REQUEST_THROUGHPUT);
      stats(p + ".throughput.image_rate", t.imageRate(), UnitClass.MEDIA_THROUGHPUT);
      stats(p + ".throughput.video_rate", t.videoRate(), UnitClass.MEDIA_THROUGHPUT);
      stats(p + ".throughput.audio_rate", t.audioRate(), UnitClass.MEDIA_THROUGHPUT);
    }
  }

  private void media(String p, Results.Media m) {
    if (m == null) {
      return;
    }
    stats(p + ".count", m.count(), UnitClass.QUANTITY);
    stats(p + ".filesize", m.filesize(), UnitClass.MEMORY);
    stats(p + ".pixels", m.pixels(), UnitClass.QUANTITY);
    stats(p + ".aspect_ratio", m.aspectRatio(), UnitClass.RATIO);
    stats(p + ".frames", m.frames(), UnitClass.QUANTITY);
    stats(p + ".duration", m.duration(), UnitClass.TIME);
  }

  private void checkObservability(Results.Observability o, Set<String> labels) {
    String p = "$.results.observability";
    stats(p + ".drop_rate", o.dropRate(), UnitClass.PORTION);
    if (o.components() == null) {
      return;
    }
    for (int i = 0; i < o.components().size(); i++) {
      ObservedComponent c = o.components().get(i);
      String cp = p + ".components[" + i + "]";
      required(cp + ".component_label", c.componentLabel());
      label(cp + ".component_label", c.componentLabel(), labels);
      var a = c.aggregate();
      if (a != null) {
        String ap = cp + ".aggregate";
        stats(ap + ".kv_cache_usage", a.kvCacheUsage(), UnitClass.PORTION);
        stats(ap + ".cache_hit_rate", a.cacheHitRate(), UnitClass.PORTION);
        stats(ap + ".gpu_cache_usage", a.gpuCacheUsage(), UnitClass.PORTION);
        stats(ap + ".cpu_cache_usage", a.cpuCacheUsage(), UnitClass.PORTION);
        stats(ap + ".gpu_utilization", a.gpuUtilization(), UnitClass.PORTION);
        stats(ap + ".cpu_utilization", a.cpuUtilization(), UnitClass.PORTION);
        stats(ap + ".gpu_memory_usage", a.gpuMemoryUsage(), UnitClass.MEMORY);
        stats(ap + ".cpu_memory_usage", a.cpuMemoryUsage(), UnitClass.MEMORY);
        stats(ap + ".storage_usage", a.storageUsage(), UnitClass.MEMORY);
        stats(ap + ".power_consumption", a.powerConsumption(), UnitClass.POWER);
        stats(ap + ".running_requests", a.runningRequests(), UnitClass.QUANTITY);
        stats(ap + ".waiting_requests", a.waitingRequests(), UnitClass.QUANTITY);
        stats(ap + ".swapped_requests", a.swappedRequests(), UnitClass.QUANTITY);
        stats(ap + ".preemptions", a.preemptions(), UnitClass.QUANTITY);
      }
      var t = c.timeSeries();
      if (t != null) {
        String tp = cp + ".time_series";
        series(tp + ".kv_cache_usage", t.kvCacheUsage(), UnitClass.PORTION);
        series(tp + ".gpu_cache_usage", t.gpuCacheUsage(), UnitClass.PORTION);
        series(tp + ".cpu_cache_usage", t.cpuCacheUsage(), UnitClass.PORTION);
        series(tp + ".gpu_utilization", t.gpuUtilization(), UnitClass.PORTION);
        series(tp + ".cpu_utilization", t.cpuUtilization(), UnitClass.PORTION);
        series(tp + ".gpu_memory_usage", t.gpuMemoryUsage(), UnitClass.MEMORY);
        series(tp + ".cpu_memory_usage", t.cpuMemoryUsage(), UnitClass.MEMORY);
        series(tp + ".storage_usage", t.storageUsage(), UnitClass.MEMORY);
        series(tp + ".power_consumption", t.powerConsumption(), UnitClass.POWER);
        series(tp + ".num_requests_running", t.numRequestsRunning(), UnitClass.QUANTITY);
        series(tp + ".num_requests_waiting", t.numRequestsWaiting(), UnitClass.QUANTITY);
        series(tp + ".num_preemptions", t.numPreemptions(), UnitClass.QUANTITY);
        series(tp + ".prefix_cache_queries", t.prefixCacheQueries(), UnitClass.QUANTITY);
        series(tp + ".prefix_cache_hits", t.prefixCacheHits(), UnitClass.QUANTITY);
        series(
            tp + ".external_prefix_cache_queries",
            t.externalPrefixCacheQueries(),
            UnitClass.QUANTITY);
        series(tp + ".external_prefix_cache_hits", t.externalPrefixCacheHits(), UnitClass.QUANTITY);
        series(tp + ".prompt_tokens", t.promptTokens(), UnitClass.QUANTITY);
        series(tp + ".generation_tokens", t.generationTokens(), UnitClass.QUANTITY);
        series(tp + ".pool_avg_queue_size", t.poolAvgQueueSize(), UnitClass.QUANTITY);
        series(tp + ".pool_avg_running_requests", t.poolAvgRunningRequests(), UnitClass.QUANTITY);
        series(tp + ".pool_ready_pods", t.poolReadyPods(), UnitClass.QUANTITY);
        series(tp + ".prefix_cache_hit_rate", t.prefixCacheHitRate(), UnitClass.PORTION);
        series(
            tp + ".external_prefix_cache_hit_rate",
            t.externalPrefixCacheHitRate(),
            UnitClass.PORTION);
        series(
            tp + ".pool_avg_kv_cache_utilization",
            t.poolAvgKvCacheUtilization(),
            UnitClass.PORTION);
      }
    }
  }

  private void stats(String p, Statistics s, UnitClass allowed) {
    if (s == null) {
      return;
    }
    units(p, s.units(), allowed);
    if (s.mean() == null) {
      add(p + ".mean", "is required");
    }
    if (s.stddev() != null && s.stddev() < 0) {
      add(p + ".stddev", "must be >= 0, was " + s.stddev());
    }
    s.values()
        .forEach(
            (k, v) -> {
              if (v.isNaN() || v.isInfinite()) {
                add(p + "." + k, "must be a finite number, was " + v);
              }
            });
  }

  private void series(String p, TimeSeriesData d, UnitClass allowed) {
    if (d == null) {
      return;
    }
    units(p, d.units(), allowed);
    if (d.series() == null) {
      add(p + ".series", "is required");
      return;
    }
    for (int i = 0; i < d.series().size(); i++) {
      TimeSeriesData.Point pt = d.series().get(i);
      if (pt.ts() == null) {
        add(p + ".series[" + i + "].ts", "is required");
      } else {
        dateTime(p + ".series[" + i + "].ts", pt.ts());
      }
      if (pt.stddev() != null && pt.stddev() < 0) {
        add(p + ".series[" + i + "].stddev", "must be >= 0, was " + pt.stddev());
      }
    }
  }

  private void units(String p, Units units, UnitClass allowed) {
    if (units == null) {
      add(p + ".units", "is required");
    } else if (units.unitClass() != allowed) {
      add(p + ".units", "must be one of " + allowed.members() + " (" + allowed + "), was " + units);
    }
  }

  private void label(String p, String label, Set<String> labels) {
    if (labels != null && label != null && !labels.contains(label)) {
      add(
          p,
          "refers to no scenario.stack[].metadata.label: "
              + quote(label)
              + " (labels: "
              + labels
              + ")");
    }
  }

  private void dateTime(String p, String value) {
    if (value == null) {
      return;
    }
    try {
      OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      add(p, "must be an ISO-8601 date-time with offset, was " + quote(value));
    }
  }

  private void required(String p, String value) {
    if (value == null || value.isBlank()) {
      add(p, "is required");
    }
  }

  private void requiredAtLeast(String p, Integer value, int min) {
    if (value == null) {
      add(p, "is required");
    } else {
      atLeast(p, value, min);
    }
  }

  private void atLeast(String p, Integer value, int min) {
    if (value != null && value < min) {
      add(p, "must be >= " + min + ", was " + value);
    }
  }

  private void nonNegative(String p, Long value) {
    if (value != null && value < 0) {
      add(p, "must be >= 0, was " + value);
    }
  }

  private void add(String path, String rule) {
    violations.add(path + ": " + rule);
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
