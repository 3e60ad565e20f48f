package ai.llmd.bench.harness.loadgen;

import ai.llmd.bench.report.BenchmarkReport;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of a load run: where its raw output is, and each stage's client-side view and report.
 *
 * <pre>{@code
 * LoadgenResult run = generator.run(Path.of("results/raw"));
 * for (BenchmarkReport report : run.reports()) {
 *   Reports.write(report, Path.of("results/reports").resolve(...));
 * }
 * }</pre>
 *
 * @param directory the raw results directory, readable by {@link LoadgenTransformer}
 * @param stages the stages that ran, in order
 */
public record LoadgenResult(Path directory, List<StageResult> stages) {

  /**
   * Copies the stages.
   *
   * @param directory the raw results directory, readable by {@link LoadgenTransformer}
   * @param stages the stages that ran, in order
   */
  public LoadgenResult {
    stages = List.copyOf(stages);
  }

  /**
   * One benchmark report (v0.2.1) per stage, the same as {@link LoadgenTransformer} makes from the
   * directory.
   */
  public List<BenchmarkReport> reports() {
    return stages.stream().map(StageResult::report).toList();
  }

  /** Whether any stage was limited by the load generator rather than the server. */
  public boolean clientBottleneck() {
    return stages.stream().anyMatch(StageResult::clientBottleneck);
  }

  /** Whether the server was unreachable or failing in any stage. */
  public boolean serverFailing() {
    return stages.stream().anyMatch(StageResult::serverFailing);
  }

  @Override
  public String toString() {
    return "LoadgenResult["
        + directory
        + stages.stream().map(s -> "\n  " + s).collect(Collectors.joining())
        + "]";
  }
}
