package ai.llmd.bench.storage.s3;

import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.storage.StorageException;
import ai.llmd.bench.storage.UploadItem;
import ai.llmd.bench.storage.UploadReceipt;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3StoreTest {
  private static final long MIB = 1024 * 1024;
  @TempDir Path dir;
  private S3ProxyServer server;
  private MinioClient raw;

  @BeforeEach
  void start() throws Exception {
    server = new S3ProxyServer().start();
    raw =
        MinioClient.builder()
            .endpoint(server.endpoint())
            .credentials(S3ProxyServer.ACCESS, S3ProxyServer.SECRET)
            .build();
    raw.makeBucket(MakeBucketArgs.builder().bucket("results").build());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private S3Store.Builder store() {
    return S3Store.builder()
        .endpoint(server.endpoint())
        .bucket("results")
        .credentials(S3ProxyServer.ACCESS, S3ProxyServer.SECRET)
        .backoff(Duration.ofMillis(50), Duration.ofMillis(400));
  }

  private Path file(String name, long size, long seed) throws Exception {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    byte[] data = new byte[(int) size];
    new Random(seed).nextBytes(data);
    Files.write(f, data);
    return f;
  }

  private String remoteSha256(String key) throws Exception {
    try (var in = raw.getObject(GetObjectArgs.builder().bucket("results").object(key).build())) {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    }
  }

  private List<String> keys(String prefix) throws Exception {
    List<String> keys = new ArrayList<>();
    for (var r :
        raw.listObjects(
            ListObjectsArgs.builder().bucket("results").prefix(prefix).recursive(true).build())) {
      keys.add(r.get().objectName());
    }
    return keys;
  }

  @Test
  void uploadsDirectoriesRecursivelyWithRelativeKeys() throws Exception {
    // given
    Path run = dir.resolve("run-1");
    file("run-1/raw/stage_0_requests.csv", 1000, 1);
    file("run-1/reports/report.yaml", 200, 2);
    Path single = file("record.yaml", 50, 3);

    // when
    List<UploadReceipt> receipts = store().build().upload(List.of(run, single), "/exp/e1/");

    // then
    assertThat(receipts)
        .extracting(UploadReceipt::key)
        .containsExactly(
            "exp/e1/run-1/raw/stage_0_requests.csv",
            "exp/e1/run-1/reports/report.yaml",
            "exp/e1/record.yaml");
    for (UploadReceipt r : receipts) {
      assertThat(r.skipped()).isFalse();
      assertThat(remoteSha256(r.key())).isEqualTo(r.sha256());
    }
    assertThat(receipts.get(0).size()).isEqualTo(1000);
    assertThat(receipts.get(0).sha256())
        .isEqualTo(UploadItem.sha256(run.resolve("raw/stage_0_requests.csv")));
  }

  @Test
  void largeFilesGoAsParallelMultipartUploads() throws Exception {
    Path big = file("big.bin", 12 * MIB + 123, 4);
    List<Integer> parts = new CopyOnWriteArrayList<>();
    S3Store store =
        store()
            .multipartThreshold(5 * MIB)
            .partSize(5 * MIB)
            .parallelism(3)
            .listener(
                PartEvents.of(
                    (key, partNumber, total) -> {
                      parts.add(partNumber);
                    }))
            .build();

    UploadReceipt r = store.upload(List.of(big), "mp").get(0);

    assertThat(parts).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(r.size()).isEqualTo(12 * MIB + 123);
    assertThat(remoteSha256("mp/big.bin")).isEqualTo(UploadItem.sha256(big));
  }

  @Test
  void unchangedObjectsAreSkipped() throws Exception {
    Path run = dir.resolve("run");
    file("run/a.txt", 100, 5);
    Path b = file("run/b.txt", 100, 6);
    S3Store store = store().build();
    store.upload(List.of(run), "p");

    Files.writeString(b, "changed");
    List<UploadReceipt> again = store.upload(List.of(run), "p");

    assertThat(again).extracting(UploadReceipt::skipped).containsExactly(true, false);
    assertThat(remoteSha256("p/run/b.txt")).isEqualTo(UploadItem.sha256(b));
  }

  @Test
  void anObjectChangedBeforeVerificationFailsTheUpload() throws Exception {
    Path f = file("f.bin", 1000, 7);
    S3Store store =
        store()
            .listener(
                EventListener.only(
                    BenchEvent.Type.UPLOAD_PROGRESS,
                    e -> {
                      if (e.upload().step() != BenchEvent.Upload.Step.OBJECT_SENT) {
                        return;
                      }
                      try {
                        byte[] other = "tampered".getBytes(StandardCharsets.UTF_8);
                        raw.putObject(
                            PutObjectArgs.builder()
                                .bucket("results")
                                .object(e.upload().key())
                                .stream(
                                    new java.io.ByteArrayInputStream(other),
                                    (long) other.length,
                                    -1L)
                                .build());
                      } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                      }
                    }))
            .build();

    assertThatThrownBy(() -> store.upload(List.of(f), "v"))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.key()).isEqualTo("v/f.bin"))
        .hasMessageContaining("verification failed");
    assertThat(Files.size(f)).isEqualTo(1000); // the local file is untouched
  }

  @Test
  void wrongCredentialsFailWithoutLeakingThem() throws Exception {
    Path f = file("f.txt", 10, 8);
    S3Store store =
        S3Store.builder()
            .endpoint(server.endpoint())
            .bucket("results")
            .credentials("nobody", "wrong-secret-value")
            .build();

    assertThatThrownBy(() -> store.upload(List.of(f), "x"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("s3://results")
        .satisfies(
            e -> {
              StringBuilder all = new StringBuilder();
              for (Throwable t = e; t != null; t = t.getCause()) {
                all.append(t).append('\n');
              }
              assertThat(all.toString())
                  .doesNotContain("wrong-secret-value")
                  .doesNotContain(S3ProxyServer.SECRET);
            });
  }

  @Test
  void aMissingBucketIsAnErrorUnlessCreationIsAsked() throws Exception {
    Path f = file("f.txt", 10, 9);
    assertThatThrownBy(() -> store().bucket("absent").build().upload(List.of(f), "x"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("s3://absent")
        .hasMessageContaining("bucket does not exist");

    List<UploadReceipt> r =
        store().bucket("created").createBucket(true).build().upload(List.of(f), "x");
    assertThat(r).hasSize(1);
  }

  @Test
  void theServerStoppingDuringAMultipartUploadIsRetriedToCompletion() throws Exception {
    // given: 6 parts, one at a time; the server goes away after part 2 and comes back 600 ms later
    Path big = file("big.bin", 26 * MIB, 10);
    List<BenchEvent.Retry> retries = new CopyOnWriteArrayList<>();
    S3Store store =
        store()
            .multipartThreshold(5 * MIB)
            .partSize(5 * MIB)
            .parallelism(1)
            .maxAttempts(10)
            .listener(
                EventListener.all(
                    PartEvents.of(
                        (key, partNumber, total) -> {
                          if (partNumber == 2) {
                            stopServer();
                            new Thread(
                                    () -> {
                                      try {
                                        Thread.sleep(600);
                                        server.start();
                                      } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                      }
                                    })
                                .start();
                          }
                        }),
                    EventListener.only(
                        BenchEvent.Type.UPLOAD_RETRYING, e -> retries.add(e.retry()))))
            .build();

    // when
    UploadReceipt r = store.upload(List.of(big), "restart").get(0);

    // then: retried, complete, identical, once
    assertThat(retries).isNotEmpty();
    assertThat(retries)
        .allSatisfy(
            t -> {
              assertThat(t.key()).isEqualTo("restart/big.bin");
              assertThat(t.attempt()).isBetween(1, 9);
              assertThat(t.reason()).isNotBlank();
            });
    assertThat(r.skipped()).isFalse();
    assertThat(remoteSha256("restart/big.bin")).isEqualTo(UploadItem.sha256(big));
    assertThat(keys("restart/")).containsExactly("restart/big.bin");
    assertThat(store.upload(List.of(big), "restart").get(0).skipped()).isTrue();
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThatThrownBy(() -> S3Store.builder().bucket("b").credentials("a", "s").build())
        .hasMessageContaining("endpoint");
    assertThatThrownBy(
            () ->
                S3Store.builder().endpoint("http://x").bucket("B_ad").credentials("a", "s").build())
        .hasMessageContaining("bucket name");
    assertThatThrownBy(
            () ->
                S3Store.builder()
                    .endpoint("http://x")
                    .bucket("bucket")
                    .credentials("a", null)
                    .build())
        .hasMessageContaining("credentials are required")
        .hasMessageNotContaining("a,");
    assertThatThrownBy(
            () ->
                S3Store.builder()
                    .endpoint("http://x")
                    .bucket("bucket")
                    .credentials("a", "  ", "token")
                    .build())
        .hasMessageContaining("secret key");
    assertThatThrownBy(() -> store().partSize(MIB).build()).hasMessageContaining("5 MiB");
  }

  private List<String> incompleteUploads() throws Exception {
    var client =
        io.minio.MinioAsyncClient.builder()
            .endpoint(server.endpoint())
            .credentials(S3ProxyServer.ACCESS, S3ProxyServer.SECRET)
            .build();
    var uploads =
        client
            .listMultipartUploads(
                io.minio.ListMultipartUploadsArgs.builder().bucket("results").build())
            .get()
            .result()
            .uploads();
    List<String> keys = new ArrayList<>();
    if (uploads != null) {
      uploads.forEach(u -> keys.add(u.objectName()));
    }
    return keys;
  }

  @Test
  void bucketsAreCreatedInUsEast1WithoutARegionAndInOtherRegions() throws Exception {
    Path f = file("f.txt", 10, 11);
    for (String region : new String[] {"us-east-1", null, "eu-west-1"}) {
      String bucket = "made-" + (region == null ? "default" : region);
      S3Store.Builder b = store().bucket(bucket).createBucket(true);
      if (region != null) {
        b.region(region);
      }
      assertThat(b.build().upload(List.of(f), "x")).hasSize(1);
      assertThat(raw.bucketExists(io.minio.BucketExistsArgs.builder().bucket(bucket).build()))
          .as(bucket)
          .isTrue();
    }
  }

  @Test
  void anUploadGivenUpOnDuringAnOutageIsResumedOnRerun() throws Exception {
    // given: 6 parts, one at a time; the server goes away after part 3 and stays away
    Path big = file("big.bin", 27 * MIB, 12);
    List<Integer> firstRun = new CopyOnWriteArrayList<>();
    S3Store failing =
        store()
            .multipartThreshold(5 * MIB)
            .partSize(5 * MIB)
            .parallelism(1)
            .maxAttempts(2)
            .listener(
                PartEvents.of(
                    (key, partNumber, total) -> {
                      firstRun.add(partNumber);
                      if (partNumber == 3) {
                        stopServer();
                      }
                    }))
            .build();
    assertThatThrownBy(() -> failing.upload(List.of(big), "resume"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("gave up")
        .hasMessageContaining("running the upload again resumes it");
    assertThat(firstRun).containsExactly(1, 2, 3);

    // when: the server is back and the upload runs again
    server.start();
    assertThat(incompleteUploads()).containsExactly("resume/big.bin");
    List<Integer> rerun = new CopyOnWriteArrayList<>();
    UploadReceipt r =
        store()
            .multipartThreshold(5 * MIB)
            .partSize(5 * MIB)
            .parallelism(2)
            .listener(
                PartEvents.of(
                    (key, partNumber, total) -> {
                      rerun.add(partNumber);
                    }))
            .build()
            .upload(List.of(big), "resume")
            .get(0);

    // then: only the missing parts went, nothing is left unfinished, the bytes are identical
    assertThat(rerun).containsExactlyInAnyOrder(4, 5, 6);
    assertThat(incompleteUploads()).isEmpty();
    assertThat(r.sha256()).isEqualTo(UploadItem.sha256(big));
    assertThat(remoteSha256("resume/big.bin")).isEqualTo(UploadItem.sha256(big));
  }

  @Test
  void aPartThatChangedSinceTheEarlierAttemptIsSentAgain() throws Exception {
    Path big = file("big.bin", 12 * MIB, 13);
    S3Store.Builder b = store().multipartThreshold(5 * MIB).partSize(5 * MIB).parallelism(1);
    S3Store failing =
        b.listener(
                PartEvents.of(
                    (key, partNumber, total) -> {
                      if (partNumber == 2) {
                        stopServer();
                      }
                    }))
            .maxAttempts(1)
            .build();
    assertThatThrownBy(() -> failing.upload(List.of(big), "changed"))
        .isInstanceOf(StorageException.class);
    server.start();
    byte[] data = Files.readAllBytes(big);
    data[10] ^= 1; // part 1 differs from what the server holds
    Files.write(big, data);

    List<Integer> rerun = new CopyOnWriteArrayList<>();
    store()
        .multipartThreshold(5 * MIB)
        .partSize(5 * MIB)
        .listener(
            PartEvents.of(
                (key, partNumber, total) -> {
                  rerun.add(partNumber);
                }))
        .build()
        .upload(List.of(big), "changed");

    assertThat(rerun).containsExactlyInAnyOrder(1, 3);
    assertThat(remoteSha256("changed/big.bin")).isEqualTo(UploadItem.sha256(big));
  }

  @Test
  void aMultipartUploadThatFailsForGoodIsAborted() throws Exception {
    // given: the file shrinks once part 1 is sent, so part 2 cannot be read
    Path big = file("big.bin", 12 * MIB, 14);
    S3Store store =
        store()
            .multipartThreshold(5 * MIB)
            .partSize(5 * MIB)
            .parallelism(1)
            .listener(
                PartEvents.of(
                    (key, partNumber, total) -> {
                      try (var ch = java.nio.channels.FileChannel.open(big, WRITE)) {
                        ch.truncate(5 * MIB + 1);
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    }))
            .build();

    assertThatThrownBy(() -> store.upload(List.of(big), "abort"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("shrank")
        .hasMessageContaining("aborted");
    assertThat(incompleteUploads()).isEmpty();
    assertThat(keys("abort/")).isEmpty();
  }

  @Test
  void progressEventsCountTheUploadsObjectsAndBytesAndAThrowingListenerFailsNothing()
      throws Exception {
    // given: two small files and one of three parts; a listener that records, then throws
    Path run = dir.resolve("run");
    file("run/a.txt", 1000, 20);
    file("run/b.txt", 2000, 21);
    file("run/big.bin", 12 * MIB, 22);
    long total = 3000 + 12 * MIB;
    BenchEvent.Context ctx = new BenchEvent.Context("exp-1", null, null);
    List<BenchEvent> first = new CopyOnWriteArrayList<>();
    S3Store store =
        store()
            .multipartThreshold(5 * MIB)
            .partSize(5 * MIB)
            .parallelism(3)
            .listener(
                e -> {
                  first.add(e);
                  throw new IllegalStateException("listener bug");
                },
                ctx)
            .build();

    // when
    List<UploadReceipt> receipts = store.upload(List.of(run), "p");

    // then: every part and object reported, with the upload's totals, in the context given
    assertThat(receipts).hasSize(3).noneMatch(UploadReceipt::skipped);
    assertThat(first)
        .allSatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(BenchEvent.Type.UPLOAD_PROGRESS);
              assertThat(e.context()).isEqualTo(ctx);
              assertThat(e.upload().objects()).isEqualTo(3);
              assertThat(e.upload().bytes()).isEqualTo(total);
              assertThat(e.upload().bytesDone()).isBetween(0L, total);
            });
    assertThat(steps(first, BenchEvent.Upload.Step.PART_SENT))
        .extracting(u -> u.key() + "#" + u.part() + "/" + u.parts())
        .containsExactlyInAnyOrder("p/run/big.bin#1/3", "p/run/big.bin#2/3", "p/run/big.bin#3/3");
    assertThat(steps(first, BenchEvent.Upload.Step.OBJECT_SENT))
        .extracting(BenchEvent.Upload::key)
        .containsExactlyInAnyOrder("p/run/a.txt", "p/run/b.txt", "p/run/big.bin");
    assertThat(steps(first, BenchEvent.Upload.Step.OBJECT_STORED))
        .extracting(BenchEvent.Upload::objectsDone)
        .containsExactlyInAnyOrder(1, 2, 3);
    assertThat(first).extracting(e -> e.upload().bytesDone()).contains(total);

    // when: the same files again, through a copy of the store with another listener
    List<BenchEvent> again = new CopyOnWriteArrayList<>();
    store.withEvents(again::add, ctx.withStack("s")).upload(List.of(run), "p");

    // then: each object skipped and counted, nothing sent, the first listener not called
    assertThat(again)
        .extracting(e -> e.upload().step())
        .containsOnly(BenchEvent.Upload.Step.OBJECT_SKIPPED);
    assertThat(again).extracting(e -> e.upload().objectsDone()).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(again).extracting(e -> e.upload().bytesDone()).contains(total);
    assertThat(again).allSatisfy(e -> assertThat(e.context().stack()).isEqualTo("s"));
    assertThat(first).hasSize(3 + 3 + 3);
  }

  /** Stops the S3 server from inside a listener (which may not throw checked exceptions). */
  private void stopServer() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<BenchEvent.Upload> steps(
      List<BenchEvent> events, BenchEvent.Upload.Step step) {
    return events.stream().map(BenchEvent::upload).filter(u -> u.step() == step).toList();
  }

  @Test
  void anUnknownAccessKeyAndAWrongSecretAreToldApart() throws Exception {
    Path f = file("f.txt", 10, 15);
    S3Store unknown =
        S3Store.builder()
            .endpoint(server.endpoint())
            .bucket("results")
            .credentials("nobody-at-all", "wrong-secret-value")
            .build();
    S3Store wrongSecret =
        S3Store.builder()
            .endpoint(server.endpoint())
            .bucket("results")
            .credentials(S3ProxyServer.ACCESS, "wrong-secret-value")
            .build();

    assertThatThrownBy(() -> unknown.upload(List.of(f), "x"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("InvalidAccessKeyId")
        .hasMessageContaining("check the access key ID")
        .hasMessageContaining("S3Store.Builder.credentials")
        .hasMessageNotContaining("wrong-secret-value");
    assertThatThrownBy(() -> wrongSecret.upload(List.of(f), "x"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("SignatureDoesNotMatch")
        .hasMessageContaining("check the secret access key")
        .hasMessageNotContaining("wrong-secret-value")
        .hasMessageNotContaining(S3ProxyServer.SECRET);
  }

  @Test
  void credentialsComeFromTheEnvironmentWithASessionTokenOrFromAProfile() throws Exception {
    Path f = file("f.txt", 10, 16);
    // minio-java's providers read system properties of the variables' names before the variables
    System.setProperty("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS);
    System.setProperty("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET);
    try {
      assertThat(
              S3Store.builder()
                  .endpoint(server.endpoint())
                  .bucket("results")
                  .credentialsFromEnvironment()
                  .build()
                  .upload(List.of(f), "env"))
          .hasSize(1);
      // the default chain takes the environment first
      assertThat(
              S3Store.builder()
                  .endpoint(server.endpoint())
                  .bucket("results")
                  .build()
                  .upload(List.of(f), "chain"))
          .hasSize(1);
      // s3proxy has no STS: it refuses a request carrying x-amz-security-token, which shows the
      // session token is sent
      System.setProperty("AWS_SESSION_TOKEN", "session-token-value");
      assertThatThrownBy(
              () ->
                  S3Store.builder()
                      .endpoint(server.endpoint())
                      .bucket("results")
                      .credentialsFromEnvironment()
                      .build()
                      .upload(List.of(f), "token"))
          .hasMessageContaining("NotImplemented")
          .hasMessageNotContaining("gave up");
    } finally {
      System.clearProperty("AWS_ACCESS_KEY_ID");
      System.clearProperty("AWS_SECRET_ACCESS_KEY");
      System.clearProperty("AWS_SESSION_TOKEN");
    }
    Path credentialsFile = dir.resolve("aws-credentials");
    Files.writeString(
        credentialsFile,
        "[default]\naws_access_key_id = other\naws_secret_access_key = other-secret\n\n"
            + "[bench]\naws_access_key_id = "
            + S3ProxyServer.ACCESS
            + "\naws_secret_access_key = "
            + S3ProxyServer.SECRET
            + "\n");
    System.setProperty("AWS_SHARED_CREDENTIALS_FILE", credentialsFile.toString());
    try {
      assertThat(
              S3Store.builder()
                  .endpoint(server.endpoint())
                  .bucket("results")
                  .credentialsFromProfile("bench")
                  .build()
                  .upload(List.of(f), "profile"))
          .hasSize(1);
      assertThatThrownBy(
              () ->
                  S3Store.builder()
                      .endpoint(server.endpoint())
                      .bucket("results")
                      .credentialsFromProfile(null)
                      .build()
                      .upload(List.of(f), "profile"))
          .hasMessageContaining("InvalidAccessKeyId")
          .hasMessageContaining("profile 'default'")
          .hasMessageNotContaining("other-secret");
    } finally {
      System.clearProperty("AWS_SHARED_CREDENTIALS_FILE");
    }
    assertThat(keys("")).contains("env/f.txt", "chain/f.txt", "profile/f.txt");
  }
}
