package ai.llmd.bench.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    console.on(BenchEvent.output(BenchEvent.Type.WORKLOAD_OUTPUT, ctx, "guidellm", "tool chatter"));

    // then
    String out = buffer.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("stack ready").contains("ready (1.5 s)");
    assertThat(out).contains("stage 1/1").contains("sent     40").contains("failed    1");
    assertThat(out).doesNotContain("tool chatter");
  }

  @Test
  void consolePrintsTheUploadAsAboutTenLinesOrOneLiveLine() {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    ByteArrayOutputStream live = new ByteArrayOutputStream();
    ConsoleListener printed =
        new ConsoleListener(new PrintStream(lines, true, StandardCharsets.UTF_8), false);
    ConsoleListener redrawn =
        new ConsoleListener(new PrintStream(live, true, StandardCharsets.UTF_8), true);
    List<BenchEvent> events = new ArrayList<>();
    long mib = 1024 * 1024;
    for (int i = 1; i <= 3; i++) {
      events.add(
          BenchEvent.upload(
              BenchEvent.Context.NONE,
              new BenchEvent.Upload(
                  "exp/big.bin",
                  BenchEvent.Upload.Step.PART_SENT,
                  i,
                  3,
                  0,
                  40,
                  i * mib,
                  42 * mib)));
    }
    for (int n = 1; n <= 40; n++) {
      events.add(
          BenchEvent.upload(
              BenchEvent.Context.NONE,
              new BenchEvent.Upload(
                  "exp/f" + n,
                  BenchEvent.Upload.Step.OBJECT_STORED,
                  0,
                  0,
                  n,
                  40,
                  n * mib + 2 * mib,
                  42 * mib)));
    }
    events.add(
        BenchEvent.done(BenchEvent.Type.UPLOAD_DONE, null, "40 objects", Duration.ofSeconds(3)));

    events.forEach(printed::on);
    events.forEach(redrawn::on);

    String out = lines.toString(StandardCharsets.UTF_8);
    List<String> uploadLines = out.lines().filter(l -> l.startsWith("  upload ")).toList();
    assertThat(uploadLines).hasSize(11); // 1/40, then each tenth, then 40/40
    assertThat(uploadLines.get(0))
        .isEqualTo("  upload     1/40 objects  3.0 MiB of 42.0 MiB  exp/f1");
    assertThat(uploadLines.get(10)).contains("upload    40/40 objects  42.0 MiB of 42.0 MiB");
    assertThat(out).doesNotContain("big.bin").contains("upload done");
    String drawn = live.toString(StandardCharsets.UTF_8);
    assertThat(drawn.split("\r")).hasSize(1 + 43); // every update redrawn in place
    assertThat(drawn).contains("exp/big.bin").contains("\nupload done");
  }

  @Test
  void byteCountsReadInTheirUnit() {
    assertThat(ConsoleListener.bytes(512)).isEqualTo("512 B");
    assertThat(ConsoleListener.bytes(86_221)).isEqualTo("84.2 KiB");
    assertThat(ConsoleListener.bytes(3L << 30)).isEqualTo("3.0 GiB");
  }

  @Test
  void consoleShowsAModelDownloadsLogAsItsLiveLine() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ConsoleListener console =
        new ConsoleListener(new PrintStream(buffer, true, StandardCharsets.UTF_8), true);
    console.on(
        BenchEvent.output(
            BenchEvent.Type.MODEL_DOWNLOAD_OUTPUT, null, "job/dl", "Fetching 3 files:  33%"));
    console.on(
        BenchEvent.output(
            BenchEvent.Type.MODEL_DOWNLOAD_OUTPUT, null, "job/dl", "Fetching 3 files: 100%"));
    console.on(BenchEvent.of(BenchEvent.Type.MODEL_DOWNLOADED, null, "Qwen/Qwen3-0.6B downloaded"));
    assertThat(buffer.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "\r  Fetching 3 files:  33%\r  Fetching 3 files: 100%\n"
                + String.format(
                    "%-18s %-40s %s%n", "model downloaded", "", "Qwen/Qwen3-0.6B downloaded"));
  }

  @Test
  void anEventCarriesTheDetailItsTypeNames() {
    BenchEvent.Progress p =
        new BenchEvent.Progress(0, 2, Duration.ofSeconds(1), Duration.ofSeconds(10), 5, 4, 0, 1);
    assertThat(BenchEvent.progress(null, p).progress()).isSameAs(p);
    assertThat(BenchEvent.progress(null, p).upload()).isNull();
    assertThat(BenchEvent.Type.UPLOAD_PROGRESS.detail()).isEqualTo(BenchEvent.Upload.class);
    assertThat(BenchEvent.Type.STACK_READY.detail()).isNull();
    assertThatThrownBy(() -> BenchEvent.of(BenchEvent.Type.UPLOAD_PROGRESS, null, "x", p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a UPLOAD_PROGRESS event carries a Upload, was Progress");
    assertThatThrownBy(() -> BenchEvent.of(BenchEvent.Type.WORKLOAD_OUTPUT, null, "line"))
        .hasMessage("a WORKLOAD_OUTPUT event carries a Output, was none");
    assertThatThrownBy(() -> BenchEvent.of(BenchEvent.Type.STACK_READY, null, "x", p))
        .hasMessage("a STACK_READY event carries no detail, was Progress");
    assertThat(p.toString())
        .isEqualTo("stage 1/2  elapsed 1.0 s of 10.0 s  sent 5  ok 4  failed 0  in flight 1");
  }

  @Test
  void onlyPassesTheTypesAsked() {
    List<BenchEvent> got = new ArrayList<>();
    EventListener uploads =
        EventListener.only(
            java.util.EnumSet.of(BenchEvent.Type.UPLOAD_RETRYING, BenchEvent.Type.UPLOAD_DONE),
            got::add);
    uploads.on(BenchEvent.of(BenchEvent.Type.UPLOAD_STARTED, null, "to s3"));
    uploads.on(BenchEvent.retrying(null, new BenchEvent.Retry("k", 1, "SlowDown")));
    uploads.on(BenchEvent.of(BenchEvent.Type.UPLOAD_DONE, null, "1 object"));
    assertThat(got)
        .extracting(BenchEvent::message)
        .containsExactly("retrying k (attempt 1 failed): SlowDown", "1 object");
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
