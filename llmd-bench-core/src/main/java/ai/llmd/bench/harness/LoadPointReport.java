package ai.llmd.bench.harness;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Concurrency;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.report.Scenario;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The report of one load point and the native output it came from.
 *
 * <p>Report files are named after the load point, the same way for every harness: {@code
 * benchmark_report_v0.2.1,_stage_<n>[_rate_<qps>][_concurrency_<c>].yaml}, e.g. {@code
 * benchmark_report_v0.2.1,_stage_2_rate_10.yaml} or {@code
 * benchmark_report_v0.2.1,_stage_0_concurrency_32.yaml}. The upstream prefix is kept so that
 * consumers globbing {@code benchmark_report_v0.2*.yaml} find them, and {@code stage_<n>} is where
 * upstream looks for the stage number.
 *
 * <pre>{@code
 * List<String> names = LoadPointReport.fileNames(transformer.convert(rawDir));
 * }</pre>
 *
 * @param nativeName the native file it came from, with {@code _<i>} appended when one file holds
 *     several load points (e.g. {@code results.json_1})
 * @param report the report
 */
public record LoadPointReport(String nativeName, BenchmarkReport report) {

  /**
   * The load point's name, {@code stage_<n>} followed by its requested rate and concurrency when
   * the report has them, e.g. {@code stage_2_rate_10}.
   *
   * @param stage the stage number to use
   */
  public String loadPoint(int stage) {
    StringBuilder name = new StringBuilder("stage_").append(stage);
    Scenario.LoadStandardized load = standardized();
    if (load != null && load.rateQps() != null) {
      name.append("_rate_").append(number(load.rateQps()));
    }
    if (load != null && load.concurrency() != null) {
      Concurrency c = load.concurrency();
      name.append("_concurrency_").append(c.unbounded() ? "inf" : String.valueOf(c.value()));
    }
    return name.toString();
  }

  /** The stage the report carries ({@code scenario.load.standardized.stage}), or null. */
  public Integer stage() {
    Scenario.LoadStandardized load = standardized();
    return load == null ? null : load.stage();
  }

  /**
   * The report file name of this load point alone, with the stage it carries (0 without one); use
   * {@link #fileNames} for the reports of one source, which stay distinct.
   */
  public String fileName() {
    return Reports.fileName(loadPoint(stage() == null ? 0 : stage()));
  }

  /**
   * The report file names of one source's load points, in order and all distinct: each named with
   * the stage it carries, or, when a stage is missing or repeats (several vLLM result files, each
   * its own stage 0), with its position in the list.
   */
  public static List<String> fileNames(List<LoadPointReport> reports) {
    Set<Integer> stages = new HashSet<>();
    boolean own = true;
    for (LoadPointReport r : reports) {
      own &= r.stage() != null && stages.add(r.stage());
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      LoadPointReport r = reports.get(i);
      names.add(Reports.fileName(r.loadPoint(own ? r.stage() : i)));
    }
    return names;
  }

  private Scenario.LoadStandardized standardized() {
    return report.scenario() == null || report.scenario().load() == null
        ? null
        : report.scenario().load().standardized();
  }

  private static String number(double value) {
    if (Double.isInfinite(value)) {
      return "inf";
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
