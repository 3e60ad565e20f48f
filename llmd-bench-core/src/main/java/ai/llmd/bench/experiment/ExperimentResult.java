package ai.llmd.bench.experiment;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.storage.UploadReceipt;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What an experiment produced: every load point with its reports, indexed by stack, setup
 * treatment, run treatment and repetition.
 *
 * <pre>{@code
 * ExperimentResult result = experiment.run();
 * List<BenchmarkReport> r = result.reports("simulator", "base", "rate-50", 1);
 * System.out.print(result.summary().render());
 * }</pre>
 *
 * @param id the experiment id
 * @param directory {@code <results root>/<id>}
 * @param loadPoints every load point, in run order
 * @param receipts what was uploaded to the result store (empty without one)
 * @since 0.1
 */
public record ExperimentResult(
    String id, Path directory, List<LoadPoint> loadPoints, List<UploadReceipt> receipts) {

  public ExperimentResult {
    loadPoints = List.copyOf(loadPoints);
    receipts = List.copyOf(receipts == null ? List.of() : receipts);
  }

  /** One load point, if the experiment had it. */
  public Optional<LoadPoint> loadPoint(String stack, String setup, String run, int repetition) {
    String key = LoadPoint.key(stack, setup, run, repetition);
    return loadPoints.stream().filter(p -> p.key().equals(key)).findFirst();
  }

  /**
   * The reports of one load point.
   *
   * @throws IllegalArgumentException when the experiment has no such load point
   */
  public List<BenchmarkReport> reports(String stack, String setup, String run, int repetition) {
    return loadPoint(stack, setup, run, repetition)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no load point "
                        + LoadPoint.key(stack, setup, run, repetition)
                        + " in experiment "
                        + id))
        .reports();
  }

  /** Every report, in run order. */
  public List<BenchmarkReport> reports() {
    return loadPoints.stream().flatMap(p -> p.reports().stream()).toList();
  }

  /** The summary table of every load point. */
  public SummaryTable summary() {
    return SummaryTable.of(loadPoints);
  }
}
