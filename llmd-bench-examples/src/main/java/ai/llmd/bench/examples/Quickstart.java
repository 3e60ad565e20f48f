package ai.llmd.bench.examples;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.loadgen.DataSpec;
import ai.llmd.bench.harness.loadgen.LoadGenerator;
import ai.llmd.bench.harness.loadgen.LoadgenResult;
import ai.llmd.bench.harness.loadgen.Progress;
import ai.llmd.bench.harness.loadgen.Stage;
import ai.llmd.bench.harness.loadgen.StageResult;
import ai.llmd.bench.harness.loadgen.TokenLength;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.record.ExperimentRecord;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Statistics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embedded default benchmark: no cluster, no Python. Starts the OpenAI-compatible simulator,
 * runs a three-stage rate sweep with the built-in load generator, converts the output into v0.2.1
 * benchmark reports and prints a summary.
 *
 * <pre>
 * mvn -q -B package -DskipTests exec:java -pl llmd-bench-examples -am     # about a minute
 * </pre>
 *
 * <p>Settings (system properties): {@code llmd.quickstart.stageSeconds} (default 20), {@code
 * llmd.quickstart.rates} (default {@code 20,50,100}), {@code llmd.quickstart.results} (default
 * {@code results/quickstart-<time>}).
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {
    int stageSeconds = Integer.getInteger("llmd.quickstart.stageSeconds", 20);
    String rates = System.getProperty("llmd.quickstart.rates", "20,50,100");
    Path results =
        Path.of(
            System.getProperty(
                "llmd.quickstart.results",
                "results/quickstart-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
    run(results, stageSeconds, rates, System.out);
  }

  /** Runs the quickstart into {@code results} and prints to {@code out}; returns the reports. */
  public static List<BenchmarkReport> run(
      Path results, int stageSeconds, String rates, PrintStream out) {
    try (Simulator sim =
        Simulator.builder()
            .model("llmd-bench/sim-0.6b")
            .timeToFirstToken(Duration.ofMillis(25))
            .interTokenLatency(Duration.ofMillis(8))
            .maxConcurrency(32)
            .start()) {
      out.printf(
          "Simulator at %s (TTFT 25 ms, ITL 8 ms, 32 concurrent sequences, about 117 req/s of 32-token answers)%n",
          sim.endpoint());
      LoadGenerator.Builder load =
          LoadGenerator.builder()
              .endpoint(sim.endpoint())
              .model(sim.model())
              .data(DataSpec.random(TokenLength.uniform(96, 160), TokenLength.fixed(32)))
              .warmup(Duration.ofSeconds(1))
              .progress(p -> printProgress(out, p));
      for (String rate : rates.split(",")) {
        load.stage(Stage.rate(Double.parseDouble(rate.trim()), Duration.ofSeconds(stageSeconds)));
      }
      LoadGenerator generator = load.build();
      out.printf("Running %s%n", generator.spec().stages());
      Instant start = Instant.now();
      LoadgenResult run = generator.run(results.resolve("raw"));
      List<BenchmarkReport> reports =
          Harnesses.get("loadgen")
              .transformer()
              .transform(run.directory(), results.resolve("reports"));
      writeRecord(results, run, start);
      printSummary(out, run, reports);
      out.printf(
          "%nRaw output: %s%nReports (v0.2.1): %s%nRecord: %s%n",
          run.directory().toAbsolutePath(),
          results.resolve("reports").toAbsolutePath(),
          results.resolve("record.yaml").toAbsolutePath());
      return reports;
    }
  }

  private static void writeRecord(Path results, LoadgenResult run, Instant start) {
    List<String> reportFiles;
    try (var files = Files.list(results.resolve("reports"))) {
      reportFiles = files.map(p -> results.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Object profile =
        Reports.jsonMapper().readTree(run.directory().resolve("loadgen.json").toFile());
    ExperimentRecord.builder(results.getFileName().toString())
        .start(start)
        .end(Instant.now())
        .workload(
            new ExperimentRecord.Workload(
                "loadgen",
                "quickstart",
                Reports.jsonMapper().convertValue(profile, Map.class),
                Map.of("executor", "in-process", "server", "simulator"),
                start,
                Instant.now(),
                results.relativize(run.directory()).toString(),
                reportFiles))
        .build()
        .write(results.resolve("record.yaml"));
  }

  private static void printProgress(PrintStream out, Progress p) {
    out.printf(
        Locale.ROOT,
        "  %s %5.1f/%.0f s  sent %6d  ok %6d  failed %4d  in flight %4d%n",
        p.stage() < 0 ? "warm-up  " : "stage " + (p.stage() + 1) + "/" + p.stages(),
        p.elapsed().toMillis() / 1000.0,
        p.duration().toMillis() / 1000.0,
        p.sent(),
        p.completed(),
        p.failed(),
        p.inFlight());
  }

  private static void printSummary(
      PrintStream out, LoadgenResult run, List<BenchmarkReport> reports) {
    out.println();
    out.printf(
        "%-5s %9s %9s %17s %15s %17s %10s %6s  %s%n",
        "stage",
        "req/s",
        "achieved",
        "TTFT p50/p99 ms",
        "ITL p50/p99 ms",
        "E2E p50/p99 ms",
        "out tok/s",
        "errors",
        "verdict");
    for (int i = 0; i < reports.size(); i++) {
      StageResult s = run.stages().get(i);
      Results.Aggregate a = reports.get(i).results().requestPerformance().aggregate();
      out.printf(
          Locale.ROOT,
          "%-5d %9.1f %9.1f %17s %15s %17s %10.0f %6d  %s%n",
          i,
          s.stage().rate(),
          s.achievedRate(),
          pair(a.latency().timeToFirstToken()),
          pair(a.latency().interTokenLatency()),
          pair(a.latency().requestLatency()),
          a.throughput().outputTokenRate().mean(),
          s.failed(),
          verdict(s, a, reports.get(0).results().requestPerformance().aggregate()));
    }
  }

  /**
   * What the stage measured: the server failing, the client lagging, or the client keeping up with
   * the server's end-to-end latency compared with the first stage (flat within 10 %, else rising or
   * falling); it names no bottleneck that was not shown.
   */
  private static String verdict(StageResult s, Results.Aggregate a, Results.Aggregate first) {
    if (s.serverFailing() || s.clientBottleneck() || a.latency().requestLatency() == null) {
      return s.verdict();
    }
    String v = s.verdict();
    if (s.index() == 0 || first.latency().requestLatency() == null) {
      return v;
    }
    double base = first.latency().requestLatency().p50();
    double now = a.latency().requestLatency().p50();
    double change = (now - base) / base;
    return v
        + String.format(
            Locale.ROOT,
            "; server latency %s (E2E p50 %+d%% vs stage 0)",
            Math.abs(change) <= 0.10 ? "flat" : change > 0 ? "rising" : "falling",
            Math.round(change * 100));
  }

  private static String pair(Statistics s) {
    return s == null ? "-" : String.format(Locale.ROOT, "%.1f / %.1f", s.p50(), s.p99());
  }
}
