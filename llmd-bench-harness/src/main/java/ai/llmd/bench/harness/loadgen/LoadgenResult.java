package ai.llmd.bench.harness.loadgen;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a load run: where its raw output is, and each stage's client-side view.
 *
 * @param directory the raw results directory, readable by {@link LoadgenTransformer}
 */
public record LoadgenResult(Path directory, List<StageResult> stages) {

  /** Whether any stage was limited by the load generator rather than the server. */
  public boolean clientBottleneck() {
    return stages.stream().anyMatch(StageResult::clientBottleneck);
  }
}
