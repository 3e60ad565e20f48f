package ai.llmd.bench.harness;

/**
 * A load-generation tool: inference-perf, guidellm, vllm-benchmark, fmperf or the built-in loadgen.
 * Implementations are found with {@link java.util.ServiceLoader}; get one with {@link
 * Harnesses#get(String)}.
 *
 * <pre>{@code
 * Harness harness = Harnesses.get("guidellm");
 * List<BenchmarkReport> reports = harness.transformer().transform(Path.of("results/benchmarks.json"));
 * }</pre>
 */
public interface Harness {

  /** The harness id, e.g. {@code inference-perf}. */
  String id();

  /** Converts this harness's native output into benchmark reports. */
  ResultTransformer transformer();
}
