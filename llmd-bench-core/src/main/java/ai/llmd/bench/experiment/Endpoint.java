package ai.llmd.bench.experiment;

import java.net.URI;
import java.util.Objects;

/**
 * An OpenAI-compatible server an experiment sends load to without deploying anything: the embedded
 * simulator ({@code Simulator} implements it), a port-forward, or any URL.
 *
 * <pre>{@code
 * Experiment.builder().stack(Endpoint.of("vllm-local", URI.create("http://127.0.0.1:8000"), "Qwen/Qwen3-0.6B"))
 * }</pre>
 *
 * @since 0.1
 */
public interface Endpoint {

  /** The base URL (without {@code /v1}). */
  URI endpoint();

  /** The served model name. */
  String model();

  /** The name of this server in the results layout (a DNS label). */
  default String name() {
    return "endpoint";
  }

  /** Its Prometheus {@code /metrics} URL, scraped during each workload; {@code null}: none. */
  default URI metricsUrl() {
    return null;
  }

  /** An endpoint by URL. */
  static Endpoint of(String name, URI endpoint, String model) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(model, "model");
    Experiment.checkName("endpoint name", name);
    return new Endpoint() {
      @Override
      public URI endpoint() {
        return endpoint;
      }

      @Override
      public String model() {
        return model;
      }

      @Override
      public String name() {
        return name;
      }
    };
  }
}
