package ai.llmd.bench.storage.support;

import ai.llmd.bench.storage.UploadItem;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Packs directories into {@code <name>.tar.gz} files (the upstream results layout). Archives are
 * reproducible: the same files give the same bytes (sorted entries, file times kept, no time in the
 * gzip header), so an unchanged directory is recognised by its checksum and not uploaded twice.
 */
public final class Archives {
  private Archives() {}

  /**
   * The items to upload when directories go as archives: files as they are, each directory as a
   * {@code .tar.gz} written into {@code scratch}.
   */
  public static List<UploadItem> items(List<Path> paths, String prefix, Path scratch) {
    List<UploadItem> items = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        Path archive = scratch.resolve(p.toAbsolutePath().normalize().getFileName() + ".tar.gz");
        tarGz(p, archive);
        items.add(new UploadItem(archive, UploadItem.key(prefix, archive.getFileName())));
      } else {
        items.addAll(UploadItem.of(List.of(p), prefix));
      }
    }
    return items;
  }

  /** Writes {@code dir} as a gzip-compressed tar whose entries start with the directory's name. */
  public static void tarGz(Path dir, Path archive) {
    Path base = dir.toAbsolutePath().normalize().getParent();
    GzipParameters gzip = new GzipParameters();
    gzip.setModificationTime(0);
    try (OutputStream file = Files.newOutputStream(archive);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file, gzip);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz);
        Stream<Path> walk = Files.walk(dir)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        String name = UploadItem.key("", base.relativize(f.toAbsolutePath().normalize()));
        // Only name, size, mode and modification time: access times and owners would change the
        // bytes.
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(Files.size(f));
        entry.setModTime(Files.getLastModifiedTime(f).toMillis());
        tar.putArchiveEntry(entry);
        Files.copy(f, tar);
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot archive " + dir, e);
    }
  }
}
