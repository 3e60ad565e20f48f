package ai.llmd.bench.harness.fmperf;

import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.ResultTransformer;

/** <a href="https://github.com/fmperf-project/fmperf">fmperf</a> (dormant since mid-2025). */
public final class FmperfHarness implements Harness {
  public static final String ID = "fmperf";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ResultTransformer transformer() {
    return new FmperfTransformer();
  }

  @Override
  public String toString() {
    return ai.llmd.bench.harness.Harnesses.describe(this);
  }
}
