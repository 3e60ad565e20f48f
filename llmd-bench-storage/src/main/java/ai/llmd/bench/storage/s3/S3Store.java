package ai.llmd.bench.storage.s3;

import ai.llmd.bench.io.Paths2;
import ai.llmd.bench.storage.ResultStore;
import ai.llmd.bench.storage.StorageException;
import ai.llmd.bench.storage.UploadItem;
import ai.llmd.bench.storage.UploadReceipt;
import ai.llmd.bench.storage.support.Archives;
import io.minio.BucketExistsArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadPartArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Part;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores results in an S3 bucket through the MinIO client.
 *
 * <pre>{@code
 * S3Store store = S3Store.builder()
 *     .endpoint(URI.create("https://s3.us-east-1.amazonaws.com")).region("us-east-1")
 *     .bucket("benchmarks").createBucket(true)
 *     .credentialsFromEnvironment()          // AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 *     .build();
 * List<UploadReceipt> receipts = store.upload(List.of(Path.of("results/run-1")), "experiments/e1");
 * }</pre>
 *
 * <p>Files from {@code multipartThreshold} up go as multipart uploads with {@code parallelism}
 * parts in flight. Each object carries its SHA-256 as user metadata ({@code x-amz-meta-sha256});
 * after the upload its size and checksum are read back and compared. An object already present with
 * the same checksum is skipped, so a failed upload is simply run again. Transient errors (network,
 * 5xx, throttling) are retried with exponential backoff; a permanent one throws {@link
 * StorageException} naming the key. Credentials never appear in logs or exceptions.
 */
public final class S3Store implements ResultStore {
  private static final Logger log = LoggerFactory.getLogger(S3Store.class);
  private static final String SHA_META = "sha256";
  private static final Set<String> TRANSIENT_CODES =
      Set.of(
          "InternalError",
          "SlowDown",
          "ServiceUnavailable",
          "RequestTimeout",
          "RequestTimeTooSkewed",
          "Throttling");

  private final Builder settings;
  private final MinioAsyncClient client;
  private final String target;
  private volatile boolean bucketChecked;

  private S3Store(Builder b) {
    this.settings = b;
    this.target = "s3://" + b.bucket;
    MinioAsyncClient.Builder mb =
        MinioAsyncClient.builder().endpoint(b.endpoint).credentials(b.accessKey, b.secretKey);
    if (b.region != null) {
      mb.region(b.region);
    }
    mb.httpClient(httpClient(b.insecureSkipTlsVerify), true);
    this.client = mb.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Receives upload progress; called from upload threads. */
  public interface Listener {
    /** A part of a multipart upload was stored. */
    default void partUploaded(String key, int partNumber, int parts) {}

    /** An object's bytes were sent; its verification comes next. */
    default void objectUploaded(String key) {}

    /** An object was stored (or skipped) and verified. */
    default void objectStored(UploadReceipt receipt) {}

    /** An attempt failed with a transient error and will be retried. */
    default void retrying(String key, int attempt, String reason) {}
  }

  @Override
  public List<UploadReceipt> upload(List<Path> paths, String targetPrefix) {
    Path scratch = null;
    try {
      ensureBucket();
      List<UploadItem> items;
      if (settings.archive) {
        scratch = Files.createTempDirectory("llmd-bench-archive");
        items = Archives.items(paths, targetPrefix, scratch);
      } else {
        items = UploadItem.of(paths, targetPrefix);
      }
      return storeAll(items);
    } catch (IOException e) {
      throw new StorageException(target, null, "cannot prepare the upload: " + e.getMessage(), e);
    } finally {
      Paths2.deleteQuietly(scratch);
    }
  }

  /**
   * Stores the items, {@code parallelism} small objects at a time; a large object is stored alone
   * with its parts in parallel. Receipts come back in the items' order.
   */
  private List<UploadReceipt> storeAll(List<UploadItem> items) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallelism);
    try {
      List<Future<UploadReceipt>> pending = new ArrayList<>();
      for (UploadItem item : items) {
        if (Files.size(item.file()) >= settings.multipartThreshold) {
          for (Future<UploadReceipt> f : pending) {
            f.get();
          }
          UploadReceipt r = store(item);
          pending.add(java.util.concurrent.CompletableFuture.completedFuture(r));
        } else {
          pending.add(pool.submit(() -> store(item)));
        }
      }
      List<UploadReceipt> receipts = new ArrayList<>();
      for (Future<UploadReceipt> f : pending) {
        receipts.add(f.get());
      }
      return receipts;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StorageException se) {
        throw se;
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new StorageException(target, null, "upload failed: " + describe(e.getCause()), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(target, null, "interrupted", null);
    } finally {
      pool.shutdownNow();
    }
  }

