package ai.llmd.bench.examples.bench;

import ai.llmd.bench.harness.loadgen.DataSpec;
import ai.llmd.bench.harness.loadgen.LoadGenerator;
import ai.llmd.bench.harness.loadgen.LoadgenResult;
import ai.llmd.bench.harness.loadgen.Stage;
import ai.llmd.bench.harness.loadgen.TokenLength;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Capacity: the load generator's completed requests per second against a fixed server, nginx
 * returning a canned stream of 16 tokens, compared with wrk at the same concurrency in the same run
 * (alternating runs, medians), over plain HTTP and over TLS. Starts its own nginx (a generated
 * configuration and a self-signed certificate in a temporary directory); needs {@code nginx},
 * {@code wrk} and {@code openssl} on the path ({@code apt-get install nginx-light wrk openssl}).
 *
 * <pre>
 * mvn -q -B package -DskipTests -pl llmd-bench-examples -am
 * java -cp ... ai.llmd.bench.examples.bench.LoadgenCapacityBenchmark 64 10 3 1
 * </pre>
 *
 * <p>Arguments: concurrency (64), seconds per run (10), runs (3), load generator I/O threads (1, as
 * {@code wrk -t1}). Targets: HTTP at least 0.8x wrk, TLS at least 0.6x wrk.
 */
public final class LoadgenCapacityBenchmark {
  private static final Pattern WRK_RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  // bash's times: the shell's, then its children's user and system time ("0m1.234s 0m0.567s")
  private static final Pattern TIMES = Pattern.compile("(\\d+)m([0-9.]+)s (\\d+)m([0-9.]+)s");
  private static final int TOKENS = 16;
  private static final int HTTP_PORT = 18080;
  private static final int HTTPS_PORT = 18443;

  private LoadgenCapacityBenchmark() {}

  public static void main(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int ioThreads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    for (String tool : new String[] {"nginx", "wrk", "openssl"}) {
      if (which(tool) == null) {
        System.out.println(
            "skipped: " + tool + " is not installed (apt-get install nginx-light wrk openssl)");
        return;
      }
    }
    Path work = Files.createTempDirectory("loadgen-capacity");
    Process nginx = null;
    try {
      nginx = startNginx(work);
      Path lua = work.resolve("post.lua");
      Files.writeString(
          lua,
          "wrk.method = \"POST\"\n"
              + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
              + "wrk.body = '{\"model\":\"m\",\"prompt\":\"token model cache prefix batch queue"
              + " route serve\",\"max_tokens\":16,\"stream\":true}'\n");
      double http =
          compare(
              "http",
              URI.create("http://127.0.0.1:" + HTTP_PORT),
              null,
              concurrency,
              seconds,
              runs,
              ioThreads,
              lua);
      double https =
          compare(
              "https",
              URI.create("https://localhost:" + HTTPS_PORT),
              work.resolve("cert.pem"),
              concurrency,
              seconds,
              runs,
              ioThreads,
              lua);
      System.out.println(
          Measure.f(
              "%s: http ratio %.2f (target >= 0.80), https ratio %.2f (target >= 0.60)",
              http >= 0.8 && https >= 0.6 ? "PASS" : "FAIL", http, https));
    } finally {
      if (nginx != null) {
        nginx.destroy();
        nginx.waitFor();
      }
      delete(work);
    }
  }

  /** Alternating runs of wrk and the load generator; prints them and returns the medians' ratio. */
  private static double compare(
      String name,
      URI endpoint,
      Path trusted,
      int concurrency,
      int seconds,
      int runs,
      int ioThreads,
      Path lua)
      throws Exception {
    double[] wrk = new double[runs];
    double[] loadgen = new double[runs];
    double[] wrkCpu = new double[runs];
    double[] loadgenCpu = new double[runs];
    // one warm-up of each, not counted
    wrk(endpoint, concurrency, 2, lua);
    loadgen(endpoint, trusted, concurrency, 2, ioThreads);
    for (int i = 0; i < runs; i++) {
      double[] w = wrk(endpoint, concurrency, seconds, lua);
      double[] l = loadgen(endpoint, trusted, concurrency, seconds, ioThreads);
      wrk[i] = w[0];
      wrkCpu[i] = w[1];
      loadgen[i] = l[0];
      loadgenCpu[i] = l[1];
      System.out.println(
          Measure.f(
              "%s run %d: wrk %.0f req/s (%.1f us CPU/req), loadgen %.0f req/s (%.1f us CPU/req)",
              name, i + 1, wrk[i], wrkCpu[i], loadgen[i], loadgenCpu[i]));
    }
    double w = Measure.median(wrk);
    double l = Measure.median(loadgen);
    System.out.println(
        Measure.f(
            "%s median at concurrency %d, %d tokens per answer: wrk %.0f req/s, loadgen %.0f req/s,"
                + " ratio %.2f; CPU per request: wrk %.1f us, loadgen %.1f us (whole JVM)",
            name,
            concurrency,
            TOKENS,
            w,
            l,
            l / w,
            Measure.median(wrkCpu),
            Measure.median(loadgenCpu)));
    return l / w;
  }

