package ai.llmd.bench.harness.support;

import ai.llmd.bench.harness.ResultTransformException;
import ai.llmd.bench.io.Paths2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The result files a transformer reads from its source: the file itself, or the matching files of a
 * directory.
 */
public final class ResultFiles {
  private ResultFiles() {}

  /**
   * {@code source} when it is a file; else the files directly in it whose names pass {@code name},
   * sorted.
   *
   * @param what named in the error for a directory without such files, e.g. {@code vLLM result file
   *     (*.json)}
   * @throws ResultTransformException for a directory without matching files
   */
  public static List<Path> of(String harness, Path source, Predicate<String> name, String what) {
    if (!Files.isDirectory(source)) {
      return List.of(source);
    }
    List<Path> files = Paths2.files(source, name);
    if (files.isEmpty()) {
      throw new ResultTransformException(
          harness, source, null, "no " + what + " in this directory");
    }
    return files;
  }
}
