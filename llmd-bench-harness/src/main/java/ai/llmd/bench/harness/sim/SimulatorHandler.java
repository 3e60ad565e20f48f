package ai.llmd.bench.harness.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routes and answers the simulator's HTTP requests on Netty's event loops. No thread waits for a
 * token: each generation is a chain of {@link Clock} deadlines that write one chunk each, so one
 * event loop serves thousands of concurrent streams.
 */
@ChannelHandler.Sharable
final class SimulatorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
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

  /** Content part types vLLM accepts besides text; they add no text tokens here. */
  private static final Set<String> MEDIA_PARTS =
      Set.of("image_url", "input_audio", "audio_url", "video_url", "file", "image", "input_image");

  private final Simulator.Config config;
  private final Clock clock;
  private final ArrayDeque<Generation> queue = new ArrayDeque<>();
  private int running; // guarded by queue
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger runningGauge = new AtomicInteger();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong generationTokens = new AtomicLong();
  private final AtomicLong ids = new AtomicLong();
  private final SplittableRandom random;

  SimulatorHandler(Simulator.Config config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.random = new SplittableRandom(config.seed());
  }

  SimulatorMetrics metrics() {
    return new SimulatorMetrics(
        runningGauge.get(),
        waiting.get(),
        requests.get(),
        failures.get(),
        promptTokens.get(),
        generationTokens.get());
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    long arrived = System.nanoTime();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String path = new QueryStringDecoder(request.uri()).path();
    HttpMethod method = request.method();
    switch (path) {
      case "/health" -> send(ctx.channel(), keepAlive, HttpResponseStatus.OK, "text/plain", "");
      case "/metrics" ->
          send(
              ctx.channel(),
              keepAlive,
              HttpResponseStatus.OK,
              "text/plain; version=0.0.4",
              prometheus());
      case "/v1/models" -> {
        if (!method.equals(HttpMethod.GET)) {
          error(ctx.channel(), keepAlive, 405, "Method Not Allowed");
        } else {
          send(ctx.channel(), keepAlive, HttpResponseStatus.OK, "application/json", models());
        }
      }
      case "/v1/completions", "/v1/chat/completions" -> {
        if (!method.equals(HttpMethod.POST)) {
          error(ctx.channel(), keepAlive, 405, "Method Not Allowed");
        } else {
          generate(
              ctx.channel(),
              keepAlive,
              path.endsWith("chat/completions"),
              request.content().toString(StandardCharsets.UTF_8),
              arrived);
        }
      }
      default -> error(ctx.channel(), keepAlive, 404, "Not Found: " + path);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A client that goes away resets the connection: nothing to answer.
    ctx.close();
  }

  private void generate(Channel ch, boolean keepAlive, boolean chat, String body, long arrived) {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (JacksonException e) {
      error(ch, keepAlive, 400, "request body is not valid JSON: " + e.getOriginalMessage());
      return;
    }
    if (request == null || !request.isObject()) {
      error(ch, keepAlive, 400, "request body must be a JSON object");
      return;
    }
    String model = request.path("model").asString(config.model());
    if (!model.equals(config.model())) {
      error(ch, keepAlive, 404, "The model `" + model + "` does not exist.");
      return;
    }
    int prompt;
    if (chat) {
      if (!request.path("messages").isArray() || request.path("messages").isEmpty()) {
        error(ch, keepAlive, 400, "messages must be a non-empty array");
        return;
      }
      try {
        prompt = chatPromptTokens(request.get("messages"));
      } catch (IllegalArgumentException e) {
        error(ch, keepAlive, 400, e.getMessage());
        return;
      }
    } else {
      if (!request.has("prompt")) {
        error(ch, keepAlive, 400, "prompt is required");
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
      error(ch, keepAlive, 400, "max_tokens must be at least 1, got " + maxTokens);
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
      error(ch, keepAlive, 500, "simulated failure");
      return;
    }
    Generation g =
        new Generation(
            ch, keepAlive, chat, stream, usageInStream, prompt, output, maxTokens, arrived);
    // Reading stops while a response is under way, so a pipelined request waits its turn.
    ch.config().setAutoRead(false);
    ch.closeFuture().addListener(f -> g.cancel());
    admit(g);
  }

  /**
   * Prompt tokens of chat messages: a string content, or the text parts of a list of parts (the
   * OpenAI format guidellm sends by default); image and audio parts are accepted and count nothing.
   */
  static int chatPromptTokens(JsonNode messages) {
    int prompt = 0;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode content = messages.get(i).path("content");
      if (content.isString()) {
        prompt += words(content.asString());
      } else if (content.isArray()) {
        for (int j = 0; j < content.size(); j++) {
          JsonNode part = content.get(j);
          String type = part.path("type").asString("");
          String at = "messages[" + i + "].content[" + j + "]";
          if (type.equals("text")) {
            if (!part.path("text").isString()) {
              throw new IllegalArgumentException(at + ".text must be a string");
            }
            prompt += words(part.get("text").asString());
          } else if (!MEDIA_PARTS.contains(type)) {
            throw new IllegalArgumentException(
                at + ".type '" + type + "' is not one of text, " + String.join(", ", MEDIA_PARTS));
          }
        }
      } else if (!content.isMissingNode() && !content.isNull()) {
        throw new IllegalArgumentException(
            "messages[" + i + "].content must be a string or a list of parts");
      }
    }
    return prompt;
  }

  private void admit(Generation g) {
    boolean now;
    synchronized (queue) {
      now = running < config.maxConcurrency();
      if (now) {
        running++;
      } else {
        queue.add(g);
        waiting.incrementAndGet();
      }
    }
    if (now) {
      g.start(g.arrived);
    }
  }

  /** Frees the slot of a finished generation and starts the next waiting one. */
  private void release() {
    while (true) {
      Generation next;
      synchronized (queue) {
        next = queue.poll();
        if (next == null) {
          running--;
          return;
        }
        waiting.decrementAndGet();
      }
      if (next.channel.isActive()) {
        // The slot passes to the next request: time to first token counts from here.
        next.start(System.nanoTime());
        return;
      }
    }
  }

  /** One request being generated: its chain of token deadlines. */
  private final class Generation {
    final Channel channel;
    final boolean keepAlive;
    final boolean chat;
    final boolean stream;
    final boolean usage;
    final int prompt;
    final int output;
    final int maxTokens;
    final long arrived;
    final String id;
    final long created = System.currentTimeMillis() / 1000;
    private String prefix;
    // Confined to the channel's event loop, like every method below but the constructor.
    private long admitted;
    private boolean inSlot;
    private int sent;
    private boolean started;
    private boolean done;

    Generation(
        Channel channel,
        boolean keepAlive,
        boolean chat,
        boolean stream,
        boolean usage,
        int prompt,
        int output,
        int maxTokens,
        long arrived) {
      this.channel = channel;
      this.keepAlive = keepAlive;
      this.chat = chat;
      this.stream = stream;
      this.usage = usage;
      this.prompt = prompt;
      this.output = output;
      this.maxTokens = maxTokens;
      this.arrived = arrived;
      this.id = (chat ? "chatcmpl-" : "cmpl-") + ids.incrementAndGet();
    }

    /** Takes the slot given to this request, on its event loop. */
    void start(long admittedAt) {
      if (!channel.eventLoop().inEventLoop()) {
        channel.eventLoop().execute(() -> start(admittedAt));
        return;
      }
      inSlot = true;
      if (!channel.isActive()) {
        done = true;
        release();
        return;
      }
      admitted = admittedAt;
      runningGauge.incrementAndGet();
      promptTokens.addAndGet(prompt);
      long ttft = config.timeToFirstToken().toNanos();
      long itl = config.interTokenLatency().toNanos();
      clock.at(
          stream ? admitted + ttft : admitted + ttft + (output - 1) * itl,
          channel.eventLoop(),
          stream ? this::token : this::whole);
    }

    /** Writes the next token (the headers first), then schedules the one after. */
    private void token() {
      if (done) {
        return;
      }
      if (!started) {
        started = true;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
            .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        HttpUtil.setTransferEncodingChunked(head, true);
        HttpUtil.setKeepAlive(head, keepAlive);
        channel.write(head);
      }
      int i = sent++;
      String finish = i == output - 1 ? (output == maxTokens ? "\"length\"" : "\"stop\"") : "null";
      String text = WORDS[i % WORDS.length] + " ";
      String choice =
          chat
              ? "{\"index\":0,\"delta\":{"
                  + (i == 0 ? "\"role\":\"assistant\"," : "")
                  + "\"content\":\""
                  + text
                  + "\"},\"finish_reason\":"
                  + finish
                  + "}"
              : "{\"index\":0,\"text\":\"" + text + "\",\"finish_reason\":" + finish + "}";
      StringBuilder events = new StringBuilder(256);
      event(events, chunkPrefix() + choice + "]}");
      generationTokens.incrementAndGet();
      if (sent < output) {
        channel.writeAndFlush(content(events));
        clock.at(
            admitted
                + config.timeToFirstToken().toNanos()
                + sent * config.interTokenLatency().toNanos(),
            channel.eventLoop(),
            this::token);
        return;
      }
      if (usage) {
        event(events, chunkPrefix() + "]," + usageJson() + "}");
      }
      event(events, "[DONE]");
      channel.write(content(events));
      finish(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    /** Writes the whole answer of a request without streaming. */
    private void whole() {
      if (done) {
        return;
      }
      generationTokens.addAndGet(output);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < output; i++) {
        text.append(WORDS[i % WORDS.length]).append(' ');
      }
      ObjectNode body = JSON.createObjectNode();
      body.put("id", id).put("object", chat ? "chat.completion" : "text_completion");
      body.put("created", created).put("model", config.model());
      ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
      if (chat) {
        choice.putObject("message").put("role", "assistant").put("content", text.toString());
      } else {
        choice.put("text", text.toString());
      }
      choice.put("finish_reason", output == maxTokens ? "length" : "stop");
      body.putObject("usage")
          .put("prompt_tokens", prompt)
          .put("completion_tokens", output)
          .put("total_tokens", prompt + output);
      finish(
          channel.writeAndFlush(
              response(
                  keepAlive,
                  HttpResponseStatus.OK,
                  "application/json",
                  JSON.writeValueAsString(body))));
    }

    private void finish(io.netty.channel.ChannelFuture written) {
      done = true;
      requests.incrementAndGet();
      runningGauge.decrementAndGet();
      if (keepAlive) {
        channel.config().setAutoRead(true);
        channel.read();
      } else {
        written.addListener(ChannelFutureListener.CLOSE);
      }
      release();
    }

    /**
     * The client went away (called on the event loop): the slot is freed at once; a request still
     * waiting is skipped when its turn comes.
     */
    void cancel() {
      if (inSlot && !done) {
        done = true;
        runningGauge.decrementAndGet();
        release();
      }
    }

    private String chunkPrefix() {
      if (prefix == null) {
        prefix = newChunkPrefix();
      }
      return prefix;
    }

    private String newChunkPrefix() {
      return "{\"id\":\""
          + id
          + "\",\"object\":\""
          + (chat ? "chat.completion.chunk" : "text_completion")
          + "\",\"created\":"
          + created
          + ",\"model\":"
          + JSON.writeValueAsString(config.model())
          + ",\"choices\":[";
    }

    private String usageJson() {
      return "\"usage\":{\"prompt_tokens\":"
          + prompt
          + ",\"completion_tokens\":"
          + output
          + ",\"total_tokens\":"
          + (prompt + output)
          + "}";
    }
  }

  private static void event(StringBuilder out, String data) {
    out.append("data: ").append(data).append("\n\n");
  }

  private static DefaultHttpContent content(CharSequence text) {
    return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
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
        + runningGauge.get()
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
        + ((double) runningGauge.get() / config.maxConcurrency())
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

  private static void error(Channel ch, boolean keepAlive, int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error")
        .put("message", message)
        .put(
            "type",
            status >= 500
                ? "InternalServerError"
                : status == 404 ? "NotFoundError" : "BadRequestError")
        .put("code", status);
    send(
        ch,
        keepAlive,
        HttpResponseStatus.valueOf(status),
        "application/json",
        JSON.writeValueAsString(body));
  }

  private static void send(
      Channel ch, boolean keepAlive, HttpResponseStatus status, String type, String body) {
    var written = ch.writeAndFlush(response(keepAlive, status, type, body));
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static FullHttpResponse response(
      boolean keepAlive, HttpResponseStatus status, String type, String body) {
    ByteBuf bytes = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, bytes);
    r.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, type)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.readableBytes());
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    } else {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return r;
  }
}
