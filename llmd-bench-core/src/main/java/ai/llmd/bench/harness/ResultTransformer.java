package ai.llmd.bench.harness;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Converts one harness's native output into benchmark reports (version 0.2.1), one per load point.
 *
 * <pre>{@code
 * ResultTransformer t = Harnesses.get("inference-perf").transformer();
 * List<BenchmarkReport> reports = t.transform(Path.of("results"), Path.of("results/reports"));
 * }</pre>
 *
 * <p>Implementations need only {@link #convert(Path)}; every report they return is validated before
 * anything is written. The results of a parallel run ({@code pod-<i>} directories, see {@link
 * KubernetesExecutor#withParallelism}) become one report per load point for the whole run: counts
 * and rates summed, percentiles computed again from the pods' {@link #requestRecords request
 * records} where the tool writes them, else the per-pod reports beside a merged one with a note
 * that percentiles could not be merged.
 */
public interface ResultTransformer {

  /** The harness id this transformer reads. */
  String harness();

  /**
   * Converts a harness output file or results directory, one report per load point.
   *
   * @throws ResultTransformException naming the harness, file and JSON path when the input is not
   *     this harness's output or is malformed
   */
  List<LoadPointReport> convert(Path source);

  /**
   * The per-request records behind one load point of {@link #convert}, when the tool writes them
   * (used to merge the output of parallel pods with exact percentiles); empty when it writes only
   * summaries.
   *
   * @param source what was converted (one pod's results directory)
   * @param point one of the reports {@link #convert} returned for it
   */
  default java.util.Optional<List<RequestRecord>> requestRecords(
      Path source, LoadPointReport point) {
    return java.util.Optional.empty();
  }

  /**
   * Converts a harness output file or results directory.
   *
   * @throws ResultTransformException when the input is malformed or a resulting report is invalid
   */
  default List<BenchmarkReport> transform(Path source) {
    return checked(source).stream().map(LoadPointReport::report).toList();
  }

  /**
   * Converts and writes one report file per load point into {@code targetDir}, named after the load
   * point ({@link LoadPointReport#fileNames}, e.g. {@code
   * benchmark_report_v0.2.1,_stage_0_rate_2.yaml}). Either every report is written or, on any
   * failure, none is.
   *
   * @throws ResultTransformException when the input is malformed or a resulting report is invalid
   */
  default List<BenchmarkReport> transform(Path source, Path targetDir) {
    List<LoadPointReport> reports = checked(source);
    List<String> names = LoadPointReport.fileNames(reports);
    try {
      Files.createDirectories(targetDir);
      Path staging = Files.createTempDirectory(targetDir, ".staging");
      try {
        for (int i = 0; i < reports.size(); i++) {
          Reports.write(reports.get(i).report(), staging.resolve(names.get(i)));
        }
        for (String name : names) {
          Files.move(
              staging.resolve(name),
              targetDir.resolve(name),
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        }
      } finally {
        try (Stream<Path> left = Files.list(staging)) {
          for (Path p : (Iterable<Path>) left::iterator) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write reports to " + targetDir, e);
    }
    return reports.stream().map(LoadPointReport::report).toList();
  }

  private List<LoadPointReport> checked(Path source) {
    if (!Files.exists(source)) {
      throw new ResultTransformException(harness(), source, null, "no such file or directory");
    }
    List<LoadPointReport> reports =
        PodMerge.isParallel(source) ? PodMerge.merge(this, source) : convert(source);
    List<String> problems = new ArrayList<>();
    for (LoadPointReport r : reports) {
      Reports.violations(r.report()).forEach(v -> problems.add(r.nativeName() + ": " + v));
    }
    if (!problems.isEmpty()) {
      throw new ResultTransformException(
          harness(),
          source,
          null,
          "the converted reports are invalid:\n  " + String.join("\n  ", problems));
    }
    return reports;
  }
}
