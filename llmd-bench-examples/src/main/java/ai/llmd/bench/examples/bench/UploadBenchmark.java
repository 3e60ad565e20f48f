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
 * same files on local disk in the same run. Then one 1 GiB file, uploaded by S3Store and by the AWS
 * CLI ({@code aws s3 cp}, Debian's {@code awscli}, when installed) to the same server, alternating;
 * medians and the ratio S3Store / AWS CLI throughput (target at least 1.0). Arguments: runs
 * (default 3), scale (default 1.0).
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
      compareWithAwsCli(work, proxy.getPort(), store, blobs, runs, scale);
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

  /** 1 GiB (times scale) as one object: S3Store against {@code aws s3 cp}, same server. */
  private static void compareWithAwsCli(
      Path work, int port, S3Store store, Path blobs, int runs, double scale) throws Exception {
    String aws = Files.isExecutable(Path.of("/usr/bin/aws")) ? "/usr/bin/aws" : "aws";
    String version;
    try {
      Process v = new ProcessBuilder(aws, "--version").redirectErrorStream(true).start();
      version = new String(v.getInputStream().readAllBytes()).trim();
      if (v.waitFor() != 0) {
        throw new IOException(version);
      }
    } catch (IOException e) {
      System.out.println("AWS CLI comparison skipped: no aws command (apt-get install awscli)");
      return;
    }
    Path big = Files.createDirectories(work.resolve("big")).resolve("one-gib.bin");
    long size = (long) ((1L << 30) * scale);
    writeRandom(big, size);
    double mb = size / 1e6;
    double[] ours = new double[runs];
    double[] cli = new double[runs];
    for (int i = 0; i < runs; i++) {
      for (int order = 0; order < 2; order++) {
        boolean cliTurn = (i + order) % 2 == 0;
        long t = System.nanoTime();
        if (cliTurn) {
          ProcessBuilder pb =
              new ProcessBuilder(
                      aws,
                      "s3",
                      "cp",
                      "--only-show-errors",
                      "--endpoint-url",
                      "http://127.0.0.1:" + port,
                      big.toString(),
                      "s3://bench/cli-" + i + "/one-gib.bin")
                  .redirectErrorStream(true);
          pb.environment().put("AWS_ACCESS_KEY_ID", "bench");
          pb.environment().put("AWS_SECRET_ACCESS_KEY", "bench-secret");
          pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
          pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
          pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
          Process p = pb.start();
          String out = new String(p.getInputStream().readAllBytes());
          if (p.waitFor() != 0) {
            throw new IOException("aws s3 cp failed: " + out);
          }
          cli[i] = (System.nanoTime() - t) / 1e9;
        } else {
          store.upload(List.of(big), "s3store-" + i);
          ours[i] = (System.nanoTime() - t) / 1e9;
        }
      }
      System.out.println(
          Measure.f(
              "1 GiB run %d: S3Store %.2f s (%.0f MB/s) | AWS CLI %.2f s (%.0f MB/s)",
              i + 1, ours[i], mb / ours[i], cli[i], mb / cli[i]));
      delete(blobs.resolve("bench").resolve("cli-" + i));
      delete(blobs.resolve("bench").resolve("s3store-" + i));
    }
    double o = Measure.median(ours);
    double c = Measure.median(cli);
    System.out.println(
        Measure.f(
            "median over %d runs of %.0f MB: S3Store %.0f MB/s, AWS CLI (%s) %.0f MB/s, ratio %.2f"
                + " (target >= 1.0)",
            runs, mb, mb / o, version, mb / c, c / o));
  }

  private static void writeRandom(Path file, long size) throws IOException {
    SplittableRandom r = new SplittableRandom(2);
    byte[] chunk = new byte[1 << 20];
    try (var out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += chunk.length) {
        for (int j = 0; j < chunk.length; j += 8) {
          long v = r.nextLong();
          for (int k = 0; k < 8; k++) {
            chunk[j + k] = (byte) (v >>> (8 * k));
          }
        }
        out.write(chunk, 0, (int) Math.min(chunk.length, size - done));
      }
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
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
