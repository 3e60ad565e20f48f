package ai.llmd.bench.harness.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Routes and answers the simulator's HTTP requests. */
final class SimulatorHandler implements HttpHandler {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String[] WORDS = {
    "the",
    "model",
    "answers",
    "with",
    "tokens",
    "of",
    "simulated",
    "text",
    "for",
    "benchmarks",
    "and",
    "tests"
  };

  private final Simulator.Config config;
  private final Semaphore slots;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong generationTokens = new AtomicLong();
  private final AtomicLong ids = new AtomicLong();
  private final SplittableRandom random;

  SimulatorHandler(Simulator.Config config) {
    this.config = config;
    this.slots = new Semaphore(config.maxConcurrency(), true);
    this.random = new SplittableRandom(config.seed());
  }

  SimulatorMetrics metrics() {
    return new SimulatorMetrics(
        running.get(),
        waiting.get(),
        requests.get(),
        failures.get(),
        promptTokens.get(),
        generationTokens.get());
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      switch (path) {
        case "/health" -> send(exchange, 200, "text/plain", "");
        case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4", prometheus());
        case "/v1/models" -> {
          if (!method.equals("GET")) {
            error(exchange, 405, "Method Not Allowed");
          } else {
            send(exchange, 200, "application/json", models());
          }
        }
        case "/v1/completions", "/v1/chat/completions" -> {
          if (!method.equals("POST")) {
            error(exchange, 405, "Method Not Allowed");
          } else {
            generate(exchange, path.endsWith("chat/completions"), arrived);
          }
        }
        default -> error(exchange, 404, "Not Found: " + path);
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  private void generate(HttpExchange exchange, boolean chat, long arrived) throws IOException {
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      request = JSON.readTree(in);
    } catch (JacksonException e) {
      error(exchange, 400, "request body is not valid JSON: " + e.getOriginalMessage());
      return;
    }
    if (request == null || !request.isObject()) {
      error(exchange, 400, "request body must be a JSON object");
      return;
    }
    String model = request.path("model").asString(config.model());
    if (!model.equals(config.model())) {
      error(exchange, 404, "The model `" + model + "` does not exist.");
      return;
    }
    int prompt;
    if (chat) {
      if (!request.path("messages").isArray() || request.path("messages").isEmpty()) {
        error(exchange, 400, "messages must be a non-empty array");
        return;
      }
      prompt = 0;
      for (JsonNode m : request.get("messages")) {
        prompt += words(m.path("content").asString(""));
      }
    } else {
      if (!request.has("prompt")) {
        error(exchange, 400, "prompt is required");
        return;
      }
      prompt =
          words(
              request.get("prompt").isArray()
                  ? request.get("prompt").path(0).asString("")
                  : request.get("prompt").asString());
    }
    int maxTokens =
        request
            .path(
                chat && request.has("max_completion_tokens")
                    ? "max_completion_tokens"
                    : "max_tokens")
            .asInt(config.defaultMaxTokens());
    if (maxTokens < 1) {
      error(exchange, 400, "max_tokens must be at least 1, got " + maxTokens);
      return;
    }
    boolean ignoreEos = request.path("ignore_eos").asBoolean(false);
    int output =
        ignoreEos || config.naturalOutputTokens() == null
            ? maxTokens
            : Math.min(maxTokens, config.naturalOutputTokens());
    boolean stream = request.path("stream").asBoolean(false);
    boolean usageInStream = request.path("stream_options").path("include_usage").asBoolean(true);

    boolean fail;
    synchronized (random) {
      fail = config.failureRate() > 0 && random.nextDouble() < config.failureRate();
    }
    if (fail) {
      failures.incrementAndGet();
      error(exchange, 500, "simulated failure");
      return;
    }

    // Time to first token counts from arrival when a slot is free, else from admission out of the
    // queue.
    long admitted = arrived;
    if (!slots.tryAcquire()) {
      waiting.incrementAndGet();
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        waiting.decrementAndGet();
      }
      admitted = System.nanoTime();
    }
    running.incrementAndGet();
    try {
      String id = (chat ? "chatcmpl-" : "cmpl-") + ids.incrementAndGet();
      long created = System.currentTimeMillis() / 1000;
      promptTokens.addAndGet(prompt);
      if (stream) {
        streamTokens(
            exchange, chat, id, created, admitted, prompt, output, maxTokens, usageInStream);
      } else {
        waitUntil(
            admitted
                + config.timeToFirstToken().toNanos()
                + (output - 1) * config.interTokenLatency().toNanos());
        generationTokens.addAndGet(output);
        send(
            exchange,
            200,
            "application/json",
            completion(chat, id, created, prompt, output, maxTokens));
      }
      requests.incrementAndGet();
    } finally {
      running.decrementAndGet();
      slots.release();
    }
  }

