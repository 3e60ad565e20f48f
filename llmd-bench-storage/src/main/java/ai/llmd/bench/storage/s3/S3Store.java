package ai.llmd.bench.storage.s3;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.io.Paths2;
import ai.llmd.bench.storage.ResultStore;
import ai.llmd.bench.storage.StorageException;
import ai.llmd.bench.storage.UploadItem;
import ai.llmd.bench.storage.UploadReceipt;
import ai.llmd.bench.storage.support.Archives;
import ai.llmd.bench.storage.support.UploadProgress;
import io.minio.BucketExistsArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 *     .bucket("benchmarks").createBucket(true)   // no LocationConstraint in us-east-1, as S3 expects
 *     .build();                                   // credentials: environment, ~/.aws/credentials, IAM
 * List<UploadReceipt> receipts = store.upload(List.of(Path.of("results/run-1")), "experiments/e1");
 * }</pre>
 *
 * <p>Small files go in one PUT each, {@code parallelism} at a time, with their SHA-256 as user
 * metadata ({@code x-amz-meta-sha256}). Files from {@code multipartThreshold} up go as multipart
 * uploads with {@code parallelism} parts in flight, each part with its {@code Content-MD5}, the
 * file's SHA-256 computed while sending; the server's multipart ETag is checked afterwards. An
 * object already present and identical is skipped; a multipart upload given up on is aborted, or,
 * when the server cannot be reached to abort it, resumed by the next run (only missing parts are
 * sent). Transient errors (network, 5xx, throttling) are retried with exponential backoff; a
 * permanent one throws {@link StorageException} naming the key, and a refused credential is named
 * (access key, secret key or session token). Keys are the file names' exact UTF-8, whatever the
 * default charset. Secrets never appear in logs or exceptions.
 *
 * <p>Progress is reported to the {@link Builder#listener(EventListener) listener} as {@link
 * BenchEvent.Type#UPLOAD_PROGRESS} events (each part, object sent, object stored or skipped, with
 * the upload's objects and bytes done so far) and {@link BenchEvent.Type#UPLOAD_RETRYING} events
 * (each transient failure that is retried):
 *
 * <pre>{@code
 * S3Store store = S3Store.builder()...listener(new ConsoleListener(System.out)).build();
 * }</pre>
 */
public final class S3Store implements ResultStore {
  private static final Logger log = LoggerFactory.getLogger(S3Store.class);
  private static final String SHA_META = "sha256";
  static final String PART_SIZE_META = "part-size";
  private static final Set<String> TRANSIENT_CODES =
      Set.of(
          "InternalError",
          "SlowDown",
          "ServiceUnavailable",
          "RequestTimeout",
          "RequestTimeTooSkewed",
          "Throttling");

  private final Builder settings;
  private final S3Credentials credentials;
  private final S3Client client;
  private final String target;
  private final EventListener listener;
  private final BenchEvent.Context context;
  private volatile boolean bucketChecked;

  private S3Store(Builder b) {
    this.settings = b;
    this.listener = b.listener;
    this.context = b.context;
    this.target = "s3://" + b.bucket;
    this.credentials = b.credentials != null ? b.credentials : S3Credentials.defaultChain();
    MinioAsyncClient.Builder mb =
        MinioAsyncClient.builder().endpoint(b.endpoint.toString()).credentialsProvider(credentials);
    if (b.region != null) {
      mb.region(b.region);
    }
    mb.httpClient(httpClient(b.insecureSkipTlsVerify, b.parallelism), true);
    this.client = new S3Client(mb.build());
  }

  /** A store sharing {@code base}'s settings and connections, reporting to another listener. */
  private S3Store(S3Store base, EventListener listener, BenchEvent.Context context) {
    this.settings = base.settings;
    this.credentials = base.credentials;
    this.client = base.client;
    this.target = base.target;
    this.bucketChecked = base.bucketChecked;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.context = context == null ? BenchEvent.Context.NONE : context;
  }

  /**
   * This store (same settings and connections) reporting its progress to {@code listener}, in
   * {@code context}, instead of the builder's listener.
   */
  @Override
  public S3Store withEvents(EventListener listener, BenchEvent.Context context) {
    return new S3Store(this, listener, context);
  }

  /**
   * Starts a store; {@link Builder#endpoint(URI)} and {@link Builder#bucket(String)} are required.
   *
   * <pre>{@code
   * S3Store store = S3Store.builder()
   *     .endpoint(URI.create("http://127.0.0.1:9000"))
   *     .bucket("benchmarks")
   *     .build();
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public List<UploadReceipt> upload(List<Path> paths, String targetPrefix) {
    Path scratch = null;
    try {
      List<UploadItem> items;
      if (settings.archive) {
        scratch = Files.createTempDirectory("llmd-bench-archive");
        items = Archives.items(paths, targetPrefix, scratch);
      } else {
        items = UploadItem.of(paths, targetPrefix);
      }
      ensureBucket();
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
    UploadProgress progress = new UploadProgress(listener, context, items);
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallelism);
    try {
      List<Future<UploadReceipt>> pending = new ArrayList<>();
      for (UploadItem item : items) {
        if (Files.size(item.file()) >= settings.multipartThreshold) {
          for (Future<UploadReceipt> f : pending) {
            f.get();
          }
          UploadReceipt r = storeOne(item, progress);
          pending.add(CompletableFuture.completedFuture(r));
        } else {
          pending.add(pool.submit(() -> storeOne(item, progress)));
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
      stopAll(pool);
    }
  }

  /** Stops a pool and waits for its threads, so that nothing is sent after a call returns. */
  static void stopAll(ExecutorService pool) {
    pool.shutdownNow();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void ensureBucket() {
    if (bucketChecked) {
      return;
    }
    try {
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
        retry(null, () -> client.createBucket(settings.bucket, settings.region).join());
        log.info("Created bucket {}", settings.bucket);
      }
    } catch (Refused e) {
      // a HEAD has no error body: ask again with a call whose error says what is wrong
      throw credentialError(probe());
    }
    bucketChecked = true;
  }

  /** The error of a listing of the bucket, which S3 answers with an error document. */
  private ErrorResponseException probe() {
    try {
      client
          .listObjects(ListObjectsArgs.builder().bucket(settings.bucket).maxKeys(1).build())
          .iterator()
          .next()
          .get();
    } catch (Exception e) {
      if (unwrap(e) instanceof ErrorResponseException er) {
        return er;
      }
    }
    return null;
  }

  /** A refused request, as a StorageException that says which credential to check. */
  private StorageException credentialError(ErrorResponseException er) {
    String code = er == null ? "AccessDenied" : er.errorResponse().code();
    String key = credentials.maskedAccessKey();
    String from = "from " + credentials.describe();
    String hint =
        switch (code) {
          case "InvalidAccessKeyId" ->
              "the server does not know the access key "
                  + key
                  + " ("
                  + from
                  + "): check the access key ID";
          case "SignatureDoesNotMatch" ->
              "the secret key does not belong to the access key "
                  + key
                  + " ("
                  + from
                  + "): check the secret access key";
          case "ExpiredToken", "TokenRefreshRequired" ->
              "the session token has expired (" + from + "): get new temporary credentials";
          case "InvalidToken" ->
              "the session token is not valid ("
                  + from
                  + "): check AWS_SESSION_TOKEN / aws_session_token, or remove it for long-term keys";
          default ->
              "access key "
                  + key
                  + " ("
                  + from
                  + ") may not use this bucket: check the bucket's policy and the key's permissions"
                  + " (s3:ListBucket, s3:GetObject, s3:PutObject, s3:AbortMultipartUpload,"
                  + " s3:ListBucketMultipartUploads), or the bucket name and region";
        };
    String message = er == null ? code : describe(er);
    return new StorageException(target, null, message + "; " + hint, null);
  }

  private UploadReceipt storeOne(UploadItem item, UploadProgress progress) throws IOException {
    long size = Files.size(item.file());
    return size >= settings.multipartThreshold
        ? storeLarge(item, size, progress)
        : storeSmall(item, size, progress);
  }

  /** One PUT; the SHA-256 computed from the bytes in memory signs the request and is recorded. */
  private UploadReceipt storeSmall(UploadItem item, long size, UploadProgress progress)
      throws IOException {
    String key = item.key();
    byte[] data = Files.readAllBytes(item.file());
    if (data.length != size) {
      throw new StorageException(target, key, "the file changed while being read", null);
    }
    String sha = Digests.hex(Digests.sha256(data, 0, data.length));
    StatObjectResponse existing = stat(key);
    if (existing != null
        && existing.size() == size
        && sha.equals(existing.userMetadata().getFirst(SHA_META))) {
      return done(new UploadReceipt(key, size, sha, true), 0, 0, progress);
    }
    Http.Headers headers = new Http.Headers();
    headers.put("x-amz-content-sha256", sha);
    retry(
        key,
        () ->
            client
                .putObject(
                    PutObjectArgs.builder()
                        .bucket(settings.bucket)
                        .object(key)
                        .data(data, data.length)
                        .headers(headers)
                        .userMetadata(Map.of(SHA_META, sha))
                        .build())
                .join());
    progress.objectSent(key, 0);
    StatObjectResponse stored = stat(key);
    if (stored == null
        || stored.size() != size
        || !sha.equals(stored.userMetadata().getFirst(SHA_META))) {
      throw verificationFailed(
          key,
          stored == null
              ? "nothing"
              : stored.size() + " bytes, sha256 " + stored.userMetadata().getFirst(SHA_META),
          size + " bytes, sha256 " + sha);
    }
    return done(new UploadReceipt(key, size, sha, false), 0, 0, progress);
  }

  private static UploadReceipt done(
      UploadReceipt receipt, int parts, long counted, UploadProgress progress) {
    progress.objectDone(receipt, parts, counted);
    return receipt;
  }

  /**
   * A multipart upload: skipped when the object's multipart ETag (the MD5 of its parts' MD5s)
   * matches the file's, resumed when the server still holds parts of an earlier attempt, and
   * verified by the ETag the server computes from the bytes it received.
   */
  private UploadReceipt storeLarge(UploadItem item, long size, UploadProgress progress)
      throws IOException {
    String key = item.key();
    StatObjectResponse existing = stat(key);
    if (existing != null && existing.size() == size && Digests.isMultipartEtag(existing.etag())) {
      long partSize = partSizeOf(existing);
      Digests.FileDigest local = Digests.ofFile(item.file(), partSize);
      if (local.multipartEtag().equals(Digests.unquote(existing.etag()))) {
        return done(new UploadReceipt(key, size, local.sha256(), true), 0, 0, progress);
      }
    }
    MultipartUpload upload =
        new MultipartUpload(this, client, settings.bucket, progress, item, size, settings.partSize);
    Digests.FileDigest sent = upload.run();
    progress.objectSent(key, upload.parts());
    StatObjectResponse stored = stat(key);
    if (stored == null
        || stored.size() != size
        || (Digests.isMultipartEtag(stored.etag())
            && !sent.multipartEtag().equals(Digests.unquote(stored.etag())))) {
      throw verificationFailed(
          key,
          stored == null ? "nothing" : stored.size() + " bytes, ETag " + stored.etag(),
          size + " bytes, ETag " + sent.multipartEtag());
    }
    return done(
        new UploadReceipt(key, size, sent.sha256(), false),
        upload.parts(),
        upload.bytesSent(),
        progress);
  }

  private long partSizeOf(StatObjectResponse object) {
    String recorded = object.userMetadata().getFirst(PART_SIZE_META);
    try {
      return recorded == null ? settings.partSize : Long.parseLong(recorded);
    } catch (NumberFormatException e) {
      return settings.partSize;
    }
  }

  private StorageException verificationFailed(String key, String stored, String expected) {
    return new StorageException(
        target, key, "verification failed: stored " + stored + ", expected " + expected, null);
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
  static final class NotFound extends RuntimeException {
    NotFound() {
      super(null, null, false, false);
    }
  }

  /** A request refused for its credentials (403), seen by {@link #ensureBucket}. */
  private static final class Refused extends RuntimeException {
    Refused() {
      super(null, null, false, false);
    }
  }

  /** Parallelism and the worker threads' name, for a multipart upload. */
  int parallelism() {
    return settings.parallelism;
  }

  String target() {
    return target;
  }

  @FunctionalInterface
  interface Call<T> {
    T call() throws Exception;
  }

  /**
   * Runs a call, retrying transient failures with exponential backoff; permanent ones become
   * StorageException.
   */
  <T> T retry(String key, Call<T> call) {
    Duration backoff = settings.initialBackoff;
    for (int attempt = 1; ; attempt++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new StorageException(target, key, "interrupted", null);
      }
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
        if (key == null
            && cause instanceof ErrorResponseException er
            && er.response() != null
            && er.response().code() == 403) {
          throw new Refused();
        }
        if (cause instanceof java.security.ProviderException pe) {
          throw new StorageException(target, key, pe.getMessage(), null);
        }
        if (!isTransient(cause) || attempt >= settings.maxAttempts) {
          throw new StorageException(
              target,
              key,
              (isTransient(cause) ? "gave up after " + attempt + " attempts: " : "")
                  + describe(cause),
              null);
        }
        EventListener.safely(
            listener,
            BenchEvent.retrying(context, new BenchEvent.Retry(key, attempt, describe(cause))));
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

  static Throwable unwrap(Throwable e) {
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
      return TRANSIENT_CODES.contains(code) || (status >= 500 && status != 501);
    }
    return t instanceof IOException
        || t instanceof io.minio.errors.ServerException
        || t instanceof io.minio.errors.InternalException;
  }

  /**
   * A description of a failure that carries no credential: the S3 error code and message, or the
   * exception type.
   */
  static String describe(Throwable t) {
    if (t instanceof ErrorResponseException er) {
      String code = er.errorResponse().code();
      String hint =
          switch (code == null ? "" : code) {
            case "InvalidAccessKeyId" -> " (check the access key ID)";
            case "SignatureDoesNotMatch" -> " (check the secret access key)";
            case "ExpiredToken", "InvalidToken" -> " (check the session token)";
            default -> "";
          };
      return code + ": " + er.errorResponse().message() + hint;
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
  private static OkHttpClient httpClient(boolean insecure, int parallelism) {
    okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
    dispatcher.setMaxRequests(Math.max(64, 2 * parallelism));
    dispatcher.setMaxRequestsPerHost(Math.max(5, 2 * parallelism));
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new okhttp3.ConnectionPool(2 * parallelism, 5, TimeUnit.MINUTES))
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
    private URI endpoint;
    private String region;
    private String bucket;
    private boolean createBucket;
    private S3Credentials credentials;
    private boolean insecureSkipTlsVerify;
    private boolean archive;
    private long multipartThreshold = 64L * 1024 * 1024;
    private long partSize = 16L * 1024 * 1024;
    private int parallelism = 10;
    private int maxAttempts = 6;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private EventListener listener = EventListener.NOOP;
    private BenchEvent.Context context = BenchEvent.Context.NONE;

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
      this.endpoint = endpoint;
      return this;
    }

    /**
     * The S3 endpoint URL as a string, parsed into a {@link URI} and checked as {@link
     * #endpoint(java.net.URI)} does (a convenience for configuration values).
     *
     * @throws IllegalArgumentException when it is null, not a URI, or not an http(s) URL with a
     *     host
     */
    public Builder endpoint(String endpoint) {
      if (endpoint == null || endpoint.isBlank()) {
        throw new IllegalArgumentException("S3 endpoint is required");
      }
      URI uri;
      try {
        uri = new URI(endpoint.strip());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("S3 endpoint is not a valid URI: " + e.getMessage(), e);
      }
      return endpoint(uri);
    }

    /**
     * The bucket's region, e.g. {@code us-east-1}, used for request signing and when creating the
     * bucket; when not set, the MinIO client asks the server for the bucket's location.
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * The bucket to upload into; required, and checked by {@link #build()} against S3's bucket
     * naming rules (3 to 63 lower-case letters, digits, dots and hyphens).
     */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** Create the bucket when it does not exist (default: fail). */
    public Builder createBucket(boolean create) {
      this.createBucket = create;
      return this;
    }

    /** A static key pair (long-term credentials). */
    public Builder credentials(String accessKey, String secretKey) {
      return credentials(accessKey, secretKey, null);
    }

    /**
     * A static key pair with a session token (temporary credentials, as from STS).
     *
     * @throws IllegalArgumentException when the access or secret key is missing (never showing
     *     either)
     */
    public Builder credentials(String accessKey, String secretKey, String sessionToken) {
      if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
        throw new IllegalArgumentException(
            "S3 credentials are required: both the access key and the secret key");
      }
      this.credentials =
          S3Credentials.of(
              S3Credentials.fixed(
                  accessKey,
                  secretKey,
                  sessionToken == null || sessionToken.isBlank() ? null : sessionToken));
      return this;
    }

    /**
     * Credentials from {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and, when set,
     * {@code AWS_SESSION_TOKEN} (also read as system properties of the same names).
     */
    public Builder credentialsFromEnvironment() {
      this.credentials = S3Credentials.of(S3Credentials.environment());
      return this;
    }

    /**
     * Credentials from a profile of the shared credentials file ({@code
     * AWS_SHARED_CREDENTIALS_FILE}, default {@code ~/.aws/credentials}); {@code null}: {@code
     * AWS_PROFILE}, else {@code default}.
     */
    public Builder credentialsFromProfile(String profile) {
      this.credentials = S3Credentials.of(S3Credentials.profile(profile));
      return this;
    }

    /**
     * Credentials from any minio-java provider (for example {@code AssumeRoleProvider} or {@code
     * WebIdentityProvider}).
     */
    public Builder credentialsProvider(io.minio.credentials.Provider provider) {
      Objects.requireNonNull(provider, "provider");
      this.credentials =
          S3Credentials.of(
              new S3Credentials.Source(
                  "the provider " + provider.getClass().getSimpleName(), provider));
      return this;
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

    /** Parts, or small objects, uploaded at once (default 10, as the AWS CLI). */
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

    /**
     * Receives upload progress ({@link BenchEvent.Type#UPLOAD_PROGRESS}) and retries ({@link
     * BenchEvent.Type#UPLOAD_RETRYING}), on the upload's threads (default: none). What the listener
     * throws is logged and does not fail the upload.
     *
     * <pre>{@code
     * S3Store.builder()...listener(EventListener.only(BenchEvent.Type.UPLOAD_PROGRESS,
     *     e -> System.out.println(e.upload().bytesDone() + "/" + e.upload().bytes() + " bytes")));
     * }</pre>
     */
    public Builder listener(EventListener listener) {
      return listener(listener, context);
    }

    /** Receives upload progress and retries as events in {@code context}. */
    public Builder listener(EventListener listener, BenchEvent.Context context) {
      this.listener = Objects.requireNonNull(listener, "listener");
      this.context = context == null ? BenchEvent.Context.NONE : context;
      return this;
    }

    /**
     * Checks the settings and builds the store.
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong (never its
     *     value, for secrets)
     */
    public S3Store build() {
      if (endpoint == null) {
        throw new IllegalArgumentException("S3 endpoint is required");
      }
      if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
        throw new IllegalArgumentException(
            "S3 bucket name must be 3-63 lower-case letters, digits, dots or hyphens, was "
                + bucket);
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
