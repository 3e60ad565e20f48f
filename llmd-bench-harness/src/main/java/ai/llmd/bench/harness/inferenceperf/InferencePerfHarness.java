package ai.llmd.bench.harness.inferenceperf;

import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.WorkloadProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * <a href="https://github.com/kubernetes-sigs/inference-perf">inference-perf</a> (kubernetes-sigs).
 */
public final class InferencePerfHarness implements Harness {
  /** The harness id, {@code inference-perf}: {@code Harnesses.get(ID)} returns this harness. */
  public static final String ID = "inference-perf";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ResultTransformer transformer() {
    return new InferencePerfTransformer();
  }

  /** Sets {@code storage.local_storage.path} to the results directory. */
  @Override
  public WorkloadProfile.Rendered withResults(WorkloadProfile.Rendered profile, String resultsDir) {
    Map<String, Object> doc = new LinkedHashMap<>(profile.document());
    doc.put("storage", Map.of("local_storage", Map.of("path", resultsDir)));
    return profile.withDocument(doc);
  }

  /** {@code inference-perf --config_file <profile>}. */
  @Override
  public List<String> command(
      String profileFile, WorkloadProfile.Rendered profile, String resultsDir) {
    return List.of("inference-perf", "--config_file", profileFile);
  }

  @Override
  public String image() {
    return "quay.io/inference-perf/inference-perf:latest";
  }

  @Override
  public String toString() {
    return ai.llmd.bench.harness.Harnesses.describe(this);
  }
}
