package ai.llmd.bench.storage.s3;

import ai.llmd.bench.storage.StorageException;
import ai.llmd.bench.storage.UploadItem;
import ai.llmd.bench.storage.support.UploadProgress;
import io.minio.AbortMultipartUploadArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.Http;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListPartsArgs;
import io.minio.UploadPartArgs;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.ListPartsResult;
import io.minio.messages.Part;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One multipart upload of a file. Each part is read once: its MD5 goes with it as {@code
 * Content-MD5} (the server checks it), and the file's SHA-256 is computed from the parts in order
 * while they are sent. A rerun finds the upload an earlier attempt left (same key), lists its parts
 * and sends only those missing or different; an upload given up on is aborted, and when even that
 * fails (the server is gone) its parts stay for the next run to resume.
 */
final class MultipartUpload {
  private static final Logger log = LoggerFactory.getLogger(MultipartUpload.class);

  private final S3Store store;
  private final S3Client client;
  private final String bucket;
  private final UploadProgress progress;
  private final AtomicLong bytesSent = new AtomicLong();
  private final UploadItem item;
  private final String key;
  private final long size;
  private final long partSize;
  private final int parts;

  MultipartUpload(
      S3Store store,
      S3Client client,
      String bucket,
      UploadProgress progress,
      UploadItem item,
      long size,
      long partSize) {
    this.store = store;
    this.client = client;
    this.bucket = bucket;
    this.progress = progress;
    this.item = item;
    this.key = item.key();
    this.size = size;
    this.partSize = partSize;
    this.parts = (int) ((size + partSize - 1) / partSize);
  }

  /** The file's number of parts. */
  int parts() {
    return parts;
  }

  /** Bytes of the parts this upload sent (not those the server held from an earlier attempt). */
  long bytesSent() {
    return bytesSent.get();
  }

  /** Sends the file; returns its SHA-256 and the multipart ETag the server should report. */
  Digests.FileDigest run() {
    Map<Integer, Part> held = new HashMap<>();
    String uploadId = resumable(held);
    if (uploadId == null) {
      uploadId = create();
    } else {
      log.info(
          "{} {}: resuming a multipart upload, {} parts already on the server",
          store.target(),
          key,
          held.size());
    }
    try {
      return send(uploadId, held);
    } catch (StorageException e) {
      throw giveUp(uploadId, e);
    } catch (RuntimeException | Error e) {
      throw giveUp(
          uploadId,
          new StorageException(
              store.target(), key, "multipart upload failed: " + S3Store.describe(e), null));
    }
  }

  private String create() {
    Http.Headers meta = new Http.Headers();
    meta.put("x-amz-meta-" + S3Store.PART_SIZE_META, Long.toString(partSize));
    return store.retry(
        key,
        () ->
            client
                .createMultipartUpload(
                    CreateMultipartUploadArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .headers(meta)
                        .build())
                .join()
                .result()
                .uploadId());
  }

  /**
   * The newest unfinished upload of this key with its parts (into {@code held}), or {@code null};
   * older ones are aborted.
   */
  private String resumable(Map<Integer, Part> held) {
    List<ListMultipartUploadsResult.Upload> uploads;
    try {
      uploads =
          store.retry(
              key,
              () ->
                  client
                      .listMultipartUploads(
                          ListMultipartUploadsArgs.builder().bucket(bucket).prefix(key).build())
                      .join()
                      .result()
                      .uploads());
    } catch (StorageException e) {
      log.debug("{} {}: cannot list unfinished uploads: {}", store.target(), key, e.getMessage());
      return null;
    }
    List<ListMultipartUploadsResult.Upload> mine =
        new ArrayList<>(uploads == null ? List.of() : uploads);
    mine.removeIf(u -> !key.equals(u.objectName()));
    if (mine.isEmpty()) {
      return null;
    }
    mine.sort(
        Comparator.comparing(
                ListMultipartUploadsResult.Upload::initiated,
                Comparator.nullsFirst(Comparator.naturalOrder()))
            .reversed());
    for (int i = 1; i < mine.size(); i++) {
      abort(mine.get(i).uploadId());
    }
    String uploadId = mine.get(0).uploadId();
    try {
      Integer marker = null;
      while (true) {
        Integer from = marker;
        ListPartsResult page =
            store.retry(
                key,
                () ->
                    client
                        .listParts(
                            ListPartsArgs.builder()
                                .bucket(bucket)
                                .object(key)
                                .uploadId(uploadId)
                                .partNumberMarker(from)
                                .build())
                        .join()
                        .result());
        if (page.parts() != null) {
          page.parts().forEach(p -> held.put(p.partNumber(), p));
        }
        if (!page.isTruncated() || page.nextPartNumberMarker() == null) {
          return uploadId;
        }
        marker = page.nextPartNumberMarker();
      }
    } catch (StorageException e) {
      log.debug(
          "{} {}: cannot list the parts of upload {}: {}",
          store.target(),
          key,
          uploadId,
          e.getMessage());
      held.clear();
      return null;
    }
  }