  private void ensureBucket() {
    if (bucketChecked) {
      return;
    }
    boolean exists =
        retry(
            null,
            () ->
                client
                    .bucketExists(BucketExistsArgs.builder().bucket(settings.bucket).build())
                    .join());
    if (!exists) {
      if (!settings.createBucket) {
        throw new StorageException(
            target, null, "bucket does not exist (set createBucket(true) to create it)", null);
      }
      retry(
          null,
          () -> {
            MakeBucketArgs.Builder mb = MakeBucketArgs.builder().bucket(settings.bucket);
            if (settings.region != null) {
              mb.region(settings.region);
            }
            return client.makeBucket(mb.build()).join();
          });
      log.info("Created bucket {}", settings.bucket);
    }
    bucketChecked = true;
  }

  private UploadReceipt store(UploadItem item) throws IOException {
    UploadReceipt receipt = storeOne(item);
    settings.listener.objectStored(receipt);
    return receipt;
  }

  private UploadReceipt storeOne(UploadItem item) throws IOException {
    String key = item.key();
    long size = Files.size(item.file());
    String sha = UploadItem.sha256(item.file());
    StatObjectResponse existing = stat(key);
    if (existing != null
        && existing.size() == size
        && sha.equals(existing.userMetadata().getFirst(SHA_META))) {
      return new UploadReceipt(key, size, sha, true);
    }
    if (size >= settings.multipartThreshold) {
      multipart(item, size, sha);
    } else {
      byte[] data = Files.readAllBytes(item.file());
      retry(
          key,
          () ->
              client
                  .putObject(
                      PutObjectArgs.builder()
                          .bucket(settings.bucket)
                          .object(key)
                          .data(data, data.length)
                          .userMetadata(Map.of(SHA_META, sha))
                          .build())
                  .join());
    }
    settings.listener.objectUploaded(key);
    StatObjectResponse stored = stat(key);
    if (stored == null
        || stored.size() != size
        || !sha.equals(stored.userMetadata().getFirst(SHA_META))) {
      throw new StorageException(
          target,
          key,
          "verification failed: stored "
              + (stored == null
                  ? "nothing"
                  : stored.size() + " bytes, sha256 " + stored.userMetadata().getFirst(SHA_META))
              + ", expected "
              + size
              + " bytes, sha256 "
              + sha,
          null);
    }
    return new UploadReceipt(key, size, sha, false);
  }

