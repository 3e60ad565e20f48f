package ai.llmd.bench.harness.vllmbench;

import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.WorkloadProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * The vLLM serving benchmark: {@code vllm bench serve} (formerly {@code
 * benchmarks/benchmark_serving.py}).
 */
public final class VllmBenchmarkHarness implements Harness {
  /** The harness id, {@code vllm-benchmark}: {@code Harnesses.get(ID)} returns this harness. */
  public static final String ID = "vllm-benchmark";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ResultTransformer transformer() {
    return new VllmBenchmarkTransformer();
  }

  /** {@code vllm bench serve <flags> --result-dir=<results>}. */
  @Override
  public List<String> command(
      String profileFile, WorkloadProfile.Rendered profile, String resultsDir) {
    List<String> command = new ArrayList<>(List.of("vllm", "bench", "serve"));
    command.addAll(profile.flags());
    command.add("--result-dir=" + resultsDir);
    return command;
  }

  @Override
  public String image() {
    return "vllm/vllm-openai:latest";
  }

  @Override
  public String toString() {
    return ai.llmd.bench.harness.Harnesses.describe(this);
  }
}
