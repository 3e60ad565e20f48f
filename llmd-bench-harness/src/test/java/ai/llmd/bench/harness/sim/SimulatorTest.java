package ai.llmd.bench.harness.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimulatorTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<String> post(Simulator sim, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(sim.endpoint().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(Simulator sim, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(sim.endpoint().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesModelsAndHealth() throws Exception {
    try (Simulator sim = Simulator.builder().model("m1").start()) {
      JsonNode models = JSON.readTree(get(sim, "/v1/models").body());
      assertThat(models.at("/data/0/id").asString()).isEqualTo("m1");
      assertThat(get(sim, "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void streamsOneChunkPerTokenWithUsageLast() throws Exception {
    try (Simulator sim =
        Simulator.builder()
            .model("m")
            .timeToFirstToken(Duration.ZERO)
            .interTokenLatency(Duration.ZERO)
            .start()) {
      // when
      HttpResponse<String> r =
          post(
              sim,
              "/v1/completions",
              "{\"model\":\"m\",\"prompt\":\"one two three four\",\"max_tokens\":5,\"stream\":true}");

      // then
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
      List<String> events =
          r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
      assertThat(events).hasSize(5 + 2);
      assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
      for (int i = 0; i < 5; i++) {
        JsonNode chunk = JSON.readTree(events.get(i));
        assertThat(chunk.at("/choices/0/text").asString()).isNotBlank();
        assertThat(chunk.at("/choices/0/finish_reason").isNull()).isEqualTo(i < 4);
      }
      JsonNode usage = JSON.readTree(events.get(5));
      assertThat(usage.get("choices")).isEmpty();
      assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
      assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(5);
      assertThat(sim.metrics().generationTokens()).isEqualTo(5);
    }
  }

  @Test
  void chatWithoutStreamingAndNaturalStop() throws Exception {
    try (Simulator sim =
        Simulator.builder()
            .model("m")
            .naturalOutputTokens(3)
            .timeToFirstToken(Duration.ZERO)
            .interTokenLatency(Duration.ZERO)
            .start()) {
      String req =
          "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}],\"max_tokens\":10}";
      JsonNode body = JSON.readTree(post(sim, "/v1/chat/completions", req).body());
      assertThat(body.get("object").asString()).isEqualTo("chat.completion");
      assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
      assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
      assertThat(body.at("/choices/0/message/content").asString().trim().split(" ")).hasSize(3);

      String ignoreEos = req.replace("}],", "}],\"ignore_eos\":true,");
      JsonNode full = JSON.readTree(post(sim, "/v1/chat/completions", ignoreEos).body());
      assertThat(full.at("/usage/completion_tokens").asInt()).isEqualTo(10);
      assertThat(full.at("/choices/0/finish_reason").asString()).isEqualTo("length");
    }
  }

  @Test
  void errorsAreOpenAiShaped() throws Exception {
    try (Simulator sim = Simulator.builder().model("m").start()) {
      HttpResponse<String> bad = post(sim, "/v1/completions", "{not json");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(bad.body()).at("/error/message").asString())
          .contains("not valid JSON");

      HttpResponse<String> wrongModel =
          post(sim, "/v1/completions", "{\"model\":\"other\",\"prompt\":\"x\"}");
      assertThat(wrongModel.statusCode()).isEqualTo(404);
      assertThat(wrongModel.body()).contains("The model `other` does not exist.");

      assertThat(post(sim, "/v1/completions", "{\"model\":\"m\"}").statusCode()).isEqualTo(400);
      assertThat(get(sim, "/v1/nothing").statusCode()).isEqualTo(404);
    }
    try (Simulator failing = Simulator.builder().model("m").failureRate(1.0).start()) {
      HttpResponse<String> r =
          post(failing, "/v1/completions", "{\"model\":\"m\",\"prompt\":\"x\"}");
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(failing.metrics().failures()).isEqualTo(1);
    }
  }

  @Test
  void queuesBehindTheConcurrencyLimitAndReportsItInMetrics() throws Exception {
    try (Simulator sim =
        Simulator.builder()
            .model("m")
            .maxConcurrency(1)
            .timeToFirstToken(Duration.ofMillis(300))
            .interTokenLatency(Duration.ZERO)
            .start()) {
      String req = "{\"model\":\"m\",\"prompt\":\"x\",\"max_tokens\":1}";
      long start = System.nanoTime();
      CompletableFuture<HttpResponse<String>> first =
          CompletableFuture.supplyAsync(() -> call(sim, req));
      awaitState(sim, 1, 0);
      CompletableFuture<HttpResponse<String>> second =
          CompletableFuture.supplyAsync(() -> call(sim, req));
      awaitState(sim, 1, 1);

      String metrics = get(sim, "/metrics").body();
      assertThat(metrics).contains("vllm:num_requests_running{model_name=\"m\"} 1");
      assertThat(metrics).contains("vllm:num_requests_waiting{model_name=\"m\"} 1");
      assertThat(metrics).contains("vllm:kv_cache_usage_perc{model_name=\"m\"} 1.0");

      first.join();
      second.join();
      // the second waited for the first: two TTFTs at least
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(600));
      assertThat(get(sim, "/metrics").body())
          .contains("vllm:generation_tokens_total{model_name=\"m\"} 2.0");
    }
  }

  private HttpResponse<String> call(Simulator sim, String body) {
    try {
      return post(sim, "/v1/completions", body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits (bounded) for the simulator to reach a running/waiting state. */
  private static void awaitState(Simulator sim, int running, int waiting)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      var m = sim.metrics();
      if (m.running() == running && m.waiting() == waiting) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError(
        "simulator never reached running="
            + running
            + " waiting="
            + waiting
            + ": "
            + sim.metrics());
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThatThrownBy(() -> Simulator.builder().maxConcurrency(0))
        .hasMessageContaining("maxConcurrency");
    assertThatThrownBy(() -> Simulator.builder().failureRate(1.5))
        .hasMessageContaining("failureRate");
    assertThatThrownBy(() -> Simulator.builder().timeToFirstToken(Duration.ofMillis(-1)))
        .hasMessageContaining("timeToFirstToken");
  }

  @Test
  void chatCountsTextPartsAndAcceptsImageAndAudioParts() throws Exception {
    try (Simulator sim =
        Simulator.builder()
            .model("m")
            .timeToFirstToken(Duration.ZERO)
            .interTokenLatency(Duration.ZERO)
            .start()) {
      // given: guidellm's default list-of-parts content
      String body =
          """
          {"model":"m","max_tokens":2,"messages":[
            {"role":"system","content":"you are terse"},
            {"role":"user","content":[
              {"type":"text","text":"one two three"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},
              {"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}},
              {"type":"text","text":"four five"}]}]}
          """;

      // when
      HttpResponse<String> r = post(sim, "/v1/chat/completions", body);

      // then: 3 + 3 + 2 words
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).at("/usage/prompt_tokens").asInt()).isEqualTo(8);
    }
  }

  @Test
  void aPartOfUnknownTypeIsABadRequestNamingIt() throws Exception {
    try (Simulator sim = Simulator.builder().model("m").start()) {
      HttpResponse<String> r =
          post(
              sim,
              "/v1/chat/completions",
              "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"hologram\"}]}]}");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).at("/error/message").asString())
          .contains("messages[0].content[0].type 'hologram'");
    }
  }

  @Test
  void holdsManyConcurrentStreamsOnAFixedSetOfThreads() throws Exception {
    int streams = 400;
    try (Simulator sim =
        Simulator.builder()
            .model("m")
            .maxConcurrency(streams)
            .timeToFirstToken(Duration.ofMillis(20))
            .interTokenLatency(Duration.ofSeconds(1))
            .start()) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String body = "{\"model\":\"m\",\"prompt\":\"a b\",\"max_tokens\":4,\"stream\":true}";
      List<CompletableFuture<HttpResponse<java.util.stream.Stream<String>>>> calls =
          new java.util.ArrayList<>();
      for (int i = 0; i < streams; i++) {
        calls.add(
            client.sendAsync(
                HttpRequest.newBuilder(sim.endpoint().resolve("/v1/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofLines()));
      }

      // when: every stream is open at once
      awaitState(sim, streams, 0);

      // then: the simulator's threads are the same few as with no stream
      long simThreads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().startsWith("llmd-sim-"))
              .count();
      assertThat(simThreads).isLessThanOrEqualTo(4);
      for (var c : calls) {
        assertThat(c.join().body().filter(l -> l.startsWith("data: ")).count()).isEqualTo(6);
      }
      assertThat(sim.metrics().requests()).isEqualTo(streams);
    }
  }

  @Test
  void aClientThatGoesAwayFreesItsSlot() throws Exception {
    try (Simulator sim =
        Simulator.builder()
            .model("m")
            .maxConcurrency(1)
            .timeToFirstToken(Duration.ofMillis(10))
            .interTokenLatency(Duration.ofMillis(100))
            .start()) {
      // given: a stream holding the only slot, and its client gone
      try (var socket = new java.net.Socket("127.0.0.1", sim.endpoint().getPort())) {
        String body = "{\"model\":\"m\",\"prompt\":\"a\",\"max_tokens\":1000,\"stream\":true}";
        socket
            .getOutputStream()
            .write(
                ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: "
                        + body.length()
                        + "\r\n\r\n"
                        + body)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        awaitState(sim, 1, 0);
      }

      // when / then: the slot is free for the next request
      awaitState(sim, 0, 0);
      HttpResponse<String> r =
          post(sim, "/v1/completions", "{\"model\":\"m\",\"prompt\":\"x\",\"max_tokens\":1}");
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }
}
