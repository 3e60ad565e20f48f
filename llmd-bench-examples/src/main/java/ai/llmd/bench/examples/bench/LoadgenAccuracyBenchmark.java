package ai.llmd.bench.examples.bench;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.loadgen.DataSpec;
import ai.llmd.bench.harness.loadgen.LoadGenerator;
import ai.llmd.bench.harness.loadgen.LoadgenResult;
import ai.llmd.bench.harness.loadgen.Stage;
import ai.llmd.bench.harness.loadgen.TokenLength;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.report.Results;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Accuracy and memory of the load generator against the simulator, in one JVM:
 *
 * <ul>
 *   <li>at 500 requests/s against a simulator with a fixed time to first token (20 ms) and
 *       inter-token latency (5 ms), the measured medians minus the configured values (target:
 *       within 0.5 ms);
 *   <li>the schedule delay p99 of a 2,000 requests/s constant-rate stage (target: at most 1 ms);
 *   <li>the heap after a 10 s and a 30 s stage at 2,000 requests/s (per-request records go to disk,
 *       so it should not grow with the length of the run).
 * </ul>
 *
 * <p>Arguments: runs (default 3), seconds per accuracy run (default 10). Run with {@code
 * bench/loadgen-accuracy.sh}.
 */
public final class LoadgenAccuracyBenchmark {
  private LoadgenAccuracyBenchmark() {}

  public static void main(String[] args) throws IOException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    double[] ttftError = new double[runs];
    double[] itlError = new double[runs];
    double[] delayP99 = new double[runs];
    try (Simulator sim =
        Simulator.builder()
            .timeToFirstToken(Duration.ofMillis(20))
            .interTokenLatency(Duration.ofMillis(5))
            .maxConcurrency(4096)
            .start()) {
      for (int i = 0; i < runs; i++) {
        Path dir = Files.createTempDirectory("loadgen-accuracy");
        LoadgenResult r = run(sim, 500, seconds, 16, dir);
        Results.Latency lat =
            Harnesses.get("loadgen")
                .transformer()
                .transform(dir)
                .get(0)
                .results()
                .requestPerformance()
                .aggregate()
                .latency();
        ttftError[i] = lat.timeToFirstToken().p50() - 20;
        itlError[i] = lat.interTokenLatency().p50() - 5;
        delete(dir);
        System.out.println(
            Measure.f(
                "run %d at 500 req/s (achieved %.1f): TTFT p50 %.3f ms (error %+.3f), ITL p50 %.3f ms (error %+.3f)",
                i + 1,
                r.stages().get(0).achievedRate(),
                lat.timeToFirstToken().p50(),
                ttftError[i],
                lat.interTokenLatency().p50(),
                itlError[i]));
      }
    }
    try (Simulator fast =
        Simulator.builder()
            .timeToFirstToken(Duration.ofMillis(1))
            .interTokenLatency(Duration.ZERO)
            .maxConcurrency(4096)
            .start()) {
      for (int i = 0; i < runs; i++) {
        Path dir = Files.createTempDirectory("loadgen-delay");
        LoadgenResult r = run(fast, 2000, seconds, 1, dir);
        delayP99[i] = r.stages().get(0).scheduleDelayP99Ms();
        delete(dir);
        System.out.println(
            Measure.f(
                "run %d at 2000 req/s: achieved %.1f, schedule delay p50 %.3f ms, p99 %.3f ms, failures %d",
                i + 1,
                r.stages().get(0).achievedRate(),
                r.stages().get(0).scheduleDelayP50Ms(),
                delayP99[i],
                r.stages().get(0).failed()));
      }
      double[] heap = new double[2];
      int[] lengths = {10, 30};
      for (int i = 0; i < 2; i++) {
        Path dir = Files.createTempDirectory("loadgen-memory");
        run(fast, 2000, lengths[i], 1, dir);
        System.gc();
        heap[i] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        long lines;
        try (Stream<String> l = Files.lines(dir.resolve("stage_0_requests.csv"))) {
          lines = l.count() - 1;
        }
        delete(dir);
        System.out.println(
            Measure.f(
                "memory: %d s at 2000 req/s, %d request records on disk, heap after GC %.1f MiB",
                lengths[i], lines, heap[i]));
      }
    }
    System.out.println(
        Measure.f(
            "median over %d runs: TTFT error %+.3f ms, ITL error %+.3f ms (target |error| <= 0.5 ms); schedule delay p99 at 2000 req/s %.3f ms (target <= 1 ms)",
            runs, Measure.median(ttftError), Measure.median(itlError), Measure.median(delayP99)));
  }

  private static LoadgenResult run(
      Simulator sim, double rate, int seconds, int outputTokens, Path dir) {
    return LoadGenerator.builder()
        .endpoint(sim.endpoint())
        .model(sim.model())
        .data(DataSpec.random(TokenLength.fixed(32), TokenLength.fixed(outputTokens)))
        .warmup(Duration.ofSeconds(1))
        .stage(Stage.rate(rate, Duration.ofSeconds(seconds)))
        .build()
        .run(dir);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
