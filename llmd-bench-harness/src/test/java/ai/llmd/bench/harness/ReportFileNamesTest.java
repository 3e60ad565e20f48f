package ai.llmd.bench.harness;

import static ai.llmd.bench.harness.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.report.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report files are named after their load point, the same way for every harness. */
class ReportFileNamesTest {
  private static final String PATTERN =
      "benchmark_report_v0\\.2\\.1,_stage_\\d+(_rate_(\\d+(\\.\\d+)?|inf))?(_concurrency_(\\d+|inf))?\\.yaml";

  @TempDir Path dir;

  private List<String> written(String harness, Path source) throws IOException {
    Path target = dir.resolve(harness + "-reports");
    int n = Harnesses.get(harness).transformer().transform(source, target).size();
    try (Stream<Path> files = Files.list(target)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).as(harness).hasSize(n).allMatch(name -> name.matches(PATTERN));
      return names;
    }
  }

  @Test
  void inferencePerfStagesKeepTheirNumbersAndCarryTheirRate() throws IOException {
    assertThat(written("inference-perf", resource("inference-perf/kubecon2025")))
        .containsExactly(
            "benchmark_report_v0.2.1,_stage_0_rate_1.yaml",
            "benchmark_report_v0.2.1,_stage_6_rate_183.38.yaml");
  }

  @Test
  void guidellmBenchmarksAreStagesOfTheirSweep() throws IOException {
    List<String> names =
        written(
            "guidellm",
            resource("guidellm/v0.2-sweep-mistral7b-guidellm-evaluate-20250423-1820.json"));
    assertThat(names).hasSize(10).contains("benchmark_report_v0.2.1,_stage_0_concurrency_1.yaml");
    assertThat(names.stream().filter(n -> n.contains("_rate_"))).hasSize(8);
  }

  @Test
  void severalResultFilesEachOfStageZeroAreNumberedInOrder() throws IOException {
    // two vLLM runs of a sweep, one file each: both say stage 0
    Path runs = Files.createDirectories(dir.resolve("vllm"));
    Path one = resource("vllm-benchmark/llmd-benchmark_2025-05-13_04-55-27.json");
    Files.copy(one, runs.resolve("a-10qps.json"));
    Files.copy(one, runs.resolve("b-10qps.json"));
    List<String> names = written("vllm-benchmark", runs);
    assertThat(names).hasSize(2);
    assertThat(names.get(0)).startsWith("benchmark_report_v0.2.1,_stage_0");
    assertThat(names.get(1)).startsWith("benchmark_report_v0.2.1,_stage_1");
    assertThat(Reports.read(dir.resolve("vllm-benchmark-reports").resolve(names.get(1))))
        .isNotNull();
  }

  @Test
  void fmperfFollowsTheSameRule() throws IOException {
    Path fm = Files.createDirectories(dir.resolve("fmperf"));
    Files.copy(
        resource("fmperf/llmd-LMBench_sharegpt_output_0.5.csv"),
        fm.resolve("LMBench_sharegpt_output_0.5.csv"));
    assertThat(written("fmperf", fm)).singleElement().asString().contains("_rate_0.5");
  }
}