  /** Requests per second and CPU microseconds per request of one wrk run. */
  private static double[] wrk(URI endpoint, int concurrency, int seconds, Path lua)
      throws IOException, InterruptedException {
    // bash's times builtin prints the CPU time of its children (wrk) after the run
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "wrk -t1 -c"
                    + concurrency
                    + " -d"
                    + seconds
                    + "s -s '"
                    + lua
                    + "' "
                    + endpoint.resolve("/v1/completions")
                    + " && times")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + out);
    }
    if (out.contains("Non-2xx") || out.contains("Socket errors")) {
      throw new IllegalStateException("wrk saw errors:\n" + out);
    }
    Matcher m = WRK_RATE.matcher(out);
    Matcher t = TIMES.matcher(out);
    double cpu = -1;
    while (t.find()) { // the last match is the children's line
      cpu =
          Double.parseDouble(t.group(1)) * 60
              + Double.parseDouble(t.group(2))
              + Double.parseDouble(t.group(3)) * 60
              + Double.parseDouble(t.group(4));
    }
    if (!m.find() || cpu < 0) {
      throw new IllegalStateException("no Requests/sec or times in wrk output:\n" + out);
    }
    double rate = Double.parseDouble(m.group(1));
    return new double[] {rate, cpu * 1e6 / (rate * seconds)};
  }

  /** Requests per second and CPU microseconds per request (the whole JVM) of one run. */
  private static double[] loadgen(
      URI endpoint, Path trusted, int concurrency, int seconds, int ioThreads) throws IOException {
    Path dir = Files.createTempDirectory("loadgen-capacity-run");
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    try {
      LoadGenerator.Builder b =
          LoadGenerator.builder()
              .endpoint(endpoint)
              .model("m")
              .data(DataSpec.random(TokenLength.fixed(8), TokenLength.fixed(TOKENS)))
              .ioThreads(ioThreads)
              .stage(Stage.concurrency(concurrency, Duration.ofSeconds(seconds)));
      if (trusted != null) {
        b.trustCertificates(trusted);
      }
      long cpu0 = os.getProcessCpuTime();
      LoadgenResult r = b.build().run(dir);
      var s = r.stages().get(0);
      // includes writing the request file and computing the stage's report at its end
      long cpu = os.getProcessCpuTime() - cpu0;
      if (s.failed() > 0) {
        throw new IllegalStateException(
            "loadgen saw failures: " + s.errors() + " " + s.errorSamples());
      }
      return new double[] {s.completed() / (double) seconds, cpu / 1e3 / s.completed()};
    } finally {
      delete(dir);
    }
  }

  /** nginx on 127.0.0.1:18080 (http) and :18443 (https) answering every POST with the stream. */
  private static Process startNginx(Path work) throws IOException, InterruptedException {
    Process cert =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                work.resolve("key.pem").toString(),
                "-out",
                work.resolve("cert.pem").toString(),
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1")
            .redirectErrorStream(true)
            .start();
    String certOut = new String(cert.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (cert.waitFor() != 0) {
      throw new IllegalStateException("openssl failed:\n" + certOut);
    }
    StringBuilder stream = new StringBuilder();
    for (int i = 0; i < TOKENS; i++) {
      stream
          .append("data: {\"choices\":[{\"index\":0,\"text\":\" tok")
          .append(i)
          .append("\"}]}\n\n");
    }
    stream
        .append("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":")
        .append(TOKENS)
        .append("}}\n\ndata: [DONE]\n\n");
    String conf =
        String.join(
            "\n",
            "worker_processes 1;",
            "daemon off;",
            "pid " + work.resolve("nginx.pid") + ";",
            "error_log " + work.resolve("error.log") + " warn;",
            "events { worker_connections 4096; }",
            "http {",
            "  access_log off;",
            "  keepalive_requests 1000000;",
            "  client_body_temp_path " + work.resolve("body") + ";",
            "  server {",
            "    listen 127.0.0.1:" + HTTP_PORT + ";",
            "    listen 127.0.0.1:" + HTTPS_PORT + " ssl;",
            "    ssl_certificate " + work.resolve("cert.pem") + ";",
            "    ssl_certificate_key " + work.resolve("key.pem") + ";",
            "    location / {",
            "      default_type text/event-stream;",
            "      return 200 '" + stream + "';",
            "    }",
            "  }",
            "}",
            "");
    Path confFile = Files.writeString(work.resolve("nginx.conf"), conf);
    Process nginx =
        new ProcessBuilder(which("nginx"), "-c", confFile.toString(), "-p", work.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("nginx.out").toFile())
            .start();
    for (int i = 0; i < 100; i++) {
      if (!nginx.isAlive()) {
        throw new IllegalStateException(
            "nginx did not start:\n" + Files.readString(work.resolve("nginx.out")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", HTTPS_PORT), 100);
        return nginx;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    nginx.destroy();
    throw new IllegalStateException("nginx did not listen on " + HTTPS_PORT + " within 5 s");
  }

  /** The executable's path, also looking in /usr/sbin where Debian puts nginx; or null. */
  private static String which(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String d : (path + ":/usr/sbin:/sbin").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return Path.of(d, tool).toString();
      }
    }
    return null;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
