package ai.llmd.bench.examples.bench;

import ai.llmd.bench.storage.UploadReceipt;
import ai.llmd.bench.storage.s3.S3Store;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * Upload speed: about 1 GB in files of mixed sizes (4 x 128 MiB, 16 x 16 MiB, 256 x 512 KiB, 1024 x
 * 64 KiB) to s3proxy on loopback (its file-system store, on the same disk), against copying the
 * same files on local disk in the same run. Runs alternate; medians. Arguments: runs (default 3),
 * scale (default 1.0).
 */
public final class UploadBenchmark {
  private UploadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    String blobStore = args.length > 2 ? args[2] : "filesystem-nio2";
    Path work = Files.createTempDirectory("llmd-upload-bench");
    Path source = work.resolve("results");
    long total = generate(source, scale);
    Path blobs = Files.createDirectories(work.resolve("s3"));
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", blobs.toString());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create(blobStore, props))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret")
            .stopTimeout(100)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    try {
      S3Store store =
          S3Store.builder()
              .endpoint("http://127.0.0.1:" + proxy.getPort())
              .bucket("bench")
              .createBucket(true)
              .credentials("bench", "bench-secret")
              .build();
      double mb = total / 1e6;
      double[] s3 = new double[runs];
      double[] copy = new double[runs];
      for (int i = 0; i < runs; i++) {
        Path target = work.resolve("copy-" + i);
        long t = System.nanoTime();
        copyTree(source, target);
        copy[i] = (System.nanoTime() - t) / 1e9;
        delete(target);

        t = System.nanoTime();
        List<UploadReceipt> receipts = store.upload(List.of(source), "run-" + i);
        s3[i] = (System.nanoTime() - t) / 1e9;
        System.out.println(
            Measure.f(
                "run %d: local copy %.2f s (%.0f MB/s) | S3 upload of %d objects %.2f s (%.0f MB/s)",
                i + 1, copy[i], mb / copy[i], receipts.size(), s3[i], mb / s3[i]));
      }
      long t = System.nanoTime();
      List<UploadReceipt> again = store.upload(List.of(source), "run-0");
      double skip = (System.nanoTime() - t) / 1e9;
      System.out.println(
          Measure.f(
              "re-upload of run-0: %d of %d objects skipped as unchanged in %.2f s",
              again.stream().filter(UploadReceipt::skipped).count(), again.size(), skip));
      double copyMedian = Measure.median(copy);
      double s3Median = Measure.median(s3);
      System.out.println(
          Measure.f(
              "median over %d runs, %.0f MB: S3 upload %.0f MB/s, local copy %.0f MB/s, ratio %.2f",
              runs, mb, mb / s3Median, mb / copyMedian, copyMedian / s3Median));
    } finally {
      try {
        proxy.stop();
      } catch (java.util.concurrent.TimeoutException e) {
        // idle client connections; stopped anyway
      }
      delete(work);
    }
  }

  private static long generate(Path dir, double scale) throws IOException {
    long[][] plan = {{4, 128 << 20}, {16, 16 << 20}, {256, 512 << 10}, {1024, 64 << 10}};
    SplittableRandom r = new SplittableRandom(1);
    long total = 0;
    for (long[] group : plan) {
      long size = (long) (group[1] * scale);
      Path sub = Files.createDirectories(dir.resolve("size-" + size));
      byte[] data = new byte[(int) size];
      for (int i = 0; i < group[0]; i++) {
        for (int j = 0; j < data.length; j += 8) {
          long v = r.nextLong();
          for (int k = 0; k < 8 && j + k < data.length; k++) {
            data[j + k] = (byte) (v >>> (8 * k));
          }
        }
        Files.write(sub.resolve("f" + i + ".bin"), data);
        total += size;
      }
    }
    return total;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
