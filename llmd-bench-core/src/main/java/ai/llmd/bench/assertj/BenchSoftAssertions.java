package ai.llmd.bench.assertj;

import ai.llmd.bench.report.BenchmarkReport;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.StandardSoftAssertionsProvider;

/**
 * Soft report assertions: every limit is checked and all failures are reported together.
 *
 * <pre>{@code
 * BenchSoftAssertions.assertSoftly(softly -> {
 *   for (BenchmarkReport r : reports) {
 *     softly.assertThat(r).ttftAtMost(99, Duration.ofMillis(200)).errorRateAtMost(0.01);
 *   }
 * });
 * }</pre>
 *
 * <p>It also offers every standard AssertJ {@code assertThat}, as {@code SoftAssertions} does.
 */
public class BenchSoftAssertions extends AbstractSoftAssertions
    implements StandardSoftAssertionsProvider {

  /** Soft assertions on one report. */
  public BenchmarkReportAssert assertThat(BenchmarkReport report) {
    return proxy(BenchmarkReportAssert.class, BenchmarkReport.class, report);
  }

  /**
   * Runs {@code checks} and then fails with every collected failure, if any.
   *
   * @throws AssertionError listing all failures (an AssertJ {@code AssertJMultipleFailuresError})
   */
  public static void assertSoftly(Consumer<BenchSoftAssertions> checks) {
    BenchSoftAssertions softly = new BenchSoftAssertions();
    checks.accept(softly);
    softly.assertAll();
  }
}
