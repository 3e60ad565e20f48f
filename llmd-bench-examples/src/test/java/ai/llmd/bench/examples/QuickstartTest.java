package ai.llmd.bench.examples;

import static org.assertj.core.api.Assertions.assertThat;

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
  void runsTheEmbeddedBenchmarkEndToEnd() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    List<BenchmarkReport> reports =
        Quickstart.run(dir, 1, "10,20", new PrintStream(buffer, true, StandardCharsets.UTF_8));

    String out = buffer.toString(StandardCharsets.UTF_8);
    assertThat(reports).hasSize(2);
    assertThat(out).contains("TTFT p50/p99 ms").contains("Reports (v0.2.1)").contains("Record: ");
    // the verdict says what was measured, never a bottleneck that was not shown
    assertThat(out).contains("verdict").doesNotContain("server (client kept up)");
    assertThat(out.lines().filter(l -> l.matches("^[01] .*")).toList())
        .hasSize(2)
        .allSatisfy(
            row ->
                assertThat(row)
                    .containsAnyOf("client kept up", "client bottleneck: ", "server failing: "));
    try (var files = Files.list(dir.resolve("reports"))) {
      List<Path> written = files.toList();
      assertThat(written).hasSize(2);
      for (Path p : written) {
        assertThat(Reports.violations(Reports.read(p))).isEmpty();
      }
    }
    var record = ai.llmd.bench.record.ExperimentRecord.read(dir.resolve("record.yaml"));
    assertThat(record.workloads().get(0).harness()).isEqualTo("loadgen");
    assertThat(record.workloads().get(0).reports()).hasSize(2);
    assertThat(reports.get(1).results().requestPerformance().aggregate().requests().total())
        .isEqualTo(20);
  }
}
