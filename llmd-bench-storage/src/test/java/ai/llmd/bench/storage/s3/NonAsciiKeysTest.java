package ai.llmd.bench.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys of files with non-ASCII names, uploaded by a JVM whose default and file-name charsets are
 * ASCII ({@code LANG=C}): they must be the names' exact UTF-8, or an error.
 */
class NonAsciiKeysTest {
  @TempDir Path dir;
  private S3ProxyServer server;
  private MinioClient raw;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(
        "UTF-8".equals(System.getProperty("sun.jnu.encoding")),
        "the test JVM needs UTF-8 file names to create the files (run under a UTF-8 locale)");
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
    if (server != null) {
      server.close();
    }
  }

  /** Runs {@link UploadMain} in a JVM with an ASCII locale; returns its exit code and output. */
  private Result upload(Path tree, String prefix) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Dfile.encoding=ANSI_X3.4-1968",
                "-Dsun.jnu.encoding=ANSI_X3.4-1968",
                "-cp",
                System.getProperty("java.class.path"),
                UploadMain.class.getName(),
                server.endpoint(),
                tree.toString(),
                prefix)
            .redirectErrorStream(true);
    pb.environment().put("LANG", "C");
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private record Result(int exit, String output) {}

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
  void keysAreTheExactNamesUnderAnAsciiLocale() throws Exception {
    // the path given is ASCII (a command line under LANG=C cannot carry more); what is inside not
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Path sub = Files.createDirectories(tree.resolve("résultats").resolve("日本語"));
    Files.writeString(sub.resolve("ü ñ.txt"), "a");
    Files.writeString(tree.resolve("plain.txt"), "b");

    Result r = upload(tree, "run");

    assertThat(r.output()).contains("sun.jnu.encoding=ANSI_X3.4-1968");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(keys("run/"))
        .containsExactlyInAnyOrder("run/tree/résultats/日本語/ü ñ.txt", "run/tree/plain.txt");
  }

  @Test
  void aNameThatIsNotUtf8IsAnError() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("bad"));
    Process touch =
        new ProcessBuilder("sh", "-c", "touch \"$(printf 'bad\\377.txt')\"")
            .directory(tree.toFile())
            .start();
    assumeTrue(touch.waitFor() == 0, "cannot create a file with a non-UTF-8 name here");

    Result r = upload(tree, "bad");

    assertThat(r.exit()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("is not valid UTF-8");
    assertThat(keys("bad/")).isEmpty();
  }
}
