package ai.llmd.bench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.experiment.ExperimentResult;
import ai.llmd.bench.record.ExperimentRecord;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
  @TempDir Path dir;

  @Test
  void runsTheEmbeddedExperimentEndToEnd() throws Exception {
    // given
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    // when: two rates, two repetitions, one-second stages
    ExperimentResult result =
        Quickstart.run(
            dir, "qs", 1, "10,20", 2, new PrintStream(buffer, true, StandardCharsets.UTF_8));

    // then: four load points, each with one valid report and the server's view
    String out = buffer.toString(StandardCharsets.UTF_8);
    assertThat(result.loadPoints()).hasSize(4);
    assertThat(out)
        .contains("TTFT p50/p99 ms")
        .contains("simulator/base/rate-20/r2")
        .contains("Summary: ");
    // the verdict says what was measured, never a bottleneck that was not shown
    assertThat(out).contains("verdict").doesNotContain("server (client kept up)");
    assertThat(out.lines().filter(l -> l.startsWith("simulator/base/")).toList())
        .hasSize(4)
        .allSatisfy(
            row ->
                assertThat(row)
                    .containsAnyOf("client kept up", "client bottleneck: ", "server failing: "));
    List<BenchmarkReport> rate20 = result.reports("simulator", "base", "rate-20", 2);
    assertThat(rate20).hasSize(1);
    assertThat(rate20.get(0).results().requestPerformance().aggregate().requests().total())
        .isEqualTo(20);
    assertThat(rate20.get(0).results().observability().components())
        .as("simulator metrics scraped during the workload")
        .isNotEmpty();
    Path point = dir.resolve("qs/simulator/loadgen-base-rate-10-r1");
    assertThat(point.resolve("profile.yaml")).exists();
    assertThat(point.resolve("raw/loadgen.json")).exists();
    assertThat(point.resolve("logs/loadgen.log")).exists();
    assertThat(point.resolve("record.yaml")).exists();
    try (var files = Files.list(point.resolve("reports"))) {
      for (Path p : files.toList()) {
        assertThat(Reports.violations(Reports.read(p))).isEmpty();
      }
    }
    ExperimentRecord stackRecord = ExperimentRecord.read(dir.resolve("qs/simulator/record.yaml"));
    assertThat(stackRecord.workloads()).hasSize(4);
    assertThat(dir.resolve("qs/summary.csv")).exists();
    assertThat(Files.readAllLines(dir.resolve("qs/summary.csv"))).hasSize(5);
    // stored in the LocalStore
    assertThat(result.receipts()).isNotEmpty();
    assertThat(dir.resolve("store/quickstart/qs/simulator/loadgen-base-rate-10-r1/record.yaml"))
        .exists();
    // the HTML report: one series per repetition, two rates each, p50 and p99
    Path page = dir.resolve("qs/html/index.html");
    assertThat(out).contains("HTML report: " + page.toAbsolutePath());
    String html = Files.readString(page);
    assertThat(html).contains("<title>Experiment qs</title>").contains("<h2>repetition 2</h2>");
    try (var charts = Files.list(dir.resolve("qs/html/charts"))) {
      List<String> names = charts.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names)
          .contains(
              "ttft-vs-request-rate.svg", "itl-vs-request-rate.svg", "e2e-vs-request-rate.svg");
      // every chart: 2 repetitions x p50/p99 x 2 rates
      assertThat(html.split("class=\"point\"", -1)).hasSize(names.size() * 8 + 1);
    }
  }
}
