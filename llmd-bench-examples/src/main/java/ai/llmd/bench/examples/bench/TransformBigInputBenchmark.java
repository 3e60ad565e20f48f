package ai.llmd.bench.examples.bench;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.report.BenchmarkReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Big inputs: generates a guidellm (schema v2) report of about 1 GB with per-request records, then
 * times the guidellm transformer against a baseline measured in the same run, a bare Jackson
 * streaming pass over the same file (every token read, nothing kept). Run with a small heap to show
 * memory does not grow with the number of requests:
 *
 * <pre>
 * llmd-bench-examples/bench/transform-big-input.sh            # java -Xmx256m ... [sizeMiB] [runs]
 * </pre>
 */
public final class TransformBigInputBenchmark {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private TransformBigInputBenchmark() {}

  public static void main(String[] args) throws IOException {
    long targetBytes = (args.length > 0 ? Long.parseLong(args[0]) : 1024) * 1024 * 1024;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("llmd-bench-big");
    Path file = dir.resolve("benchmarks.json");
    try {
      long t0 = System.nanoTime();
      long requests = generate(file, targetBytes);
      long size = Files.size(file);
      System.out.println(
          Measure.f(
              "Generated %s: %.0f MiB, %d per-request records in 4 benchmarks (%.1f s); max heap %d MiB",
              file,
              size / 1048576.0,
              requests,
              (System.nanoTime() - t0) / 1e9,
              Runtime.getRuntime().maxMemory() / 1048576));
      ResultTransformer transformer = Harnesses.get("guidellm").transformer();
      double[] bare = new double[runs];
      double[] transform = new double[runs];
      double[] barePeak = new double[runs];
      double[] transformPeak = new double[runs];
      for (int i = 0; i < runs; i++) {
        Measure.resetHeapPeak();
        long s = System.nanoTime();
        long tokens = barePass(file);
        bare[i] = (System.nanoTime() - s) / 1e9;
        barePeak[i] = Measure.heapPeakMiB();

        Measure.resetHeapPeak();
        s = System.nanoTime();
        List<BenchmarkReport> reports = transformer.transform(file);
        transform[i] = (System.nanoTime() - s) / 1e9;
        transformPeak[i] = Measure.heapPeakMiB();
        System.out.println(
            Measure.f(
                "run %d: bare pass %.2f s (%d tokens, peak heap %.0f MiB) | transform %.2f s (%d reports, peak heap %.0f MiB)",
                i + 1,
                bare[i],
                tokens,
                barePeak[i],
                transform[i],
                reports.size(),
                transformPeak[i]));
      }
      double mib = size / 1048576.0;
      double bareMedian = Measure.median(bare);
      double transformMedian = Measure.median(transform);
      System.out.println(
          Measure.f(
              "median: bare pass %.1f MiB/s, transform %.1f MiB/s, ratio %.2f (target >= 0.70); peak heap median bare %.0f MiB, transform %.0f MiB",
              mib / bareMedian,
              mib / transformMedian,
              bareMedian / transformMedian,
              Measure.median(barePeak),
              Measure.median(transformPeak)));
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /**
   * Reads every token of the file and keeps nothing: the cost floor of any streaming conversion.
   */
  static long barePass(Path file) {
    long tokens = 0;
    try (JsonParser p = JSON.createParser(file.toFile())) {
      while (p.nextToken() != null) {
        tokens++;
      }
    }
    return tokens;
  }

  /**
   * Writes a schema-v2 guidellm report with full request records until the file reaches {@code
   * targetBytes}.
   */
  static long generate(Path file, long targetBytes) throws IOException {
    SplittableRandom r = new SplittableRandom(42);
    int benchmarks = 4;
    long perBenchmark = targetBytes / benchmarks;
    long written = 0;
    try (JsonGenerator g =
        JSON.createGenerator(file.toFile(), tools.jackson.core.JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeName("metadata");
      g.writeStartObject();
      g.writeNumberProperty("version", 2);
      g.writeStringProperty("guidellm_version", "0.8.0");
      g.writeEndObject();
      g.writeName("config");
      g.writeStartObject();
      g.writeName("spec");
      g.writeStartObject();
      g.writeName("data");
      g.writeStartArray();
      g.writeStartObject();
      g.writeStringProperty("kind", "synthetic_text");
      g.writeNumberProperty("prompt_tokens", 256);
      g.writeNumberProperty("output_tokens", 128);
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeName("benchmarks");
      g.writeStartArray();
      for (int b = 0; b < benchmarks; b++) {
        g.writeStartObject();
        g.writeStringProperty("type_", "generative_benchmark");
        g.writeName("config");
        g.writeStartObject();
        g.writeName("strategy");
        g.writeStartObject();
        g.writeStringProperty("type_", "constant");
        g.writeNumberProperty("rate", 2.0 * (b + 1));
        g.writeEndObject();
        g.writeEndObject();
        g.writeNumberProperty("start_time", 1786678148.25 + b * 100);
        g.writeNumberProperty("end_time", 1786678248.25 + b * 100);
        g.writeNumberProperty("duration", 100.0);
        // requests first, as guidellm writes them, so the metrics come after the bulk
        g.writeName("requests");
        g.writeStartObject();
        g.writeName("successful");
        g.writeStartArray();
        long count = 0;
        do {
          request(g, r, count);
          written++;
          count++;
          if (count % 1000 == 0) {
            g.flush();
          }
        } while (count % 1000 != 0 || Files.size(file) < perBenchmark * (b + 1));
        g.writeEndArray();
        g.writeName("errored");
        g.writeStartArray();
        g.writeEndArray();
        g.writeName("incomplete");
        g.writeStartArray();
        g.writeEndArray();
        g.writeEndObject();
        g.writeName("metrics");
        g.writeStartObject();
        g.writeName("request_totals");
        g.writeStartObject();
        g.writeNumberProperty("successful", count);
        g.writeNumberProperty("errored", 0);
        g.writeNumberProperty("incomplete", 0);
        g.writeNumberProperty("total", count);
        g.writeEndObject();
        for (String metric :
            new String[] {
              "time_to_first_token_ms", "inter_token_latency_ms", "time_per_output_token_ms",
                  "request_latency",
              "prompt_token_count", "output_token_count", "requests_per_second",
                  "output_tokens_per_second",
              "tokens_per_second", "prompt_tokens_per_second"
            }) {
          distribution(g, metric, r);
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return written;
  }

  private static void request(JsonGenerator g, SplittableRandom r, long i) {
    g.writeStartObject();
    g.writeStringProperty("type_", "generative_request_stats");
    g.writeStringProperty("request_id", Long.toHexString(r.nextLong()) + "-" + i);
    g.writeStringProperty("request_type", "text_completions");
    g.writeStringProperty(
        "prompt", "token model cache prefix batch queue route serve score decode fill pod node");
    g.writeStringProperty(
        "output", "the model answers with tokens of simulated text for benchmarks and tests");
    g.writeNumberProperty("prompt_tokens", 256);
    g.writeNumberProperty("output_tokens", 128);
    g.writeNumberProperty("start_time", 1786678148.25 + r.nextDouble() * 100);
    g.writeNumberProperty("end_time", 1786678149.25 + r.nextDouble() * 100);
    g.writeNumberProperty("first_token_time", 1786678148.30 + r.nextDouble() * 100);
    g.writeNumberProperty("time_to_first_token_ms", 20 + r.nextDouble() * 10);
    g.writeNumberProperty("inter_token_latency_ms", 5 + r.nextDouble());
    g.writeNumberProperty("request_latency", 0.6 + r.nextDouble() * 0.1);
    g.writeEndObject();
  }

  private static void distribution(JsonGenerator g, String name, SplittableRandom r) {
    g.writeName(name);
    g.writeStartObject();
    for (String status : new String[] {"successful", "errored", "incomplete", "total"}) {
      g.writeName(status);
      g.writeStartObject();
      double mean = 10 + r.nextDouble();
      g.writeNumberProperty("mean", mean);
      g.writeNumberProperty("median", mean);
      g.writeNumberProperty("mode", mean);
      g.writeNumberProperty("variance", 1.0);
      g.writeNumberProperty("std_dev", 1.0);
      g.writeNumberProperty("min", mean - 2);
      g.writeNumberProperty("max", mean + 2);
      g.writeNumberProperty("count", 100);
      g.writeNumberProperty("total_sum", mean * 100);
      g.writeName("percentiles");
      g.writeStartObject();
      for (String p :
          new String[] {
            "p001", "p01", "p05", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "p999"
          }) {
        g.writeNumberProperty(p, mean);
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
