package ai.llmd.bench.examples;

import ai.llmd.bench.event.ConsoleListener;
import ai.llmd.bench.experiment.Experiment;
import ai.llmd.bench.experiment.ExperimentResult;
import ai.llmd.bench.experiment.RunTreatment;
import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.loadgen.LoadgenExecutor;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.storage.local.LocalStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The embedded default benchmark, as an {@link Experiment}: no cluster, no Python. Starts the
 * OpenAI-compatible simulator, runs a rate sweep (one run treatment per rate, two repetitions each)
 * with the built-in load generator while scraping the simulator's metrics, writes the results
 * layout (profile, raw output, logs, metrics, v0.2.1 reports and record per load point; the
 * experiment summary), stores it in a {@link LocalStore}, and prints the summary table.
 *
 * <pre>
 * mvn -q -B package -DskipTests exec:java -pl llmd-bench-examples -am     # about a minute
 * </pre>
 *
 * <p>Settings (system properties): {@code llmd.quickstart.stageSeconds} (default 8), {@code
 * llmd.quickstart.rates} (default {@code 20,50,100}), {@code llmd.quickstart.repetitions} (default
 * 2), {@code llmd.quickstart.results} (default {@code results}), {@code llmd.quickstart.id}
 * (default {@code quickstart-<time>}; give an earlier id to continue an interrupted run).
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {
    int stageSeconds = Integer.getInteger("llmd.quickstart.stageSeconds", 8);
    String rates = System.getProperty("llmd.quickstart.rates", "20,50,100");
    int repetitions = Integer.getInteger("llmd.quickstart.repetitions", 2);
    Path results = Path.of(System.getProperty("llmd.quickstart.results", "results"));
    String id =
        System.getProperty(
            "llmd.quickstart.id",
            "quickstart-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    run(results, id, stageSeconds, rates, repetitions, System.out);
  }

  /**
   * Runs the quickstart experiment {@code id} under {@code results} and prints to {@code out}.
   *
   * @param rates requests per second, comma-separated: one run treatment each
   */
  public static ExperimentResult run(
      Path results, String id, int stageSeconds, String rates, int repetitions, PrintStream out) {
    // quickstart {
    try (Simulator sim =
        Simulator.builder()
            .model("llmd-bench/sim-0.6b")
            .timeToFirstToken(Duration.ofMillis(25))
            .interTokenLatency(Duration.ofMillis(8))
            .maxConcurrency(32)
            .start()) {
      out.printf(
          "Simulator at %s (TTFT 25 ms, ITL 8 ms, 32 concurrent sequences, about 117 req/s of"
              + " 32-token answers)%n",
          sim.endpoint());
      Harness loadgen = Harnesses.get("loadgen");
      Experiment.Builder experiment =
          Experiment.builder()
              .id(id)
              .stack(sim)
              .harness(loadgen, new LoadgenExecutor())
              .workload(
                  loadgen
                      .profile("rate_sweep")
                      .withValue("stages[0].duration_s", stageSeconds)
                      .withValue("warmup_s", 1))
              .repetitions(repetitions)
              .metricsInterval(Duration.ofSeconds(1))
              .resultsRoot(results)
              .store(LocalStore.of(results.resolve("store")), "quickstart")
              .listener(new ConsoleListener(out));
      for (String rate : rates.split(",")) {
        double r = Double.parseDouble(rate.strip());
        experiment.runTreatment(
            RunTreatment.named("rate-" + rate.strip()).withValue("stages[0].rate", r));
      }
      ExperimentResult result = experiment.build().run();
      out.println();
      out.print(result.summary().render());
      // }
      Path page = result.htmlReport().write(result.directory().resolve("html"));
      out.printf(
          "%nExperiment: %s (one directory per load point: profile.yaml, raw/, logs/, metrics/,"
              + " reports/ (v0.2.1), record.yaml)%nSummary: %s%nHTML report: %s%nStored: %d files"
              + " under %s%n",
          result.directory().toAbsolutePath(),
          result.directory().resolve("summary.txt").toAbsolutePath(),
          page.toAbsolutePath(),
          result.receipts().size(),
          results.resolve("store").resolve("quickstart").toAbsolutePath());
      return result;
    }
  }
}