  private Digests.FileDigest send(String uploadId, Map<Integer, Part> held) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(store.parallelism(), parts));
    OrderedDigest sha = new OrderedDigest();
    try (FileChannel ch = FileChannel.open(item.file(), StandardOpenOption.READ)) {
      List<Future<byte[]>> md5s = new ArrayList<>();
      Part[] done = new Part[parts];
      for (int i = 0; i < parts; i++) {
        int index = i;
        md5s.add(pool.submit(() -> sendPart(ch, uploadId, index, held.get(index + 1), sha, done)));
      }
      byte[][] partMd5s = new byte[parts][];
      for (int i = 0; i < parts; i++) {
        partMd5s[i] = md5s.get(i).get();
      }
      store.retry(
          key,
          () ->
              client
                  .completeMultipartUpload(
                      CompleteMultipartUploadArgs.builder()
                          .bucket(bucket)
                          .object(key)
                          .uploadId(uploadId)
                          .parts(done)
                          .build())
                  .join());
      return new Digests.FileDigest(
          Digests.hex(sha.digest.digest()), Digests.multipartEtag(partMd5s));
    } catch (ExecutionException e) {
      sha.fail();
      throw e.getCause() instanceof StorageException se
          ? se
          : new StorageException(
              store.target(),
              key,
              "multipart upload failed: " + S3Store.describe(e.getCause()),
              null);
    } catch (IOException e) {
      throw new StorageException(
          store.target(), key, "cannot read the file: " + e.getMessage(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(store.target(), key, "interrupted", null);
    } finally {
      sha.fail();
      S3Store.stopAll(pool);
    }
  }

  /** Reads, digests and (unless the server holds it already) sends one part; returns its MD5. */
  private byte[] sendPart(
      FileChannel ch, String uploadId, int index, Part heldPart, OrderedDigest sha, Part[] done)
      throws IOException, InterruptedException {
    int number = index + 1;
    long offset = index * partSize;
    int length = (int) Math.min(partSize, size - offset);
    byte[] data = new byte[length];
    ByteBuffer buf = ByteBuffer.wrap(data);
    while (buf.hasRemaining()) {
      if (ch.read(buf, offset + buf.position()) < 0) {
        throw new EOFException("the file shrank while being sent");
      }
    }
    byte[] md5 = Digests.md5(data, 0, length);
    sha.update(index, data);
    String md5Hex = Digests.hex(md5);
    if (heldPart != null
        && heldPart.partSize() == length
        && md5Hex.equals(Digests.unquote(heldPart.etag()))) {
      done[index] = new Part(number, heldPart.etag());
      return md5;
    }
    Http.Headers headers = new Http.Headers();
    headers.put("Content-MD5", Base64.getEncoder().encodeToString(md5));
    headers.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    Part part =
        store.retry(
            key,
            () ->
                client
                    .uploadPart(
                        UploadPartArgs.builder()
                            .bucket(bucket)
                            .object(key)
                            .uploadId(uploadId)
                            .partNumber(number)
                            .headers(headers)
                            .data(data, length)
                            .build())
                    .join()
                    .part());
    done[index] = new Part(number, part.etag());
    bytesSent.addAndGet(length);
    progress.partSent(key, number, parts, length);
    return md5;
  }

  /** Aborts the upload if it can, and says so (or what is left) in the error. */
  private StorageException giveUp(String uploadId, StorageException e) {
    String prefix = store.target() + " " + key + ": ";
    String detail =
        e.getMessage().startsWith(prefix)
            ? e.getMessage().substring(prefix.length())
            : e.getMessage();
    boolean aborted = abort(uploadId);
    return new StorageException(
        store.target(),
        key,
        detail
            + (aborted
                ? "; the multipart upload was aborted"
                : "; the multipart upload could not be aborted: the parts sent stay on the server,"
                    + " and running the upload again resumes it"),
        null);
  }

  private boolean abort(String uploadId) {
    try {
      client
          .abortMultipartUpload(
              AbortMultipartUploadArgs.builder()
                  .bucket(bucket)
                  .object(key)
                  .uploadId(uploadId)
                  .build())
          .get(30, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      Throwable cause = S3Store.unwrap(e);
      if (cause instanceof io.minio.errors.ErrorResponseException er
          && "NoSuchUpload".equals(er.errorResponse().code())) {
        return true;
      }
      log.warn(
          "{} {}: cannot abort multipart upload: {}", store.target(), key, S3Store.describe(cause));
      return false;
    }
  }

  /**
   * A SHA-256 fed with the parts in order by whichever threads read them: a part that arrives early
   * waits in memory, and the thread that delivers the next part in order digests every waiting part
   * that follows it; no thread blocks.
   */
  private static final class OrderedDigest {
    final MessageDigest digest = Digests.digest("SHA-256");
    private final Map<Integer, byte[]> early = new HashMap<>();
    private int next;

    synchronized void update(int index, byte[] data) {
      early.put(index, data);
      for (byte[] d = early.remove(next); d != null; d = early.remove(next)) {
        digest.update(d);
        next++;
      }
    }

    synchronized void fail() {
      early.clear();
    }
  }
}
