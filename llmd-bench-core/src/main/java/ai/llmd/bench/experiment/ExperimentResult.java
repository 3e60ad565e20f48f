package ai.llmd.bench.experiment;

import ai.llmd.bench.record.ExperimentRecord;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.view.HtmlReport;
import ai.llmd.bench.storage.UploadReceipt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * Copies the lists; null receipts become empty.
   *
   * @param id the experiment id
   * @param directory {@code <results root>/<id>}
   * @param loadPoints every load point, in run order
   * @param receipts what was uploaded to the result store (empty without one)
   */
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

  /**
   * An HTML page over every load point ({@link HtmlReport}): one series per stack, setup treatment
   * and repetition (what does not vary is left out of the names), the run treatments as its load
   * points, and each stack's record in the summary.
   *
   * <pre>{@code
   * Path page = result.htmlReport().write(result.directory().resolve("html"));
   * }</pre>
   *
   * @throws IllegalStateException when no load point produced a report
   */
  public HtmlReport htmlReport() {
    boolean stacks = loadPoints.stream().map(LoadPoint::stack).distinct().count() > 1;
    boolean setups = loadPoints.stream().map(LoadPoint::setup).distinct().count() > 1;
    boolean repetitions = loadPoints.stream().map(LoadPoint::repetition).distinct().count() > 1;
    Map<String, List<BenchmarkReport>> series = new LinkedHashMap<>();
    for (LoadPoint p : loadPoints) {
      List<String> name = new ArrayList<>();
      if (stacks) {
        name.add(p.stack());
      }
      if (setups) {
        name.add(p.setup());
      }
      if (repetitions) {
        name.add("repetition " + p.repetition());
      }
      series
          .computeIfAbsent(name.isEmpty() ? id : String.join(" / ", name), k -> new ArrayList<>())
          .addAll(p.reports());
    }
    HtmlReport.Builder page = HtmlReport.builder().title("Experiment " + id);
    series.forEach(
        (name, reports) -> {
          if (!reports.isEmpty()) {
            page.series(name, reports);
          }
        });
    loadPoints.stream()
        .map(LoadPoint::stack)
        .distinct()
        .map(stack -> directory.resolve(stack).resolve("record.yaml"))
        .filter(Files::isRegularFile)
        .forEach(f -> page.record(ExperimentRecord.read(f)));
    return page.build();
  }

  /** The summary table of every load point. */
  public SummaryTable summary() {
    return SummaryTable.of(loadPoints);
  }
}
