package ai.llmd.bench.harness.loadgen;

import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.ResultTransformer;

/** The built-in load generator, {@link LoadGenerator}: no Python, no cluster needed. */
public final class LoadgenHarness implements Harness {
  /** The harness id, {@code loadgen}: {@code Harnesses.get(ID)} returns this harness. */
  public static final String ID = "loadgen";

  /** The version recorded in reports. */
  public static final String VERSION = "0.1.0";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ResultTransformer transformer() {
    return new LoadgenTransformer();
  }

  @Override
  public String toString() {
    return ai.llmd.bench.harness.Harnesses.describe(this);
  }
}
