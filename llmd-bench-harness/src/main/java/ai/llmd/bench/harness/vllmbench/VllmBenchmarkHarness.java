package ai.llmd.bench.harness.vllmbench;

import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.WorkloadProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /** {@code vllm bench serve <flags> --result-dir=<results>}. */
  @Override
  public List<String> command(Path profileFile, WorkloadProfile.Rendered profile, Path results) {
    List<String> command = new ArrayList<>(List.of("vllm", "bench", "serve"));
    command.addAll(profile.flags());
    command.add("--result-dir=" + results.toAbsolutePath());
    return command;
  }
}
