package ai.llmd.bench.examples.bench;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.report.Results;
import ai.llmd.bench.report.Scenario;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import ai.llmd.bench.report.view.HtmlReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The HTML report for 100 load points (4 series of 25): time to build the page and write it with
 * its SVG files, the first time in a fresh JVM and the median of the following runs, against a
 * baseline measured in the same run, writing the same 100 reports as v0.2.1 YAML with {@link
 * Reports#write}. Target: under a second of library time.
 *
 * <pre>
 * llmd-bench-examples/bench/html-report.sh [runs]
 * </pre>
 */
public final class HtmlReportBenchmark {
  private HtmlReportBenchmark() {}

  public static void main(String[] args) throws IOException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    List<List<BenchmarkReport>> series = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(42);
    for (int s = 0; s < 4; s++) {
      List<BenchmarkReport> points = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        points.add(point(i, 4.0 * (i + 1), 20 + 5 * s + random.nextDouble(5)));
      }
      series.add(points);
    }
    Path dir = Files.createTempDirectory("llmd-bench-html");
    double[] page = new double[runs];
    double[] yaml = new double[runs];
    for (int r = 0; r < runs; r++) {
      long t = System.nanoTime();
      HtmlReport.Builder b = HtmlReport.builder().title("100 load points");
      for (int s = 0; s < series.size(); s++) {
        b.series("stack-" + s, series.get(s));
      }
      b.build().write(dir.resolve("html-" + r));
      page[r] = (System.nanoTime() - t) / 1e6;

      t = System.nanoTime();
      Path reports = Files.createDirectories(dir.resolve("yaml-" + r));
      int n = 0;
      for (List<BenchmarkReport> points : series) {
        for (BenchmarkReport report : points) {
          Reports.write(report, reports.resolve("report-" + n++ + ".yaml"));
        }
      }
      yaml[r] = (System.nanoTime() - t) / 1e6;
    }
    double[] warmPage = java.util.Arrays.copyOfRange(page, 1, runs);
    double[] warmYaml = java.util.Arrays.copyOfRange(yaml, 1, runs);
    System.out.println(
        Measure.f(
            "HTML report, 100 load points (8 charts, 800 points), %d runs; output in %s",
            runs, dir));
    System.out.println(
        Measure.f("first run (fresh JVM): page %.0f ms, YAML reports %.0f ms", page[0], yaml[0]));
    System.out.println(
        Measure.f(
            "median of runs 2..%d: page %.1f ms, YAML reports %.1f ms: page/YAML ratio %.2f",
            runs,
            Measure.median(warmPage),
            Measure.median(warmYaml),
            Measure.median(warmPage) / Measure.median(warmYaml)));
    System.out.println(
        Measure.f(
            "target < 1000 ms of library time: %s",
            page[0] < 1000 && Measure.median(warmPage) < 1000 ? "met" : "MISSED"));
  }

  private static BenchmarkReport point(int stage, double rate, double ttftMs) {
    double knee = Math.max(1, rate / 60);
    Statistics ttft = spread(ttftMs * knee, Units.MS);
    Statistics itl = spread(8 * knee, Units.MS);
    Statistics tpot = spread(8 * knee, Units.MS_PER_TOKEN);
    Statistics e2e = spread((ttftMs + 31 * 8) * knee, Units.MS);
    Results.Aggregate aggregate =
        new Results.Aggregate(
            Results.Requests.counts((long) (rate * 60), 0L),
            new Results.Latency(ttft, null, tpot, itl, e2e),
            new Results.Throughput(
                null,
                Statistics.mean(rate * 32, Units.TOKENS_PER_S),
                null,
                Statistics.mean(rate, Units.QUERIES_PER_S)));
    Scenario.Load load =
        new Scenario.Load(
            null,
            Scenario.LoadStandardized.builder("loadgen").stage(stage).rateQps(rate).build(),
            null);
    return new BenchmarkReport(
        BenchmarkReport.VERSION,
        BenchmarkReport.Run.of("uid-" + stage, null),
        new Scenario(null, load),
        Results.of(aggregate));
  }

  private static Statistics spread(double median, Units units) {
    double[] samples = new double[200];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = median * (0.5 + i / 200.0 + (i > 195 ? 1.5 : 0));
    }
    return Statistics.of(samples, units);
  }
}
