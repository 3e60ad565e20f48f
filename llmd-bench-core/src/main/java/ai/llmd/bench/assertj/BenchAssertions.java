package ai.llmd.bench.assertj;

import ai.llmd.bench.report.BenchmarkReport;

/**
 * Entry point of the report assertions, AssertJ style. Needs {@code org.assertj:assertj-core} on
 * the class path (an optional dependency of this library).
 *
 * <pre>{@code
 * import static ai.llmd.bench.assertj.BenchAssertions.assertThat;
 *
 * assertThat(report).ttftAtMost(99, Duration.ofMillis(200)).errorRateAtMost(0.01);
 * }</pre>
 *
 * @see BenchSoftAssertions to check several limits and see every failure at once
 */
public final class BenchAssertions {
  private BenchAssertions() {}

  /** Assertions on one report (one load point). */
  public static BenchmarkReportAssert assertThat(BenchmarkReport report) {
    return new BenchmarkReportAssert(report);
  }
}
