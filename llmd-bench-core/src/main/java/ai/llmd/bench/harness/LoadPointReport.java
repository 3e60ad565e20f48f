package ai.llmd.bench.harness;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;

/**
 * The report of one load point and the native output it came from.
 *
 * @param nativeName the native file name, with {@code _<i>} appended when one file holds several
 *     load points (e.g. {@code results.json_1})
 * @param report the report
 */
public record LoadPointReport(String nativeName, BenchmarkReport report) {

  /** The conventional report file name, {@code benchmark_report_v0.2.1,_<native name>.yaml}. */
  public String fileName() {
    return Reports.fileName(nativeName);
  }
}
