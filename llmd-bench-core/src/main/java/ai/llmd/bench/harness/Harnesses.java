package ai.llmd.bench.harness;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds harnesses on the class path through {@link ServiceLoader}.
 *
 * <pre>{@code
 * Harness h = Harnesses.get("vllm-benchmark");
 * }</pre>
 */
public final class Harnesses {
  private static final Logger log = LoggerFactory.getLogger(Harnesses.class);

  private Harnesses() {}

  /**
   * The harness with this id.
   *
   * @throws IllegalArgumentException naming the id and the harnesses that are available
   */
  public static Harness get(String id) {
    Map<String, Harness> all = all();
    Harness h = all.get(id);
    if (h == null) {
      throw new IllegalArgumentException(
          "No harness '"
              + id
              + "' on the class path; available: "
              + all.keySet()
              + (all.isEmpty() ? ". Add the llmd-bench-harness module." : ""));
    }
    return h;
  }

  /** Every harness on the class path, by id. */
  public static Map<String, Harness> all() {
    Map<String, Harness> byId = new TreeMap<>();
    for (Harness h : ServiceLoader.load(Harness.class)) {
      Harness previous = byId.putIfAbsent(h.id(), h);
      if (previous != null) {
        log.warn(
            "Two harnesses with id '{}': {} and {}; using the first",
            h.id(),
            previous.getClass(),
            h.getClass());
      }
    }
    return byId;
  }

  /**
   * A short description of a harness for its {@code toString}, e.g. {@code inference-perf harness
   * (image quay.io/inference-perf/inference-perf:v0.2.0, 3 profiles)}.
   */
  public static String describe(Harness harness) {
    StringBuilder sb = new StringBuilder(harness.id()).append(" harness");
    String image = harness.image();
    int profiles = harness.profiles().size();
    if (image != null || profiles > 0) {
      sb.append(" (");
      if (image != null) {
        sb.append("image ").append(image);
      }
      if (profiles > 0) {
        sb.append(image != null ? ", " : "").append(profiles).append(" profiles");
      }
      sb.append(')');
    }
    return sb.toString();
  }
}
