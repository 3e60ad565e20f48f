package ai.llmd.bench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.harness.sim.Simulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedAppTest {
  @Test
  void printsOneVerdictPerLoadPointAndCountsBreaches(@TempDir Path dir) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int breaches;
    try (Simulator sim = Simulator.builder().timeToFirstToken(Duration.ofMillis(20)).start()) {
      // a 1 ns budget: every load point breaks it, so the verdict is not a constant "ok"
      breaches =
          EmbeddedApp.run(
              sim.endpoint(), sim.model(), dir, Duration.ofNanos(1), Duration.ofSeconds(1), out);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(breaches).isEqualTo(2);
    assertThat(printed)
        .contains(
            "BenchmarkReport[", "loadgen stage 0, 5 queries/s", "loadgen stage 1, 10 queries/s")
        .contains("stage 0, 5 queries/s: TTFT p99 ")
        .contains("-> BREACH");
  }
}
