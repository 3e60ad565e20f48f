package ai.llmd.bench.harness.loadgen;

import static ai.llmd.bench.harness.Fixtures.assertValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.report.BenchmarkReport;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed run never looks like a good one: bad servers, bad folders, interrupts. */
class LoadgenFailureTest {
  @TempDir Path dir;

  private static LoadGenerator.Builder against(URI endpoint, String model) {
    return LoadGenerator.builder()
        .endpoint(endpoint)
        .model(model)
        .data(DataSpec.random(TokenLength.fixed(16), TokenLength.fixed(8)))
        .requestTimeout(Duration.ofSeconds(5));
  }

  /** Every request sent ended, and the counts add up in the result and the files. */
  private static void assertAccounted(StageResult s, Path dir) throws Exception {
    assertThat(s.completed() + s.failed()).isEqualTo(s.sent());
    assertThat(s.errors().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.failed());
    assertThat(Files.readAllLines(dir.resolve("stage_" + s.index() + "_requests.csv")))
        .hasSize((int) s.sent() + 1);
  }

  /** An http endpoint on a local port that nobody listens on: connections are refused. */
  static URI refusedEndpoint() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
  }

  @Test
  void unresolvableHostFailsEveryRequestWithTheHostNamed() throws Exception {
    // given
    LoadGenerator gen =
        against(URI.create("http://no-such-host.invalid:8000"), "m")
            .stage(Stage.rate(20, Duration.ofMillis(500)))
            .build();

    // when
    LoadgenResult r = gen.run(dir);

    // then
    StageResult s = r.stages().get(0);
    assertThat(s.sent()).isEqualTo(10);
    assertThat(s.errors()).containsExactly(Map.entry("resolve", 10L));
    assertThat(s.errorSamples().get("resolve")).contains("no-such-host.invalid");
    assertAccounted(s, dir);
    assertThat(s.serverFailing()).isTrue();
    assertThat(s.clientBottleneck()).isFalse();
    BenchmarkReport report = r.reports().get(0);
    assertThat(report.results().requestPerformance().aggregate().requests().total()).isEqualTo(10);
    assertThat(report.results().requestPerformance().aggregate().requests().failures())
        .isEqualTo(10);
    assertThat(report.scenario().load().metadata().description())
        .startsWith("server failing: 10 of 10 requests failed (resolve: cannot resolve host");
  }

  @Test
  void refusedConnectionIsTheServersFailureNotTheClients() throws Exception {
    // given: a port nobody listens on, and a schedule delay threshold any delay passes
    URI refused = refusedEndpoint();
    LoadGenerator gen =
        against(refused, "m")
            .scheduleDelayThreshold(Duration.ZERO)
            .stage(Stage.rate(200, Duration.ofMillis(500)))
            .build();

    // when
    LoadgenResult r = gen.run(dir);

    // then
    StageResult s = r.stages().get(0);
    assertThat(s.errors()).containsOnlyKeys("connect");
    assertThat(s.errorSamples().get("connect"))
        .contains("refused")
        .contains("127.0.0.1:" + refused.getPort());
    assertAccounted(s, dir);
    assertThat(s.clientBottleneck()).isFalse();
    assertThat(r.clientBottleneck()).isFalse();
    assertThat(s.verdict()).startsWith("server failing: 100 of 100 requests failed (connect x100)");
    BenchmarkReport report = Harnesses.get("loadgen").transformer().transform(dir).get(0);
    assertThat(report.scenario().load().metadata().description())
        .startsWith("server failing")
        .doesNotContain("client bottleneck");
    var agg = report.results().requestPerformance().aggregate();
    assertThat(agg.requests().failures()).isEqualTo(100);
    assertThat(agg.latency().timeToFirstToken()).isNull();
  }

  @Test
  void aClosedLoopAgainstARefusedPortPausesInsteadOfSpinning() throws Exception {
    StageResult s =
        against(refusedEndpoint(), "m")
            .stage(Stage.concurrency(4, Duration.ofMillis(500)))
            .build()
            .run(dir)
            .stages()
            .get(0);
    // 4 users, each at most one attempt per 100 ms pause over 0.5 s (a slow machine makes fewer)
    assertThat(s.sent()).isPositive().isLessThanOrEqualTo(4 * 6);
    assertThat(s.errors()).containsOnlyKeys("connect");
    assertAccounted(s, dir);
  }

  @Test
  void everyRequest404KeepsTheServersMessageAndFailOnErrorRateThrows() throws Exception {
    try (Simulator sim = Simulator.builder().timeToFirstToken(Duration.ZERO).start()) {
      // given: a model the server does not serve
      LoadGenerator quiet =
          against(sim.endpoint(), "wrong-model")
              .stage(Stage.rate(20, Duration.ofMillis(300)))
              .build();

      // when
      LoadgenResult r = quiet.run(dir.resolve("quiet"));

      // then: counted, and the server's message kept in the result, the summary and the report
      StageResult s = r.stages().get(0);
      assertThat(s.errors()).containsExactly(Map.entry("http_404", 6L));
      assertThat(s.errorSamples().get("http_404"))
          .startsWith("HTTP 404: ")
          .contains("The model `wrong-model` does not exist.");
      assertThat(Files.readString(dir.resolve("quiet/stage_0_summary.json")))
          .contains("does not exist");
      BenchmarkReport report = r.reports().get(0);
      assertValid(List.of(report));
      assertThat(report.scenario().load().metadata().description())
          .contains("http_404")
          .contains("does not exist");
      assertThat(report.scenario().load().nativeConfig().toString()).contains("does not exist");

      // when: the same load with a failOn policy
      LoadGenerator strict =
          against(sim.endpoint(), "wrong-model")
              .stage(Stage.rate(20, Duration.ofMillis(300)))
              .stage(Stage.rate(20, Duration.ofMillis(300)))
              .failOnErrorRate(0.01)
              .build();
      LoadgenException e =
          catchThrowableOfType(() -> strict.run(dir.resolve("strict")), LoadgenException.class);

      // then: it throws after the first stage, naming the error and the server's message
      assertThat(e)
          .hasMessageContaining("stage 0")
          .hasMessageContaining("6 of 6 requests failed")
          .hasMessageContaining("http_404 x6: HTTP 404")
          .hasMessageContaining("does not exist");
      assertThat(e.result().stages()).hasSize(1);
      assertThat(dir.resolve("strict/stage_1_requests.csv")).doesNotExist();
    }
  }

  @Test
  void anHtmlAnswerIsAProtocolErrorShowingWhatCame() throws Exception {
    HttpServer html =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    html.createContext(
        "/",
        x -> {
          x.getRequestBody().readAllBytes();
          byte[] b =
              "<html><body>Welcome to nginx!</body></html>\n".getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "text/html");
          x.sendResponseHeaders(200, b.length);
          try (OutputStream o = x.getResponseBody()) {
            o.write(b);
          }
        });
    html.start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + html.getAddress().getPort());
      for (boolean streaming : new boolean[] {true, false}) {
        Path out = dir.resolve("streaming-" + streaming);
        StageResult s =
            against(endpoint, "m")
                .streaming(streaming)
                .stage(Stage.rate(10, Duration.ofMillis(300)))
                .build()
                .run(out)
                .stages()
                .get(0);
        assertThat(s.errors()).containsOnlyKeys("protocol");
        assertThat(s.errorSamples().get("protocol"))
            .contains("<html><body>Welcome to nginx!</body></html>");
        assertThat(s.serverFailing()).isTrue();
        assertAccounted(s, out);
      }
    } finally {
      html.stop(0);
    }
  }

  @Test
  void aResultsFolderThatHoldsARunIsRefused() throws Exception {
    try (Simulator sim = Simulator.builder().timeToFirstToken(Duration.ZERO).start()) {
      LoadGenerator gen =
          against(sim.endpoint(), sim.model())
              .stage(Stage.rate(20, Duration.ofMillis(200)))
              .build();
      gen.run(dir);
      String before = Files.readString(dir.resolve("stage_0_requests.csv"));

      assertThatThrownBy(() -> gen.run(dir))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageContaining("not empty")
          .hasMessageContaining("loadgen.json");
      assertThat(Files.readString(dir.resolve("stage_0_requests.csv"))).isEqualTo(before);

      Path file = Files.writeString(dir.resolve("a-file"), "x");
      assertThatThrownBy(() -> gen.run(file)).hasMessageContaining("is a file");
    }
  }

  @Test
  void interruptingTheRunningThreadStopsTheRunAndLeavesCompleteFiles() throws Exception {
    try (Simulator sim =
        Simulator.builder()
            .timeToFirstToken(Duration.ofMillis(5))
            .interTokenLatency(Duration.ofMillis(50))
            .start()) {
      // given: a first stage that finishes and a second one of ten minutes
      CountDownLatch secondStageRunning = new CountDownLatch(1);
      LoadGenerator gen =
          against(sim.endpoint(), sim.model())
              .stage(Stage.rate(20, Duration.ofMillis(300)))
              .stage(Stage.concurrency(4, Duration.ofMinutes(10)))
              .listener(
                  e -> {
                    if (e.progress().stage() == 1 && e.progress().completed() > 0) {
                      secondStageRunning.countDown();
                    }
                  })
              .build();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Boolean> flagKept = new AtomicReference<>();
      Thread runner =
          new Thread(
              () -> {
                try {
                  gen.run(dir);
                } catch (Throwable t) {
                  thrown.set(t);
                  flagKept.set(Thread.currentThread().isInterrupted());
                }
              });
      runner.start();
      assertThat(secondStageRunning.await(60, TimeUnit.SECONDS)).isTrue();

      // when
      runner.interrupt();
      runner.join(TimeUnit.MINUTES.toMillis(2)); // the stage had ten minutes to go

      // then
      assertThat(runner.isAlive()).isFalse();
      assertThat(thrown.get())
          .isInstanceOf(LoadgenException.class)
          .hasMessageContaining("interrupted in stage 1");
      assertThat(flagKept.get()).as("interrupt flag restored").isTrue();
      LoadgenResult partial = ((LoadgenException) thrown.get()).result();
      assertThat(partial.stages()).hasSize(2);
      assertThat(partial.stages().get(0).interrupted()).isFalse();
      StageResult stopped = partial.stages().get(1);
      assertThat(stopped.interrupted()).isTrue();
      assertAccounted(stopped, dir);
      assertThat(stopped.completed()).isPositive();
      List<BenchmarkReport> reports = Harnesses.get("loadgen").transformer().transform(dir);
      assertThat(reports).hasSize(2);
      assertThat(reports.get(1).scenario().load().metadata().description())
          .contains("interrupted after")
          .contains("of 600.0 s");
    }
  }

  @Test
  void cancelFromAnotherThreadStopsTheRun() throws Exception {
    try (Simulator sim = Simulator.builder().interTokenLatency(Duration.ofMillis(20)).start()) {
      CountDownLatch running = new CountDownLatch(1);
      LoadGenerator gen =
          against(sim.endpoint(), sim.model())
              .stage(Stage.rate(20, Duration.ofMinutes(10)))
              .listener(e -> running.countDown())
              .build();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread runner =
          new Thread(
              () -> {
                try {
                  gen.run(dir);
                } catch (Throwable t) {
                  thrown.set(t);
                }
              });
      runner.start();
      assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();

      gen.close();
      runner.join(TimeUnit.MINUTES.toMillis(2));

      assertThat(runner.isAlive()).isFalse();
      assertThat(thrown.get()).isInstanceOf(LoadgenException.class).hasMessageContaining("closed");
      StageResult s = ((LoadgenException) thrown.get()).result().stages().get(0);
      assertAccounted(s, dir);
      assertThat(Files.readString(dir.resolve("stage_0_summary.json")))
          .contains("\"interrupted\" : true");
      assertThatThrownBy(() -> gen.run(dir.resolve("again")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }

  @Test
  void aProgressListenerThatThrowsDoesNotStopTheRun() throws Exception {
    try (Simulator sim = Simulator.builder().timeToFirstToken(Duration.ZERO).start()) {
      LoadgenResult r =
          against(sim.endpoint(), sim.model())
              .stage(Stage.rate(10, Duration.ofMillis(1500)))
              .listener(
                  e -> {
                    throw new IllegalStateException("listener bug");
                  })
              .build()
              .run(dir);
      assertThat(r.stages().get(0).sent()).isEqualTo(15);
      assertThat(r.stages().get(0).failed()).isZero();
    }
  }
}
