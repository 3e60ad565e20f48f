package ai.llmd.bench.harness.loadgen;

import static ai.llmd.bench.harness.Fixtures.assertValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Units;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadGeneratorTest {
  @TempDir Path dir;

  private static LoadGenerator.Builder against(URI endpoint, String model) {
    return LoadGenerator.builder()
        .endpoint(endpoint)
        .model(model)
        .data(DataSpec.random(TokenLength.fixed(16), TokenLength.fixed(8)))
        .requestTimeout(Duration.ofSeconds(5));
  }

  @Test
  void multiStageRunAgainstTheSimulatorMeasuresWhatTheSimulatorDoes() throws Exception {
    // given: TTFT 20 ms, ITL 4 ms, 8 tokens
    try (Simulator sim =
        Simulator.builder()
            .timeToFirstToken(Duration.ofMillis(20))
            .interTokenLatency(Duration.ofMillis(4))
            .start()) {
      List<BenchEvent> progress = new CopyOnWriteArrayList<>();
      BenchEvent.Context ctx = new BenchEvent.Context("exp", "sim", "base/rate-40/r1");
      LoadGenerator gen =
          against(sim.endpoint(), sim.model())
              .stage(Stage.rate(40, Duration.ofSeconds(1)))
              .stage(Stage.rate(80, Duration.ofMillis(1500)))
              .stage(Stage.concurrency(4, Duration.ofSeconds(1)))
              .warmup(Duration.ofMillis(300))
              .listener(progress::add, ctx)
              .build();

      // when
      LoadgenResult result = gen.run(dir);
      List<BenchmarkReport> reports =
          Harnesses.get("loadgen").transformer().transform(dir, dir.resolve("reports"));

      // then: request counts follow the stages (warm-up requests are not recorded)
      assertThat(result.stages()).hasSize(3);
      assertThat(result.stages().get(0).sent()).isEqualTo(40);
      assertThat(result.stages().get(1).sent()).isEqualTo(120);
      assertThat(result.stages().get(0).failed()).isZero();
      assertThat(result.stages().get(2).sent()).isGreaterThan(4);
      assertThat(sim.metrics().requests()).isGreaterThan(40 + 120);
      assertValid(reports);
      assertThat(reports).hasSize(3);
      var stage1 = reports.get(1);
      assertThat(stage1.scenario().load().standardized().rateQps()).isEqualTo(80.0);
      assertThat(stage1.scenario().load().standardized().stage()).isEqualTo(1);
      var agg = stage1.results().requestPerformance().aggregate();
      assertThat(agg.requests().total()).isEqualTo(120);
      assertThat(agg.requests().failures()).isZero();
      assertThat(agg.requests().outputLength().mean()).isEqualTo(8.0);
      assertThat(agg.requests().inputLength().mean()).isEqualTo(16.0);
      // generous bounds: loopback adds little, a loaded CI machine may add some
      assertThat(agg.latency().timeToFirstToken().units()).isEqualTo(Units.MS);
      assertThat(agg.latency().timeToFirstToken().p50()).isBetween(20.0, 40.0);
      assertThat(agg.latency().interTokenLatency().p50()).isBetween(3.0, 8.0);
      assertThat(agg.latency().requestLatency().p50()).isBetween(20.0 + 7 * 4, 100.0);
      assertThat(reports.get(2).scenario().load().standardized().concurrency().value())
          .isEqualTo(4);
      assertThat(progress).isNotEmpty();
      assertThat(progress)
          .allSatisfy(
              e -> {
                assertThat(e.type()).isEqualTo(BenchEvent.Type.WORKLOAD_PROGRESS);
                assertThat(e.context()).isEqualTo(ctx);
              });
      assertThat(progress.get(0).progress().toString())
          .matches("stage 1/3  elapsed \\d+\\.\\d s of 1\\.0 s  sent .*");
      assertThat(progress.get(0).message()).isEqualTo(progress.get(0).progress().toString());
      // the 1.5 s stage reports too; the counts never exceed what was sent
      assertThat(progress)
          .extracting(e -> e.progress().stage())
          .contains(1)
          .allMatch(stage -> stage >= -1 && stage < 3);
      assertThat(progress)
          .allSatisfy(
              e -> {
                BenchEvent.Progress p = e.progress();
                assertThat(p.stages()).isEqualTo(3);
                assertThat(p.completed() + p.failed()).isLessThanOrEqualTo(p.sent());
              });
      // the result gives the same reports as the transformer, and each stage its latencies
      assertThat(result.reports()).hasSize(3);
      for (int i = 0; i < 3; i++) {
        assertThat(result.reports().get(i).results()).isEqualTo(reports.get(i).results());
      }
      assertThat(result.stages().get(1).latency().timeToFirstToken().p50())
          .isEqualTo(agg.latency().timeToFirstToken().p50());
      assertThat(result.stages().get(1).toString())
          .startsWith("StageResult[stage 1: 80.0 req/s for 1.5 s, sent 120, ok 120, failed 0");
      assertThat(gen.toString())
          .startsWith("LoadGenerator[" + sim.endpoint() + ", model " + sim.model())
          .contains("warm-up 0.3 s");
      assertThat(dir.resolve("reports/benchmark_report_v0.2.1,_stage_1_rate_80.yaml")).exists();

      // every request of stage 1 was scheduled inside stage 1's window
      List<String> rows = Files.readAllLines(dir.resolve("stage_1_requests.csv"));
      assertThat(rows).hasSize(121);
      for (String row : rows.subList(1, rows.size())) {
        assertThat(Double.parseDouble(row.split(",")[1])).isBetween(0.0, 1500.0);
      }
    }
  }

  @Test
  void requestLogTimesAreMillisecondsWithMicrosecondDigits() {
    assertThat(RequestLog.ms(1_234_567)).isEqualTo("1.235");
    assertThat(RequestLog.ms(999)).isEqualTo("0.001");
    assertThat(RequestLog.ms(0)).isEqualTo("0.000");
    assertThat(RequestLog.ms(12_000_040_000L)).isEqualTo("12000.040");
    assertThat(RequestLog.ms(-1_500_000)).isEqualTo("-1.500");
  }

  @Test
  void theSameSeedSendsTheSameData() {
    LoadSpec spec =
        against(URI.create("http://127.0.0.1:1"), "m")
            .stage(Stage.rate(1, Duration.ofSeconds(1)))
            .data(DataSpec.random(TokenLength.gaussian(64, 16, 8, 128), TokenLength.uniform(4, 64)))
            .build()
            .spec();
    Prompts a = new Prompts(spec.data(), 7);
    Prompts b = new Prompts(spec.data(), 7);
    Prompts c = new Prompts(spec.data(), 8);
    for (long i = 0; i < 50; i++) {
      assertThat(a.get(i)).isEqualTo(b.get(i));
      assertThat(a.get(i).inputTokens())
          .isBetween(8, 128)
          .isEqualTo(Prompts.count(a.get(i).user()));
    }
    assertThat(a.get(3)).isNotEqualTo(c.get(3));

    Prompts shared = new Prompts(DataSpec.sharedPrefix(2, 4, 32, 8, TokenLength.fixed(4)), 7);
    var systems =
        java.util.stream.LongStream.range(0, 100)
            .mapToObj(i -> shared.get(i).system())
            .distinct()
            .toList();
    assertThat(systems).hasSize(2);
    assertThat(shared.get(0).inputTokens()).isEqualTo(40);
  }

  @Test
  void datasetPromptsAndReplyLengths() throws Exception {
    Path data = dir.resolve("sharegpt.jsonl");
    Files.writeString(
        data,
        "{\"conversations\": [{\"from\": \"human\", \"value\": \"what is a token\"}, {\"from\": \"gpt\", \"value\": \"a piece of text\"}]}\n"
            + "{\"prompt\": \"hello world\"}\n");
    Prompts p = new Prompts(DataSpec.dataset(data, TokenLength.fixed(9)), 1);
    assertThat(p.get(0).user()).isEqualTo("what is a token");
    assertThat(p.get(0).maxTokens()).isEqualTo(4);
    assertThat(p.get(1).maxTokens()).isEqualTo(9);

    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(broken, "{\"prompt\": \"ok\"}\nnot json\n");
    assertThatThrownBy(() -> new Prompts(DataSpec.dataset(broken, TokenLength.fixed(9)), 1))
        .hasMessageContaining("line 2");
  }

  @Test
  void invalidLoadsAreRejectedWhenBuilt() {
    assertThatThrownBy(() -> Stage.rate(-1, Duration.ofSeconds(1))).hasMessageContaining("rate");
    assertThatThrownBy(() -> Stage.concurrency(0, Duration.ofSeconds(1)))
        .hasMessageContaining("concurrency");
    assertThatThrownBy(() -> Stage.rate(1, Duration.ZERO)).hasMessageContaining("duration");
    assertThatThrownBy(() -> against(URI.create("http://127.0.0.1:1"), "m").build())
        .hasMessageContaining("at least one stage");
    assertThatThrownBy(
            () ->
                against(URI.create("ftp://host"), "m")
                    .stage(Stage.rate(1, Duration.ofSeconds(1)))
                    .build())
        .hasMessageContaining("http or https URL");
    assertThatThrownBy(
            () ->
                against(URI.create("http://host"), "m")
                    .stage(Stage.rate(1, Duration.ofSeconds(1)))
                    .insecureSkipTlsVerify(true)
                    .build())
        .hasMessageContaining("not https");
    assertThatThrownBy(
            () ->
                against(URI.create("https://host"), "m")
                    .stage(Stage.rate(1, Duration.ofSeconds(1)))
                    .insecureSkipTlsVerify(true)
                    .trustCertificates(Path.of("ca.pem"))
                    .build())
        .hasMessageContaining("choose one of");
    assertThatThrownBy(
            () ->
                against(URI.create("https://host"), "m")
                    .stage(Stage.rate(1, Duration.ofSeconds(1)))
                    .trustCertificates(dir.resolve("missing.pem"))
                    .build())
        .hasMessageContaining("trustCertificates")
        .hasMessageContaining("missing.pem");
    assertThatThrownBy(() -> against(URI.create("http://host"), "m").failOnErrorRate(1.5))
        .hasMessageContaining("failOnErrorRate");
    assertThatThrownBy(() -> TokenLength.uniform(10, 5)).hasMessageContaining("min <= max");
  }

  @Test
  void unreachableServerIsCountedNotThrown() throws Exception {
    LoadgenResult r =
        against(LoadgenFailureTest.refusedEndpoint(), "m")
            .stage(Stage.rate(20, Duration.ofMillis(500)))
            .build()
            .run(dir);
    assertThat(r.stages().get(0).sent()).isEqualTo(10);
    assertThat(r.stages().get(0).errors()).containsEntry("connect", 10L);
    // all failed: the report has counts and no latencies
    var agg =
        Harnesses.get("loadgen")
            .transformer()
            .transform(dir)
            .get(0)
            .results()
            .requestPerformance()
            .aggregate();
    assertThat(agg.requests().failures()).isEqualTo(10);
    assertThat(agg.latency().timeToFirstToken()).isNull();
  }

  @Test
  void httpErrorsMalformedStreamsAndTimeoutsAreCountedByKind() throws Exception {
    HttpServer bad =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    bad.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    bad.createContext(
        "/http503/v1/completions", x -> reply(x, 503, "{\"error\": {\"message\": \"busy\"}}"));
    bad.createContext("/html/v1/completions", x -> reply(x, 200, "<html>hello</html>"));
    bad.createContext(
        "/garbage/v1/completions",
        x -> reply(x, 200, "data: {\"choices\": [{\"text\": \"a\"}]}\n\ndata: {oops\n\n"));
    bad.createContext(
        "/slow/v1/completions",
        x -> {
          try {
            Thread.sleep(2000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply(x, 200, "data: [DONE]\n\n");
        });
    bad.start();
    try {
      String base = "http://127.0.0.1:" + bad.getAddress().getPort();
      assertThat(errorsOf(base + "/http503", Duration.ofSeconds(5))).containsOnlyKeys("http_503");
      assertThat(errorsOf(base + "/html", Duration.ofSeconds(5))).containsOnlyKeys("protocol");
      assertThat(errorsOf(base + "/garbage", Duration.ofSeconds(5))).containsOnlyKeys("protocol");
      assertThat(errorsOf(base + "/slow", Duration.ofMillis(300))).containsOnlyKeys("timeout");
    } finally {
      bad.stop(0);
    }
  }

  private java.util.Map<String, Long> errorsOf(String endpoint, Duration timeout) throws Exception {
    Path out = Files.createTempDirectory(dir, "run");
    LoadgenResult r =
        against(URI.create(endpoint), "m")
            .requestTimeout(timeout)
            .stage(Stage.rate(10, Duration.ofMillis(300)))
            .build()
            .run(out);
    assertThat(r.stages().get(0).completed()).isZero();
    assertThat(r.stages().get(0).failed()).isEqualTo(r.stages().get(0).sent()).isPositive();
    return r.stages().get(0).errors();
  }

  private static void reply(com.sun.net.httpserver.HttpExchange x, int status, String body)
      throws java.io.IOException {
    x.getRequestBody().readAllBytes();
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(b);
    }
  }

  @Test
  void clientBottleneckIsReported() throws Exception {
    try (Simulator sim =
        Simulator.builder()
            .timeToFirstToken(Duration.ZERO)
            .interTokenLatency(Duration.ZERO)
            .start()) {
      // a threshold of zero: any schedule delay at all marks the client as the bottleneck
      LoadgenResult r =
          against(sim.endpoint(), sim.model())
              .scheduleDelayThreshold(Duration.ZERO)
              .stage(Stage.rate(50, Duration.ofMillis(400)))
              .build()
              .run(dir);
      assertThat(r.clientBottleneck()).isTrue();
      assertThat(r.stages().get(0).bottleneckReasons())
          .anySatisfy(s -> assertThat(s).contains("schedule delay p99"));
      BenchmarkReport report = Harnesses.get("loadgen").transformer().transform(dir).get(0);
      assertThat(report.scenario().load().metadata().description()).startsWith("client bottleneck");
    }
  }

  @Test
  void chatWithoutStreamingAndPoissonArrivals() throws Exception {
    try (Simulator sim =
        Simulator.builder()
            .timeToFirstToken(Duration.ofMillis(5))
            .interTokenLatency(Duration.ofMillis(1))
            .start()) {
      LoadgenResult r =
          against(sim.endpoint(), sim.model())
              .api(LoadSpec.Api.CHAT)
              .streaming(false)
              .arrival(LoadSpec.Arrival.POISSON)
              .data(DataSpec.synthetic(TokenLength.uniform(8, 24), TokenLength.fixed(6)))
              .stage(Stage.rate(100, Duration.ofSeconds(2)))
              .build()
              .run(dir);

      assertThat(r.stages().get(0).failed()).isZero();
      long sent = r.stages().get(0).sent();
      assertThat(sent).isBetween(140L, 260L); // Poisson: 200 expected, 5 sigma is about 70
      List<String> rows =
          Files.readAllLines(dir.resolve("stage_0_requests.csv")).subList(1, (int) sent + 1);
      double[] scheduled =
          rows.stream().mapToDouble(l -> Double.parseDouble(l.split(",")[1])).sorted().toArray();
      double minGap = Double.MAX_VALUE;
      double maxGap = 0;
      for (int i = 1; i < scheduled.length; i++) {
        minGap = Math.min(minGap, scheduled[i] - scheduled[i - 1]);
        maxGap = Math.max(maxGap, scheduled[i] - scheduled[i - 1]);
      }
      assertThat(maxGap - minGap).as("Poisson gaps vary").isGreaterThan(10.0);
      var report = Harnesses.get("loadgen").transformer().transform(dir).get(0);
      var agg = report.results().requestPerformance().aggregate();
      assertThat(agg.latency().timeToFirstToken()).isNull(); // not measurable without streaming
      assertThat(agg.latency().requestLatency().p50()).isGreaterThanOrEqualTo(5.0 + 5 * 1.0);
      assertThat(agg.requests().outputLength().mean()).isEqualTo(6.0);
      assertThat(report.scenario().load().standardized().source()).isEqualTo("sampled");
      assertThat(report.scenario().load().standardized().inputSeqLen().distribution())
          .isEqualTo("uniform");
    }
  }

  @Test
  void requestBodiesAreValidJsonForBothApis() {
    LoadSpec completions =
        against(URI.create("http://127.0.0.1:1/prefix/"), "model \"q\"")
            .stage(Stage.rate(1, Duration.ofSeconds(1)))
            .build()
            .spec();
    RequestBodies bodies = new RequestBodies(completions, "127.0.0.1", 1, "/prefix", "secret");
    Prompts.Prompt prompt = new Prompts.Prompt("sys \"x\"", "user\nline", 4, 7);
    var json = tools.jackson.databind.json.JsonMapper.builder().build();
    var c = json.readTree(bodies.body(prompt));
    assertThat(c.get("model").asString()).isEqualTo("model \"q\"");
    assertThat(c.get("prompt").asString()).isEqualTo("sys \"x\" user\nline");
    assertThat(c.get("max_tokens").asInt()).isEqualTo(7);
    assertThat(c.get("stream").asBoolean()).isTrue();
    assertThat(c.at("/stream_options/include_usage").asBoolean()).isTrue();
    String head = new String(bodies.http(prompt), StandardCharsets.UTF_8);
    assertThat(head)
        .startsWith("POST /prefix/v1/completions HTTP/1.1\r\n")
        .contains("Authorization: Bearer secret");

    LoadSpec chat =
        against(URI.create("http://127.0.0.1:1"), "m")
            .api(LoadSpec.Api.CHAT)
            .streaming(false)
            .stage(Stage.rate(1, Duration.ofSeconds(1)))
            .build()
            .spec();
    var m = json.readTree(new RequestBodies(chat, "h", 1, "", null).body(prompt));
    assertThat(m.at("/messages/0/role").asString()).isEqualTo("system");
    assertThat(m.at("/messages/1/content").asString()).isEqualTo("user\nline");
    assertThat(m.has("stream_options")).isFalse();
  }

  @Test
  void theApiKeyIsNeverWrittenToTheResults() throws Exception {
    try (Simulator sim =
        Simulator.builder()
            .timeToFirstToken(Duration.ZERO)
            .interTokenLatency(Duration.ZERO)
            .start()) {
      against(sim.endpoint(), sim.model())
          .apiKey("sk-very-secret-token")
          .stage(Stage.rate(20, Duration.ofMillis(200)))
          .build()
          .run(dir);
      Harnesses.get("loadgen").transformer().transform(dir, dir.resolve("reports"));
      try (var files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(f)).as(f.toString()).doesNotContain("sk-very-secret-token");
        }
      }
    }
  }
}
