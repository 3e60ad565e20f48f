package ai.llmd.bench.storage.s3;

import java.nio.file.Path;
import java.util.List;

/** Uploads a tree to s3proxy from another JVM: {@code <endpoint> <path> <prefix>}. */
public final class UploadMain {
  private UploadMain() {}

  public static void main(String[] args) {
    System.out.println("sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding"));
    try {
      S3Store.builder()
          .endpoint(args[0])
          .bucket("results")
          .credentials(S3ProxyServer.ACCESS, S3ProxyServer.SECRET)
          .build()
          .upload(List.of(Path.of(args[1])), args[2])
          .forEach(r -> System.out.println("stored " + r.key()));
    } catch (RuntimeException e) {
      System.out.println("failed: " + e.getMessage());
      System.exit(1);
    }
  }
}
