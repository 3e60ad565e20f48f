package ai.llmd.bench.harness.loadgen;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A validated load: where to send, what, and how fast. Built by {@link LoadGenerator#builder()};
 * holds no secret.
 *
 * @param endpoint base URL (http or https) of an OpenAI-compatible server; paths {@code /v1/...} go
 *     below it
 * @param model model name sent in each request
 * @param api completions or chat completions
 * @param streaming whether responses are streamed (needed for time to first token and inter-token
 *     latency)
 * @param arrival spacing of requests in rate stages
 * @param stages the load points, run in order
 * @param warmup load before the first stage whose requests are not recorded
 * @param data where prompts come from
 * @param seed seed of the data and of Poisson arrivals
 * @param requestTimeout longest wait for a byte of a response
 * @param scheduleDelayThreshold schedule delay p99 above which the client is called the bottleneck
 */
public record LoadSpec(
    URI endpoint,
    String model,
    Api api,
    boolean streaming,
    Arrival arrival,
    List<Stage> stages,
    Duration warmup,
    DataSpec data,
    long seed,
    Duration requestTimeout,
    Duration scheduleDelayThreshold) {

  /** The OpenAI API used. */
  public enum Api {
    /** {@code POST /v1/completions} with a {@code prompt}. */
    COMPLETIONS("/v1/completions"),
    /** {@code POST /v1/chat/completions} with {@code messages}. */
    CHAT("/v1/chat/completions");

    private final String path;

    Api(String path) {
      this.path = path;
    }

    /** The request path below the endpoint, e.g. {@code /v1/completions}. */
    public String path() {
      return path;
    }
  }

  /** How requests of a rate stage are spaced. */
  public enum Arrival {
    /** Evenly, 1/rate apart. */
    CONSTANT,
    /** Exponential gaps with mean 1/rate. */
    POISSON
  }

  /**
   * Validates and copies the stages.
   *
   * @param endpoint base URL (http or https) of an OpenAI-compatible server; paths {@code /v1/...}
   *     go below it
   * @param model model name sent in each request
   * @param api completions or chat completions
   * @param streaming whether responses are streamed (needed for time to first token and inter-token
   *     latency)
   * @param arrival spacing of requests in rate stages
   * @param stages the load points, run in order
   * @param warmup load before the first stage whose requests are not recorded
   * @param data where prompts come from
   * @param seed seed of the data and of Poisson arrivals
   * @param requestTimeout longest wait for a byte of a response
   * @param scheduleDelayThreshold schedule delay p99 above which the client is called the
   *     bottleneck
   * @throws NullPointerException naming the missing endpoint, model, api, arrival, data or stages
   * @throws IllegalArgumentException for a non-http(s) endpoint, no stages, a negative warm-up or
   *     schedule delay threshold, or a timeout that is not positive
   */
  public LoadSpec {
    Objects.requireNonNull(
        endpoint,
        "endpoint is required: LoadGenerator.builder().endpoint(URI) with the server's base URL"
            + " (a simulator's or stack's endpoint(), or a port-forward)");
    String scheme = endpoint.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("endpoint must be an http or https URL, was " + endpoint);
    }
    if (endpoint.getHost() == null) {
      throw new IllegalArgumentException("endpoint has no host: " + endpoint);
    }
    Objects.requireNonNull(
        model, "model is required: LoadGenerator.builder().model(String), the served model name");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(data, "data");
    stages = List.copyOf(Objects.requireNonNull(stages, "stages"));
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a load needs at least one stage");
    }
    Objects.requireNonNull(warmup, "warmup");
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must not be negative, was " + warmup);
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
    }
    if (scheduleDelayThreshold == null || scheduleDelayThreshold.isNegative()) {
      throw new IllegalArgumentException(
          "scheduleDelayThreshold must not be negative, was " + scheduleDelayThreshold);
    }
  }
}
