package ai.llmd.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.harness.sim.Simulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadableToStringTest {
  @Test
  void harnessesDescribeThemselvesInOneShortLine() {
    for (Harness h : Harnesses.all().values()) {
      assertThat(h.toString())
          .startsWith(h.id() + " harness")
          .doesNotContain("@")
          .hasSizeLessThan(160);
    }
    assertThat(Harnesses.get("inference-perf").toString()).contains("image ", " profiles");
  }

  @Test
  void theSimulatorShowsWhereItIsAndHowItBehaves() {
    try (Simulator sim =
        Simulator.builder()
            .model("m")
            .timeToFirstToken(Duration.ofMillis(25))
            .interTokenLatency(Duration.ofMillis(8))
            .maxConcurrency(32)
            .start()) {
      assertThat(sim.toString())
          .isEqualTo(
              "Simulator[m at "
                  + sim.endpoint()
                  + ", TTFT 25 ms, ITL 8 ms, max 32 concurrent, failure rate 0.0]");
    }
  }
}
