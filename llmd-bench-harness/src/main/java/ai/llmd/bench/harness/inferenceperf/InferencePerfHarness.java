package ai.llmd.bench.harness.inferenceperf;

import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.WorkloadProfile;
import ai.llmd.bench.report.Reports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * {@code inference-perf --config_file <profile>}, with {@code storage.local_storage.path} set to
   * the results.
   */
  @Override
  public List<String> command(Path profileFile, WorkloadProfile.Rendered profile, Path results) {
    Map<String, Object> doc = new LinkedHashMap<>(profile.document());
    doc.put(
        "storage", Map.of("local_storage", Map.of("path", results.toAbsolutePath().toString())));
    try {
      Files.writeString(profileFile, Reports.yamlMapper().writeValueAsString(doc));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + profileFile, e);
    }
    return List.of("inference-perf", "--config_file", profileFile.toString());
  }
}
