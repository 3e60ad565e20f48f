package ai.llmd.bench.harness.inferenceperf;

import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.ResultTransformer;

/**
 * <a href="https://github.com/kubernetes-sigs/inference-perf">inference-perf</a> (kubernetes-sigs).
 */
public final class InferencePerfHarness implements Harness {
  public static final String ID = "inference-perf";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ResultTransformer transformer() {
    return new InferencePerfTransformer();
  }
}
