package ai.llmd.bench.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.llmd.bench.storage.StorageException;
import ai.llmd.bench.storage.UploadItem;
import ai.llmd.bench.storage.UploadReceipt;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against an S3 server in another process that stores on disk and checks signatures ({@link
 * IndependentS3Server}), checked with a separate client: an outage is the process being killed.
 * Skipped when the server cannot be started here.
 */
class IndependentServerTest {
  private static final long MIB = 1024 * 1024;
  @TempDir Path dir;
  private Process server;
  private int port;

  @BeforeEach
  void start() throws Exception {
    launch(0);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.destroyForcibly();
    }
  }

  private void launch(int wantedPort) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    server =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                IndependentS3Server.class.getName(),
                Integer.toString(wantedPort),
                Files.createDirectories(dir.resolve("server-data")).toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
      // s3proxy's own output
    }
    assumeTrue(line != null, "the independent S3 server did not start");
    port = Integer.parseInt(line.substring("READY ".length()).trim());
  }

  private void kill() throws Exception {
    server.destroyForcibly();
    server.waitFor(30, TimeUnit.SECONDS);
  }

  private String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  private S3Store.Builder store(String bucket) {
    return S3Store.builder()
        .endpoint(endpoint())
        .bucket(bucket)
        .createBucket(true)
        .credentials(IndependentS3Server.ACCESS, IndependentS3Server.SECRET)
        .backoff(Duration.ofMillis(50), Duration.ofMillis(200));
  }

  private MinioClient raw() {
    return MinioClient.builder()
        .endpoint(endpoint())
        .credentials(IndependentS3Server.ACCESS, IndependentS3Server.SECRET)
        .build();
  }

  private Path file(String name, long size, long seed) throws Exception {
    Path f = dir.resolve("local").resolve(name);
    Files.createDirectories(f.getParent());
    byte[] data = new byte[(int) size];
    new Random(seed).nextBytes(data);
    Files.write(f, data);
    return f;
  }

  private String remoteSha256(String bucket, String key) throws Exception {
    try (var in = raw().getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    }
  }

  @Test
  void bucketsInEveryRegionTreesRoundTripAndRerunsSkip() throws Exception {
    Path tree = dir.resolve("local").resolve("run");
    file("run/a/small.txt", 1000, 1);
    file("run/b/big.bin", 11 * MIB, 2);
    for (String region : new String[] {"us-east-1", null, "eu-central-1"}) {
      String bucket = "r-" + (region == null ? "none" : region);
      S3Store.Builder b = store(bucket).multipartThreshold(5 * MIB).partSize(5 * MIB);
      if (region != null) {
        b.region(region);
      }
      List<UploadReceipt> first = b.build().upload(List.of(tree), "e");
      assertThat(raw().bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();
      for (UploadReceipt r : first) {
        assertThat(remoteSha256(bucket, r.key())).isEqualTo(r.sha256());
      }
      assertThat(b.build().upload(List.of(tree), "e"))
          .extracting(UploadReceipt::skipped)
          .containsOnly(true);
    }
  }

  @Test
  void anUploadCutByTheServerDyingIsResumedAfterItsRestart() throws Exception {
    Path big = file("big.bin", 27 * MIB, 3);
    S3Store.Builder settings =
        store("outage").multipartThreshold(5 * MIB).partSize(5 * MIB).parallelism(1).maxAttempts(2);
    settings.build().upload(List.of(file("warm.txt", 10, 4)), "w"); // creates the bucket
    S3Store failing =
        settings
            .listener(
                PartEvents.of(
                    (key, partNumber, total) -> {
                      if (partNumber == 2) {
                        try {
                          kill();
                        } catch (Exception e) {
                          throw new IllegalStateException(e);
                        }
                      }
                    }))
            .build();
    assertThatThrownBy(() -> failing.upload(List.of(big), "x"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("resumes it");

    launch(port);
    List<Integer> sent = new CopyOnWriteArrayList<>();
    UploadReceipt r =
        store("outage")
            .multipartThreshold(5 * MIB)
            .partSize(5 * MIB)
            .listener(
                PartEvents.of(
                    (key, partNumber, total) -> {
                      sent.add(partNumber);
                    }))
            .build()
            .upload(List.of(big), "x")
            .get(0);

    assertThat(sent).containsExactlyInAnyOrder(3, 4, 5, 6);
    assertThat(remoteSha256("outage", "x/big.bin")).isEqualTo(UploadItem.sha256(big));
    assertThat(r.sha256()).isEqualTo(UploadItem.sha256(big));
    var uploads =
        MinioAsyncClient.builder()
            .endpoint(endpoint())
            .credentials(IndependentS3Server.ACCESS, IndependentS3Server.SECRET)
            .build()
            .listMultipartUploads(ListMultipartUploadsArgs.builder().bucket("outage").build())
            .get()
            .result()
            .uploads();
    assertThat(uploads == null ? List.of() : uploads).isEmpty();
  }

  @Test
  void wrongCredentialsAreRefusedNamingTheCredentialWithoutShowingIt() throws Exception {
    Path f = file("f.txt", 10, 5);
    assertThatThrownBy(
            () ->
                store("creds")
                    .credentials(IndependentS3Server.ACCESS, "not-the-secret-value")
                    .build()
                    .upload(List.of(f), "x"))
        .hasMessageContaining("check the secret access key")
        .hasMessageNotContaining("not-the-secret-value")
        .hasMessageNotContaining(IndependentS3Server.SECRET);
    assertThatThrownBy(
            () ->
                store("creds")
                    .credentials("unknown-access", "not-the-secret-value")
                    .build()
                    .upload(List.of(f), "x"))
        .hasMessageContaining("check the access key ID")
        .hasMessageNotContaining("not-the-secret-value");
  }
}
