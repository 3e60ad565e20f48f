package ai.llmd.bench.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A local file and the key it is stored under. {@link #of} expands directories the same way for
 * every store.
 *
 * @param file the local file
 * @param key the key: prefix, then the file's path relative to the parent of the path given
 */
public record UploadItem(Path file, String key) {

  /**
   * The files to upload for some paths: a file is keyed {@code <prefix>/<name>}, a directory's
   * files {@code <prefix>/<directory name>/<relative path>}, in a stable order.
   *
   * @throws IllegalArgumentException for a path that does not exist
   */
  public static List<UploadItem> of(List<Path> paths, String prefix) {
    List<UploadItem> items = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException(
            "nothing to upload at " + p + ": no such file or directory");
      }
      Path base = p.toAbsolutePath().normalize().getParent();
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
            items.add(
                new UploadItem(f, key(prefix, base.relativize(f.toAbsolutePath().normalize()))));
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + p, e);
        }
      } else {
        items.add(new UploadItem(p, key(prefix, p.getFileName())));
      }
    }
    return items;
  }

  /**
   * Joins a prefix and a relative path with {@code /}, whatever the platform separator. The names
   * are the file system's own bytes read as UTF-8, not the path's {@code toString()}, which a JVM
   * running under a non-UTF-8 locale ({@code LANG=C}) decodes with replacement characters.
   *
   * @throws IllegalArgumentException for a name that is not valid UTF-8 (it has no exact key)
   */
  public static String key(String prefix, Path relative) {
    StringBuilder sb = new StringBuilder();
    String p = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    if (!p.isEmpty()) {
      sb.append(p).append('/');
    }
    for (int i = 0; i < relative.getNameCount(); i++) {
      sb.append(i == 0 ? "" : "/").append(name(relative.getName(i)));
    }
    return sb.toString();
  }

  /**
   * A single path element exactly as stored by the file system. On the default file system a path's
   * URI carries its raw bytes percent-encoded (whatever {@code sun.jnu.encoding} is), so they are
   * decoded from there, strictly as UTF-8.
   */
  static String name(Path element) {
    if (element.getFileSystem() != FileSystems.getDefault()) {
      return element.toString();
    }
    String raw = element.getFileSystem().getPath("/").resolve(element).toUri().getRawPath();
    if (raw.endsWith("/")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    String segment = raw.substring(raw.lastIndexOf('/') + 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length()) {
        bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "file name '"
              + element
              + "' is not valid UTF-8, so it has no exact object key; rename the file");
    }
  }

  /** Lowercase hex SHA-256 of a file's content. */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
