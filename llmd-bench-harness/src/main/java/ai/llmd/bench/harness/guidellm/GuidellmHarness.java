package ai.llmd.bench.harness.guidellm;

import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.WorkloadProfile;
import java.util.List;

/** <a href="https://github.com/vllm-project/guidellm">guidellm</a> (vllm-project). */
public final class GuidellmHarness implements Harness {
  /** The harness id, {@code guidellm}: {@code Harnesses.get(ID)} returns this harness. */
  public static final String ID = "guidellm";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ResultTransformer transformer() {
    return new GuidellmTransformer();
  }

  /**
   * {@code guidellm run --scenario <profile> --output kind=json,path=<results>/results.json
   * --disable-progress}.
   */
  @Override
  public List<String> command(
      String profileFile, WorkloadProfile.Rendered profile, String resultsDir) {
    return List.of(
        "guidellm",
        "run",
        "--scenario",
        profileFile,
        "--output",
        "kind=json,path=" + resultsDir + "/results.json",
        "--disable-progress");
  }

  @Override
  public String image() {
    return "ghcr.io/vllm-project/guidellm:latest";
  }

  @Override
  public String toString() {
    return ai.llmd.bench.harness.Harnesses.describe(this);
  }
}