  private void streamTokens(
      HttpExchange exchange,
      boolean chat,
      String id,
      long created,
      long admitted,
      int prompt,
      int output,
      int maxTokens,
      boolean usage)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    long ttft = config.timeToFirstToken().toNanos();
    long itl = config.interTokenLatency().toNanos();
    for (int i = 0; i < output; i++) {
      waitUntil(admitted + ttft + i * itl);
      String finish = i == output - 1 ? (output == maxTokens ? "length" : "stop") : null;
      ObjectNode chunk = chunk(chat, id, created);
      ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject().put("index", 0);
      String text = WORDS[i % WORDS.length] + " ";
      if (chat) {
        ObjectNode delta = choice.putObject("delta");
        if (i == 0) {
          delta.put("role", "assistant");
        }
        delta.put("content", text);
      } else {
        choice.put("text", text);
      }
      choice.put("finish_reason", finish);
      event(out, JSON.writeValueAsString(chunk));
      generationTokens.incrementAndGet();
    }
    if (usage) {
      ObjectNode last = chunk(chat, id, created);
      usage(last, prompt, output);
      event(out, JSON.writeValueAsString(last));
    }
    event(out, "[DONE]");
    out.close();
  }

  private static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private ObjectNode chunk(boolean chat, String id, long created) {
    ObjectNode chunk = JSON.createObjectNode();
    chunk.put("id", id).put("object", chat ? "chat.completion.chunk" : "text_completion");
    chunk.put("created", created).put("model", config.model());
    chunk.putArray("choices");
    return chunk;
  }

  private String completion(
      boolean chat, String id, long created, int prompt, int output, int maxTokens) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", id).put("object", chat ? "chat.completion" : "text_completion");
    body.put("created", created).put("model", config.model());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < output; i++) {
      text.append(WORDS[i % WORDS.length]).append(' ');
    }
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    if (chat) {
      choice.putObject("message").put("role", "assistant").put("content", text.toString());
    } else {
      choice.put("text", text.toString());
    }
    choice.put("finish_reason", output == maxTokens ? "length" : "stop");
    usage(body, prompt, output);
    return JSON.writeValueAsString(body);
  }

  private static void usage(ObjectNode body, int prompt, int output) {
    body.putObject("usage")
        .put("prompt_tokens", prompt)
        .put("completion_tokens", output)
        .put("total_tokens", prompt + output);
  }

  private String models() {
    ObjectNode body = JSON.createObjectNode().put("object", "list");
    body.putArray("data")
        .addObject()
        .put("id", config.model())
        .put("object", "model")
        .put("owned_by", "llmd-bench")
        .put("root", config.model())
        .put("max_model_len", 32768);
    return JSON.writeValueAsString(body);
  }

  private String prometheus() {
    String label = "{model_name=\"" + config.model() + "\"}";
    return "# HELP vllm:num_requests_running Number of requests in model execution batches.\n"
        + "# TYPE vllm:num_requests_running gauge\n"
        + "vllm:num_requests_running"
        + label
        + " "
        + running.get()
        + "\n"
        + "# HELP vllm:num_requests_waiting Number of requests waiting to be processed.\n"
        + "# TYPE vllm:num_requests_waiting gauge\n"
        + "vllm:num_requests_waiting"
        + label
        + " "
        + waiting.get()
        + "\n"
        + "# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.\n"
        + "# TYPE vllm:kv_cache_usage_perc gauge\n"
        + "vllm:kv_cache_usage_perc"
        + label
        + " "
        + ((double) running.get() / config.maxConcurrency())
        + "\n"
        + "# HELP vllm:prompt_tokens_total Number of prefill tokens processed.\n"
        + "# TYPE vllm:prompt_tokens_total counter\n"
        + "vllm:prompt_tokens_total"
        + label
        + " "
        + (double) promptTokens.get()
        + "\n"
        + "# HELP vllm:generation_tokens_total Number of generation tokens processed.\n"
        + "# TYPE vllm:generation_tokens_total counter\n"
        + "vllm:generation_tokens_total"
        + label
        + " "
        + (double) generationTokens.get()
        + "\n"
        + "# HELP vllm:request_success_total Count of successfully processed requests.\n"
        + "# TYPE vllm:request_success_total counter\n"
        + "vllm:request_success_total"
        + label
        + " "
        + (double) requests.get()
        + "\n";
  }

  /**
   * Parks until a {@link System#nanoTime()} deadline; absolute deadlines keep token times from
   * drifting.
   */
  private static void waitUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The simulator's tokenizer: one token per whitespace-separated word. */
  static int words(String text) {
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error")
        .put("message", message)
        .put(
            "type",
            status >= 500
                ? "InternalServerError"
                : status == 404 ? "NotFoundError" : "BadRequestError")
        .put("code", status);
    send(exchange, status, "application/json", JSON.writeValueAsString(body));
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