  private void multipart(UploadItem item, long size, String sha) {
    String key = item.key();
    long partSize = settings.partSize;
    int parts = (int) ((size + partSize - 1) / partSize);
    Http.Headers meta = new Http.Headers();
    meta.put("x-amz-meta-" + SHA_META, sha);
    String uploadId =
        retry(
            key,
            () ->
                client
                    .createMultipartUpload(
                        CreateMultipartUploadArgs.builder()
                            .bucket(settings.bucket)
                            .object(key)
                            .headers(meta)
                            .build())
                    .join()
                    .result()
                    .uploadId());
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelism, parts));
    try {
      List<Future<Part>> futures = new ArrayList<>();
      for (int i = 0; i < parts; i++) {
        int number = i + 1;
        long offset = i * partSize;
        int length = (int) Math.min(partSize, size - offset);
        futures.add(
            pool.submit(
                () -> {
                  byte[] data = new byte[length];
                  try (RandomAccessFile f = new RandomAccessFile(item.file().toFile(), "r")) {
                    f.seek(offset);
                    f.readFully(data);
                  }
                  Part part =
                      retry(
                          key,
                          () ->
                              client
                                  .uploadPart(
                                      UploadPartArgs.builder()
                                          .bucket(settings.bucket)
                                          .object(key)
                                          .uploadId(uploadId)
                                          .partNumber(number)
                                          .data(data, length)
                                          .build())
                                  .join()
                                  .part());
                  settings.listener.partUploaded(key, number, parts);
                  return new Part(number, part.etag());
                }));
      }
      Part[] done = new Part[parts];
      for (int i = 0; i < parts; i++) {
        done[i] = futures.get(i).get();
      }
      retry(
          key,
          () ->
              client
                  .completeMultipartUpload(
                      CompleteMultipartUploadArgs.builder()
                          .bucket(settings.bucket)
                          .object(key)
                          .uploadId(uploadId)
                          .parts(done)
                          .build())
                  .join());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof StorageException se
          ? se
          : new StorageException(
              target, key, "multipart upload failed: " + describe(e.getCause()), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(target, key, "interrupted", null);
    } finally {
      pool.shutdownNow();
    }
  }

  private StatObjectResponse stat(String key) {
    try {
      return retry(
          key,
          () ->
              client
                  .statObject(StatObjectArgs.builder().bucket(settings.bucket).object(key).build())
                  .join());
    } catch (NotFound e) {
      return null;
    }
  }

  /** A missing object, seen by {@link #stat}. */
  private static final class NotFound extends RuntimeException {
    NotFound() {
      super(null, null, false, false);
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T call() throws Exception;
  }

  /**
   * Runs a call, retrying transient failures with exponential backoff; permanent ones become
   * StorageException.
   */
  private <T> T retry(String key, Call<T> call) {
    Duration backoff = settings.initialBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (Exception e) {
        Throwable cause = unwrap(e);
        if (cause instanceof ErrorResponseException er
            && "NoSuchKey".equals(er.errorResponse().code())) {
          throw new NotFound();
        }
        if (cause instanceof ErrorResponseException er
            && er.response() != null
            && er.response().code() == 404
            && er.errorResponse().code() == null) {
          throw new NotFound();
        }
        if (!isTransient(cause) || attempt >= settings.maxAttempts) {
          throw new StorageException(
              target,
              key,
              (isTransient(cause) ? "gave up after " + attempt + " attempts: " : "")
                  + describe(cause),
              null);
        }
        settings.listener.retrying(key, attempt, describe(cause));
        log.debug(
            "{} {}: attempt {} failed ({}), retrying in {}",
            target,
            key,
            attempt,
            describe(cause),
            backoff);
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StorageException(target, key, "interrupted while retrying", null);
        }
        backoff =
            backoff.multipliedBy(2).compareTo(settings.maxBackoff) > 0
                ? settings.maxBackoff
                : backoff.multipliedBy(2);
      }
    }
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof io.minio.errors.MinioException
        && !(t instanceof ErrorResponseException)
        && t.getCause() != null) {
      Throwable inner = t.getCause();
      if (inner instanceof IOException || inner instanceof ErrorResponseException) {
        return inner;
      }
    }
    return t;
  }

  private static boolean isTransient(Throwable t) {
    if (t instanceof ErrorResponseException er) {
      String code = er.errorResponse().code();
      int status = er.response() == null ? 0 : er.response().code();
      return TRANSIENT_CODES.contains(code) || status >= 500;
    }
    return t instanceof IOException
        || t instanceof io.minio.errors.ServerException
        || t instanceof io.minio.errors.InternalException;
  }

  /**
   * A description of a failure that carries no credential: the S3 error code and message, or the
   * exception type.
   */
  private static String describe(Throwable t) {
    if (t instanceof ErrorResponseException er) {
      return er.errorResponse().code() + ": " + er.errorResponse().message();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName()
        + (m == null
            ? ""
            : ": " + m.replaceAll("(?i)(credential|signature)=[^,\\s]*", "$1=<redacted>"));
  }

  /**
   * The HTTP client: TCP_NODELAY on every socket (OkHttp writes a request's head and body
   * separately, and Nagle's algorithm with delayed ACKs would hold each body back by up to 40 ms),
   * and, only when asked, no TLS verification.
   */
  private static OkHttpClient httpClient(boolean insecure) {
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .socketFactory(new NoDelaySocketFactory())
            .connectTimeout(Duration.ofSeconds(10))
            .writeTimeout(Duration.ofMinutes(5))
            .readTimeout(Duration.ofMinutes(5));
    if (!insecure) {
      return b.build();
    }
    try {
      X509TrustManager trustAll =
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          };
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return b.sslSocketFactory(ssl.getSocketFactory(), trustAll)
          .hostnameVerifier((host, session) -> true)
          .build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context", e);
    }
  }

  /** Plain sockets with TCP_NODELAY. */
  private static final class NoDelaySocketFactory extends javax.net.SocketFactory {
    private static java.net.Socket noDelay(java.net.Socket s) throws IOException {
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public java.net.Socket createSocket() throws IOException {
      return noDelay(new java.net.Socket());
    }

    @Override
    public java.net.Socket createSocket(String host, int port) throws IOException {
      return noDelay(new java.net.Socket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        String host, int port, java.net.InetAddress local, int localPort) throws IOException {
      return noDelay(new java.net.Socket(host, port, local, localPort));
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
      return noDelay(new java.net.Socket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        java.net.InetAddress address, int port, java.net.InetAddress local, int localPort)
        throws IOException {
      return noDelay(new java.net.Socket(address, port, local, localPort));
    }
  }

  @Override
  public String toString() {
    return "S3Store[" + settings.endpoint + ", " + target + "]";
  }

  /** Settings of an {@link S3Store}; {@link #build()} checks them. */
  public static final class Builder {
    private String endpoint;
    private String region;
    private String bucket;
    private boolean createBucket;
    private String accessKey;
    private String secretKey;
    private boolean insecureSkipTlsVerify;
    private boolean archive;
    private long multipartThreshold = 64L * 1024 * 1024;
    private long partSize = 16L * 1024 * 1024;
    private int parallelism = 4;
    private int maxAttempts = 6;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private Listener listener = new Listener() {};

    private Builder() {}

    /**
     * The S3 endpoint, e.g. {@code URI.create("https://s3.amazonaws.com")} or {@code
     * URI.create("http://minio:9000")}.
     */
    public Builder endpoint(java.net.URI endpoint) {
      if (endpoint == null) {
        throw new IllegalArgumentException("S3 endpoint is required");
      }
      if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())
          || endpoint.getHost() == null) {
        throw new IllegalArgumentException(
            "S3 endpoint must be an http or https URL with a host, was " + endpoint);
      }
      return endpoint(endpoint.toString());
    }

    /**
     * The S3 endpoint URL as a string.
     *
     * @deprecated use {@link #endpoint(java.net.URI)}, as every endpoint of the library
     */
    @Deprecated
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** Create the bucket when it does not exist (default: fail). */
    public Builder createBucket(boolean create) {
      this.createBucket = create;
      return this;
    }

    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    /** Credentials from {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}. */
    public Builder credentialsFromEnvironment() {
      return credentials(
          System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"));
    }

    /**
     * Skip TLS certificate verification (default: verify). For test endpoints with self-signed
     * certificates.
     */
    public Builder insecureSkipTlsVerify(boolean insecure) {
      this.insecureSkipTlsVerify = insecure;
      return this;
    }

    /** Upload each directory as one {@code .tar.gz} (the upstream layout). */
    public Builder archive(boolean archive) {
      this.archive = archive;
      return this;
    }

    /** Files of at least this size go as multipart uploads (default 64 MiB). */
    public Builder multipartThreshold(long bytes) {
      this.multipartThreshold = bytes;
      return this;
    }

    /** Size of a multipart part (at least 5 MiB, S3's minimum; default 16 MiB). */
    public Builder partSize(long bytes) {
      this.partSize = bytes;
      return this;
    }

    /** Parts, or small objects, uploaded at once (default 4). */
    public Builder parallelism(int parts) {
      this.parallelism = parts;
      return this;
    }

    /** Attempts per request before a transient error becomes a failure (default 6). */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /** First retry delay, doubled after each failure up to {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Checks the settings and builds the store.
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong (never its
     *     value, for secrets)
     */
    public S3Store build() {
      if (endpoint == null || endpoint.isBlank()) {
        throw new IllegalArgumentException("S3 endpoint is required");
      }
      URI uri = URI.create(endpoint);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException(
            "S3 endpoint must be an http or https URL, was " + endpoint);
      }
      if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
        throw new IllegalArgumentException(
            "S3 bucket name must be 3-63 lower-case letters, digits, dots or hyphens, was "
                + bucket);
      }
      if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
        throw new IllegalArgumentException(
            "S3 credentials are required: credentials(access, secret) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
      }
      if (partSize < 5L * 1024 * 1024) {
        throw new IllegalArgumentException(
            "partSize must be at least 5 MiB (S3's minimum), was " + partSize);
      }
      if (multipartThreshold < partSize) {
        throw new IllegalArgumentException("multipartThreshold must be at least partSize");
      }
      if (parallelism < 1 || maxAttempts < 1) {
        throw new IllegalArgumentException("parallelism and maxAttempts must be >= 1");
      }
      return new S3Store(this);
    }
  }
}
