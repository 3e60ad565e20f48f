package ai.llmd.bench.harness.guidellm;

import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.ResultTransformer;

/** <a href="https://github.com/vllm-project/guidellm">guidellm</a> (vllm-project). */
public final class GuidellmHarness implements Harness {
  public static final String ID = "guidellm";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ResultTransformer transformer() {
    return new GuidellmTransformer();
  }
}
