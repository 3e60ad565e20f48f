package ai.llmd.bench.storage.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The digests S3 uploads are verified with: SHA-256, MD5 and the multipart ETag. */
final class Digests {
  private static final Pattern MULTIPART_ETAG = Pattern.compile("\"?[0-9a-fA-F]{32}-\\d+\"?");

  private Digests() {}

  /**
   * A file's SHA-256 and multipart ETag for a part size.
   *
   * @param sha256 lowercase hex
   * @param multipartEtag {@code <md5 of the parts' MD5s>-<parts>}, as S3 computes it
   */
  record FileDigest(String sha256, String multipartEtag) {}

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required by every Java platform", e);
    }
  }

  static byte[] sha256(byte[] data, int offset, int length) {
    MessageDigest d = digest("SHA-256");
    d.update(data, offset, length);
    return d.digest();
  }

  static byte[] md5(byte[] data, int offset, int length) {
    MessageDigest d = digest("MD5");
    d.update(data, offset, length);
    return d.digest();
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** The multipart ETag of parts with these MD5s. */
  static String multipartEtag(byte[][] partMd5s) {
    MessageDigest d = digest("MD5");
    for (byte[] md5 : partMd5s) {
      d.update(md5);
    }
    return hex(d.digest()) + "-" + partMd5s.length;
  }

  static boolean isMultipartEtag(String etag) {
    return etag != null && MULTIPART_ETAG.matcher(etag).matches();
  }

  static String unquote(String etag) {
    return etag == null ? null : etag.replace("\"", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** Reads a file once for its SHA-256 and its multipart ETag. */
  static FileDigest ofFile(Path file, long partSize) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int parts = (int) Math.max(1, (size + partSize - 1) / partSize);
      byte[][] md5s = new byte[parts][];
      MessageDigest sha = digest("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      for (int i = 0; i < parts; i++) {
        MessageDigest md5 = digest("MD5");
        long remaining = Math.min(partSize, size - i * partSize);
        while (remaining > 0) {
          buf.clear().limit((int) Math.min(buf.capacity(), remaining));
          int n = ch.read(buf);
          if (n < 0) {
            throw new IOException("the file shrank while being read");
          }
          sha.update(buf.array(), 0, n);
          md5.update(buf.array(), 0, n);
          remaining -= n;
        }
        md5s[i] = md5.digest();
      }
      return new FileDigest(hex(sha.digest()), multipartEtag(md5s));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
