package ai.llmd.bench.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventsTest {
  @Test
  void consolePrintsMilestonesAndProgressLines() {
    // given
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ConsoleListener console =
        new ConsoleListener(new PrintStream(buffer, true, StandardCharsets.UTF_8), false);
    BenchEvent.Context ctx = new BenchEvent.Context("exp-1", "qwen", "qwen/base/rate-20/r1");

    // when
    console.on(BenchEvent.done(BenchEvent.Type.STACK_READY, ctx, "ready", Duration.ofMillis(1500)));
    console.on(
        BenchEvent.progress(
            ctx,
            new BenchEvent.Progress(
                0, 1, Duration.ofSeconds(2), Duration.ofSeconds(8), 40, 35, 1, 4)));
    console.on(BenchEvent.of(BenchEvent.Type.WORKLOAD_OUTPUT, ctx, "tool chatter"));

    // then
    String out = buffer.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("stack ready").contains("ready (1.5 s)");
    assertThat(out).contains("stage 1/1").contains("sent     40").contains("failed    1");
    assertThat(out).doesNotContain("tool chatter");
  }

  @Test
  void aThrowingListenerDoesNotStopTheOthers() {
    List<BenchEvent> got = new ArrayList<>();
    EventListener all =
        EventListener.all(
            e -> {
              throw new IllegalStateException("boom");
            },
            got::add);
    all.on(BenchEvent.of(BenchEvent.Type.EXPERIMENT_STARTED, null, "x"));
    assertThat(got).hasSize(1);
    assertThat(got.get(0).context()).isEqualTo(BenchEvent.Context.NONE);
  }
}
