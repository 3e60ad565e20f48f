package ai.llmd.bench.experiment;

import ai.llmd.bench.report.BenchmarkReport;
import java.nio.file.Path;
import java.util.List;

/**
 * The reports of one cell of an experiment: a stack, a setup treatment, a run treatment and a
 * repetition.
 *
 * @param stack the stack's model label (or endpoint name)
 * @param setup the setup treatment's name
 * @param run the run treatment's name
 * @param repetition from 1
 * @param directory where its profile, raw output, logs, metrics, reports and record are
 * @param reports its universal reports (one per load stage)
 * @param resumed whether an earlier run of the experiment produced it (read back from disk)
 * @since 0.1
 */
public record LoadPoint(
    String stack,
    String setup,
    String run,
    int repetition,
    Path directory,
    List<BenchmarkReport> reports,
    boolean resumed) {

  /**
   * Copies the reports.
   *
   * @param stack the stack's model label (or endpoint name)
   * @param setup the setup treatment's name
   * @param run the run treatment's name
   * @param repetition from 1
   * @param directory where its profile, raw output, logs, metrics, reports and record are
   * @param reports its universal reports (one per load stage)
   * @param resumed whether an earlier run of the experiment produced it (read back from disk)
   */
  public LoadPoint {
    reports = List.copyOf(reports);
  }

  /** {@code <stack>/<setup>/<run>/r<repetition>}: its key in the journal and in events. */
  public String key() {
    return key(stack, setup, run, repetition);
  }

  static String key(String stack, String setup, String run, int repetition) {
    return stack + "/" + setup + "/" + run + "/r" + repetition;
  }
}
