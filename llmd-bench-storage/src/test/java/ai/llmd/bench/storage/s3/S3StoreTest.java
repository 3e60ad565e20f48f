package ai.llmd.bench.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                new S3Store.Listener() {
                  @Override
                  public void partUploaded(String key, int partNumber, int total) {
                    parts.add(partNumber);
                  }
                })
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
                new S3Store.Listener() {
                  @Override
                  public void objectUploaded(String key) {
                    try {
                      byte[] other = "tampered".getBytes(StandardCharsets.UTF_8);
                      raw.putObject(
                          PutObjectArgs.builder().bucket("results").object(key).stream(
                                  new java.io.ByteArrayInputStream(other), (long) other.length, -1L)
                              .build());
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }
                })
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
    List<String> retries = new CopyOnWriteArrayList<>();
    S3Store store =
        store()
            .multipartThreshold(5 * MIB)
            .partSize(5 * MIB)
            .parallelism(1)
            .maxAttempts(10)
            .listener(
                new S3Store.Listener() {
                  @Override
                  public void partUploaded(String key, int partNumber, int total) {
                    if (partNumber == 2) {
                      try {
                        server.stop();
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
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
                  }

                  @Override
                  public void retrying(String key, int attempt, String reason) {
                    retries.add(reason);
                  }
                })
            .build();

    // when
    UploadReceipt r = store.upload(List.of(big), "restart").get(0);

    // then: retried, complete, identical, once
    assertThat(retries).isNotEmpty();
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
    assertThatThrownBy(() -> store().partSize(MIB).build()).hasMessageContaining("5 MiB");
  }
}
