package ai.llmd.bench.examples.bench;

import ai.llmd.bench.harness.loadgen.DataSpec;
import ai.llmd.bench.harness.loadgen.LoadGenerator;
import ai.llmd.bench.harness.loadgen.LoadgenResult;
import ai.llmd.bench.harness.loadgen.Stage;
import ai.llmd.bench.harness.loadgen.TokenLength;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Capacity: the load generator's completed requests per second against a fixed server (nginx
 * returning a canned streamed completion), compared with wrk at the same concurrency, alternating
 * runs, medians. Started by {@code bench/loadgen-capacity.sh}, which installs and starts nginx and
 * wrk.
 *
 * <p>Arguments: endpoint, concurrency, seconds per run, runs, load generator I/O threads (default
 * 1, as wrk -t1).
 */
public final class LoadgenCapacityBenchmark {
  private static final Pattern WRK_RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

  private LoadgenCapacityBenchmark() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:18080");
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int ioThreads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    Path lua = Files.createTempFile("wrk-post", ".lua");
    Files.writeString(
        lua,
        "wrk.method = \"POST\"\n"
            + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
            + "wrk.body = '{\"model\":\"m\",\"prompt\":\"token model cache prefix batch queue route serve\","
            + "\"max_tokens\":8,\"stream\":true}'\n");
    double[] wrk = new double[runs];
    double[] loadgen = new double[runs];
    // one warm-up of each, not counted
    wrk(endpoint, concurrency, 2, lua);
    loadgen(endpoint, concurrency, 2, ioThreads);
    for (int i = 0; i < runs; i++) {
      wrk[i] = wrk(endpoint, concurrency, seconds, lua);
      loadgen[i] = loadgen(endpoint, concurrency, seconds, ioThreads);
      System.out.println(
          Measure.f("run %d: wrk %.0f req/s, loadgen %.0f req/s", i + 1, wrk[i], loadgen[i]));
    }
    double w = Measure.median(wrk);
    double l = Measure.median(loadgen);
    System.out.println(
        Measure.f(
            "median at concurrency %d: wrk %.0f req/s, loadgen %.0f req/s, ratio %.2f (targets: ratio >= 0.5 and >= 10000 req/s)",
            concurrency, w, l, l / w));
    Files.deleteIfExists(lua);
  }

  private static double wrk(URI endpoint, int concurrency, int seconds, Path lua)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "wrk",
                "-t1",
                "-c" + concurrency,
                "-d" + seconds + "s",
                "-s",
                lua.toString(),
                endpoint.resolve("/v1/completions").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + out);
    }
    Matcher m = WRK_RATE.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no Requests/sec in wrk output:\n" + out);
    }
    return Double.parseDouble(m.group(1));
  }

  private static double loadgen(URI endpoint, int concurrency, int seconds, int ioThreads)
      throws IOException {
    Path dir = Files.createTempDirectory("loadgen-capacity");
    try {
      LoadgenResult r =
          LoadGenerator.builder()
              .endpoint(endpoint)
              .model("m")
              .data(DataSpec.random(TokenLength.fixed(8), TokenLength.fixed(8)))
              .ioThreads(ioThreads)
              .stage(Stage.concurrency(concurrency, Duration.ofSeconds(seconds)))
              .build()
              .run(dir);
      var s = r.stages().get(0);
      if (s.failed() > 0) {
        throw new IllegalStateException("loadgen saw failures: " + s.errors());
      }
      return s.completed() / (double) seconds;
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }
}
