package ai.llmd.bench.harness.vllmbench;

import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.ResultTransformer;

/**
 * The vLLM serving benchmark: {@code vllm bench serve} (formerly {@code
 * benchmarks/benchmark_serving.py}).
 */
public final class VllmBenchmarkHarness implements Harness {
  public static final String ID = "vllm-benchmark";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ResultTransformer transformer() {
    return new VllmBenchmarkTransformer();
  }
}
