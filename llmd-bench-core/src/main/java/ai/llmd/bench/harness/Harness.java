package ai.llmd.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A load-generation tool: inference-perf, guidellm, vllm-benchmark, fmperf or the built-in loadgen.
 * Implementations are found with {@link java.util.ServiceLoader}; get one with {@link
 * Harnesses#get(String)}.
 *
 * <pre>{@code
 * Harness harness = Harnesses.get("guidellm");
 * List<BenchmarkReport> reports = harness.transformer().transform(Path.of("results/benchmarks.json"));
 * }</pre>
 */
public interface Harness {

  /** The harness id, e.g. {@code inference-perf}. */
  String id();

  /** Converts this harness's native output into benchmark reports. */
  ResultTransformer transformer();

  /**
   * The profile adjusted so that the tool writes its results into {@code resultsDir} (for tools
   * that take the location from the profile, such as inference-perf's {@code
   * storage.local_storage.path}).
   */
  default WorkloadProfile.Rendered withResults(
      WorkloadProfile.Rendered profile, String resultsDir) {
    return profile;
  }

  /**
   * The command line that runs this harness with a profile file, writing its results into {@code
   * resultsDir}.
   *
   * @throws UnsupportedOperationException when the tool cannot run this way (fmperf creates its own
   *     Jobs)
   */
  default List<String> command(
      String profileFile, WorkloadProfile.Rendered profile, String resultsDir) {
    throw new UnsupportedOperationException(id() + " cannot run as a single process");
  }

  /**
   * Environment variables the tool reads its settings from (for tools configured by environment,
   * such as fmperf's LMBenchmark), set beside the command. Never secrets: executors give those by
   * reference ({@code secretKeyRef}).
   */
  default java.util.Map<String, String> environment(
      WorkloadProfile.Rendered profile, String resultsDir) {
    return java.util.Map.of();
  }

  /** The tool's published container image (configurable per executor). */
  default String image() {
    return null;
  }

  /**
   * Renders a profile and starts it on an executor (run_workload).
   *
   * @throws IllegalArgumentException for a profile that does not render (unresolved token, unknown
   *     path)
   * @throws HarnessException when the tool cannot start
   */
  default HarnessRun run(WorkloadProfile profile, Executor executor) {
    if (!profile.harness().equals(id())) {
      throw new IllegalArgumentException(
          "profile " + profile.name() + " is for " + profile.harness() + ", not " + id());
    }
    return executor.start(this, profile.render());
  }

  /**
   * Names of the built-in profile templates, from {@code profiles/<id>/index.txt} on the class
   * path.
   */
  default List<String> profiles() {
    try (InputStream in = getClass().getResourceAsStream("/profiles/" + id() + "/index.txt")) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A built-in profile template.
   *
   * @throws IllegalArgumentException for an unknown name, listing the available ones
   */
  default WorkloadProfile profile(String name) {
    if (!profiles().contains(name)) {
      throw new IllegalArgumentException(
          "harness " + id() + " has no profile '" + name + "'; available: " + profiles());
    }
    try (InputStream in =
        getClass().getResourceAsStream("/profiles/" + id() + "/" + name + ".yaml.in")) {
      if (in == null) {
        throw new IllegalStateException(
            "profile " + name + " of " + id() + " is listed but missing");
      }
      return WorkloadProfile.of(id(), name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A profile template from a file (e.g. an upstream {@code .yaml.in}). */
  default WorkloadProfile profile(Path template) {
    try {
      String name = template.getFileName().toString().replaceAll("\\.ya?ml(\\.in)?$", "");
      return WorkloadProfile.of(id(), name, Files.readString(template));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read profile template " + template, e);
    }
  }
}
