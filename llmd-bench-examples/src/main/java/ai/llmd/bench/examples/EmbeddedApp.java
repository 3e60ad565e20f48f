package ai.llmd.bench.examples;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.loadgen.DataSpec;
import ai.llmd.bench.harness.loadgen.LoadGenerator;
import ai.llmd.bench.harness.loadgen.LoadgenResult;
import ai.llmd.bench.harness.loadgen.Stage;
import ai.llmd.bench.harness.loadgen.TokenLength;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Metric;
import ai.llmd.bench.report.Units;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The library inside an application: load an OpenAI-compatible endpoint, read the reports
 * unit-safely and decide. Without arguments it starts the simulator; with {@code <endpoint>
 * <model>} it loads that server.
 *
 * <pre>
 * mvn -q -B package -DskipTests exec:java -pl llmd-bench-examples -am -Dmain.class=ai.llmd.bench.examples.EmbeddedApp
 * </pre>
 *
 * <p>Exits with status 1 when a load point breaks the TTFT budget ({@code -Dllmd.app.ttftP99Ms},
 * default 500).
 */
public final class EmbeddedApp {
  private EmbeddedApp() {}

  public static void main(String[] args) throws Exception {
    Duration budget = Duration.ofMillis(Long.getLong("llmd.app.ttftP99Ms", 500));
    Path dir = Files.createTempDirectory("llmd-bench-app");
    int breaches;
    if (args.length >= 2) {
      breaches = run(URI.create(args[0]), args[1], dir, budget, Duration.ofSeconds(10), System.out);
    } else {
      try (Simulator sim = Simulator.builder().timeToFirstToken(Duration.ofMillis(25)).start()) {
        System.out.println("Started " + sim);
        breaches = run(sim.endpoint(), sim.model(), dir, budget, Duration.ofSeconds(3), System.out);
      }
    }
    System.exit(breaches == 0 ? 0 : 1);
  }

  /** Runs a two-point rate sweep and prints one line per load point; returns the breaches. */
  // tag::run[]
  public static int run(
      URI endpoint, String model, Path dir, Duration ttftBudget, Duration stage, PrintStream out) {
    LoadgenResult run =
        LoadGenerator.builder()
            .endpoint(endpoint)
            .model(model)
            .data(DataSpec.random(TokenLength.uniform(64, 128), TokenLength.fixed(16)))
            .stage(Stage.rate(5, stage))
            .stage(Stage.rate(10, stage))
            .build()
            .run(dir.resolve("raw"));
    List<BenchmarkReport> reports =
        Harnesses.get("loadgen").transformer().transform(run.directory(), dir.resolve("reports"));
    int breaches = 0;
    for (BenchmarkReport report : reports) {
      out.println(report); // a one-line summary
      Duration p99 = report.require(Metric.TTFT).duration("p99").orElseThrow();
      double itlMs = report.require(Metric.ITL).get("p50", Units.MS_PER_TOKEN).orElse(Double.NaN);
      double errors = report.errorRate().orElse(0.0);
      boolean ok = p99.compareTo(ttftBudget) <= 0 && errors == 0;
      out.printf(
          "  %s: TTFT p99 %d ms, ITL p50 %.1f ms/token, errors %.1f %% -> %s%n",
          report.loadPoint(), p99.toMillis(), itlMs, errors * 100, ok ? "ok" : "BREACH");
      breaches += ok ? 0 : 1;
    }
    return breaches;
  }
  // end::run[]
}
