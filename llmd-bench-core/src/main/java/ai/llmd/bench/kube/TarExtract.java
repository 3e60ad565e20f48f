package ai.llmd.bench.kube;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Unpacks a tar stream into a directory, refusing any entry that would land outside it. */
public final class TarExtract {
  private TarExtract() {}

  /**
   * Extracts regular files and directories.
   *
   * @return the files written, relative to {@code target}
   * @throws IOException for an entry whose path leaves {@code target} (nothing of it is written) or
   *     a broken stream
   */
  public static List<Path> extract(InputStream tarStream, Path target) throws IOException {
    Path root = Files.createDirectories(target).toAbsolutePath().normalize();
    List<Path> written = new ArrayList<>();
    TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
    for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
      Path dest = root.resolve(e.getName()).normalize();
      if (!dest.startsWith(root)) {
        throw new IOException(
            "tar entry '" + e.getName() + "' would land outside " + root + "; refused");
      }
      if (e.isSymbolicLink() || e.isLink()) {
        continue; // links could point anywhere: not copied
      }
      if (e.isDirectory()) {
        Files.createDirectories(dest);
      } else if (e.isFile()) {
        Files.createDirectories(dest.getParent());
        Files.copy(tar, dest, StandardCopyOption.REPLACE_EXISTING);
        written.add(root.relativize(dest));
      }
    }
    return written;
  }
}
