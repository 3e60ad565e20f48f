package ai.llmd.bench.harness.fmperf;

import static ai.llmd.bench.harness.Fixtures.assertValid;
import static ai.llmd.bench.harness.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.ResultTransformException;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Units;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FmperfTransformerTest {
  private final ResultTransformer transformer = Harnesses.get("fmperf").transformer();
  @TempDir Path dir;

  /** Reads one column of the CSV independently of the transformer. */
  private static double[] column(Path csv, String name) throws Exception {
    List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).toList();
    int col = Arrays.asList(lines.get(0).split(",")).indexOf(name);
    return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[col])).toArray();
  }

  @Test
  void lmbenchCsvStatisticsAreComputedFromTheRowsInSeconds() throws Exception {
    // given
    Path csv = resource("fmperf/llmd-LMBench_sharegpt_output_0.5.csv");
    double[] ttft = column(csv, "ttft");
    double[] launch = column(csv, "launch_time");
    double[] finish = column(csv, "finish_time");
    double[] generated = column(csv, "generation_tokens");
    double[] genTime = column(csv, "generation_time");

    // when
    List<BenchmarkReport> reports = transformer.transform(csv);

    // then
    assertValid(reports);
    var agg = reports.get(0).results().requestPerformance().aggregate();
    assertThat(agg.requests().total()).isEqualTo(ttft.length);
    assertThat(agg.latency().timeToFirstToken().units()).isEqualTo(Units.S);
    assertThat(agg.latency().timeToFirstToken().mean())
        .isCloseTo(Arrays.stream(ttft).average().orElseThrow(), within(1e-12));
    assertThat(agg.latency().timeToFirstToken().max())
        .isEqualTo(Arrays.stream(ttft).max().orElseThrow());
    double[] sorted = ttft.clone();
    Arrays.sort(sorted);
    assertThat(agg.latency().timeToFirstToken().min()).isEqualTo(sorted[0]);
    double rank = 0.5 * (sorted.length - 1);
    double median =
        sorted[(int) rank]
            + (sorted[(int) Math.ceil(rank)] - sorted[(int) rank]) * (rank - (int) rank);
    assertThat(agg.latency().timeToFirstToken().p50()).isCloseTo(median, within(1e-12));
    double e2eMax = 0;
    for (int i = 0; i < launch.length; i++) {
      e2eMax = Math.max(e2eMax, finish[i] - launch[i]);
    }
    assertThat(agg.latency().requestLatency().units()).isEqualTo(Units.S);
    assertThat(agg.latency().requestLatency().max()).isCloseTo(e2eMax, within(1e-9));
    double tpotMean = 0;
    int n = 0;
    for (int i = 0; i < generated.length; i++) {
      if (generated[i] > 1) {
        tpotMean += genTime[i] / (generated[i] - 1);
        n++;
      }
    }
    assertThat(agg.latency().timePerOutputToken().units()).isEqualTo(Units.S_PER_TOKEN);
    assertThat(agg.latency().timePerOutputToken().mean()).isCloseTo(tpotMean / n, within(1e-12));
    assertThat(agg.latency().interTokenLatency()).isNull(); // no per-token gaps in the CSV
    double duration =
        Arrays.stream(finish).max().orElseThrow() - Arrays.stream(launch).min().orElseThrow();
    assertThat(agg.throughput().requestRate().mean())
        .isCloseTo(ttft.length / duration, within(1e-9));
    assertThat(agg.throughput().outputTokenRate().mean())
        .isCloseTo(Arrays.stream(generated).sum() / duration, within(1e-9));
    var load = reports.get(0).scenario().load().standardized();
    assertThat(load.rateQps()).isEqualTo(0.5);
    assertThat(load.source()).isEqualTo("sampled");
    assertThat(reports.get(0).run().time().duration()).isEqualTo("PT" + duration + "S");
  }

  @Test
  void summaryCsvGivesOneReportPerUserCountInMs() {
    List<BenchmarkReport> reports =
        transformer.transform(resource("fmperf/parse_results-summary-result0.csv"));

    assertValid(reports);
    assertThat(reports).hasSize(2);
    var second = reports.get(1);
    var agg = second.results().requestPerformance().aggregate();
    assertThat(agg.requests().total()).isEqualTo(80);
    assertThat(agg.requests().failures()).isZero();
    assertThat(agg.latency().timeToFirstToken().mean()).isEqualTo(62.7063024875);
    assertThat(agg.latency().timeToFirstToken().units()).isEqualTo(Units.MS);
    assertThat(agg.latency().interTokenLatency().mean()).isEqualTo(14.188757113775509);
    assertThat(agg.latency().requestLatency().mean()).isEqualTo(757.9554010625);
    assertThat(agg.throughput().outputTokenRate().mean()).isEqualTo(133.33333333333334);
    assertThat(second.scenario().load().standardized().concurrency().value()).isEqualTo(2);
  }

  @Test
  void perTokenRecordsAreAggregatedPerRequest() throws Exception {
    // given: two requests at 1 user; request 0 has 3 events (TTFT 100 ms, gaps 10 and 20 ms)
    Path json = dir.resolve("result_sweep_u1.json");
    Files.writeString(
        json,
        """
        {"results": [
          {"ok": true, "error": "None", "timestamp": 1700000000100000000, "exp_num_users": 1, "exp_duration": 1.0,
           "duration_ms": 100.0, "worker_idx": 0, "request_idx": 0, "response_idx": 0, "n_tokens": 1},
          {"ok": true, "error": "None", "timestamp": 1700000000110000000, "exp_num_users": 1, "exp_duration": 1.0,
           "duration_ms": 10.0, "worker_idx": 0, "request_idx": 0, "response_idx": 1, "n_tokens": 1},
          {"ok": true, "error": "None", "timestamp": 1700000000130000000, "exp_num_users": 1, "exp_duration": 1.0,
           "duration_ms": 20.0, "worker_idx": 0, "request_idx": 0, "response_idx": 2, "n_tokens": 1},
          {"ok": true, "error": "None", "timestamp": 1700000000250000000, "exp_num_users": 1, "exp_duration": 1.0,
           "duration_ms": 50.0, "worker_idx": 0, "request_idx": 1, "response_idx": 0, "n_tokens": 1}
        ], "energy": {}}
        """);

    // when
    var r = transformer.transform(json);

    // then
    assertValid(r);
    var agg = r.get(0).results().requestPerformance().aggregate();
    assertThat(agg.requests().total()).isEqualTo(2);
    assertThat(agg.latency().timeToFirstToken().mean()).isEqualTo(75.0);
    assertThat(agg.latency().timeToFirstToken().units()).isEqualTo(Units.MS);
    assertThat(agg.latency().interTokenLatency().mean()).isEqualTo(15.0);
    assertThat(agg.latency().requestLatency().max()).isEqualTo(130.0);
    assertThat(agg.latency().timePerOutputToken().mean()).isEqualTo(15.0);
    assertThat(agg.requests().outputLength().mean()).isEqualTo(2.0);
  }

  @Test
  void badCsvNamesLineAndColumn() throws Exception {
    Path csv = dir.resolve("LMBench_sharegpt_output_1.0.csv");
    Files.writeString(
        csv,
        "prompt_tokens,generation_tokens,ttft,generation_time,launch_time,finish_time\n"
            + "10,5,0.1,0.5,1.0,1.7\n"
            + "10,five,0.1,0.5,1.0,1.7\n");
    assertThatThrownBy(() -> transformer.transform(csv))
        .isInstanceOfSatisfying(
            ResultTransformException.class,
            e -> assertThat(e.jsonPath()).isEqualTo("line 3, column generation_tokens"))
        .hasMessageContaining("expected a number");

    Path other = dir.resolve("other.csv");
    Files.writeString(other, "a,b\n1,2\n");
    assertThatThrownBy(() -> transformer.transform(other))
        .hasMessageContaining("not an fmperf CSV");
  }
}
