package ai.llmd.bench.harness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https endpoints against an in-process HTTPS server whose self-signed certificate is made by the
 * JDK's keytool for this test (no network).
 */
class LoadgenTlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir static Path certs;
  @TempDir Path dir;

  private static HttpsServer server;
  private static ExecutorService pool;
  private static Path keyStore;
  private static Path certificate;
  private static final AtomicInteger connections = new AtomicInteger();

  @BeforeAll
  static void startServer() throws Exception {
    keyStore = certs.resolve("server.p12");
    certificate = certs.resolve("server.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        "changeit",
        "-file",
        certificate.toString());

    KeyStore ks = KeyStore.getInstance(keyStore.toFile(), PASSWORD);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    pool = Executors.newFixedThreadPool(8);
    server.setExecutor(pool);
    server.createContext(
        "/v1/completions",
        x -> {
          x.getRequestBody().readAllBytes();
          StringBuilder sse = new StringBuilder();
          for (int i = 0; i < 4; i++) {
            sse.append("data: {\"choices\":[{\"text\":\" t").append(i).append("\"}]}\n\n");
          }
          sse.append("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":16,")
              .append("\"completion_tokens\":4}}\n\ndata: [DONE]\n\n");
          byte[] b = sse.toString().getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "text/event-stream");
          x.sendResponseHeaders(200, b.length);
          try (OutputStream o = x.getResponseBody()) {
            o.write(b);
          }
        });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
    pool.shutdownNow();
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    String exe = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    String[] cmd = new String[args.length + 1];
    cmd[0] = exe;
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
  }

  private static URI endpoint(String host) {
    return URI.create("https://" + host + ":" + server.getAddress().getPort());
  }

  private static LoadGenerator.Builder against(URI endpoint) {
    return LoadGenerator.builder()
        .endpoint(endpoint)
        .model("m")
        .data(DataSpec.random(TokenLength.fixed(16), TokenLength.fixed(4)))
        .requestTimeout(Duration.ofSeconds(10))
        .ioThreads(1);
  }

  @Test
  void trustedCertificateStreamsOverTlsWithKeepAlive() throws Exception {
    // given: the server's certificate as the only trusted one
    LoadGenerator gen =
        against(endpoint("localhost"))
            .trustCertificates(certificate)
            .stage(Stage.concurrency(2, Duration.ofMillis(800)))
            .build();

    // when
    LoadgenResult r = gen.run(dir);

    // then: streamed tokens were measured, over few connections
    StageResult s = r.stages().get(0);
    assertThat(s.failed()).as(s.errorSamples().toString()).isZero();
    assertThat(s.completed()).isGreaterThan(4);
    assertThat(s.latency().timeToFirstToken()).isNotNull();
    assertThat(
            r.reports()
                .get(0)
                .results()
                .requestPerformance()
                .aggregate()
                .requests()
                .outputLength()
                .mean())
        .isEqualTo(4.0);
    assertThat(Files.readString(dir.resolve("loadgen.json")))
        .contains("\"tls\" : \"certificates of server.pem\"");
  }

  @Test
  void aTrustStoreFileAndTheInsecureOptionAlsoConnect() throws Exception {
    StageResult store =
        against(endpoint("localhost"))
            .trustStore(keyStore, PASSWORD)
            .stage(Stage.rate(20, Duration.ofMillis(300)))
            .build()
            .run(dir.resolve("store"))
            .stages()
            .get(0);
    assertThat(store.failed()).as(store.errorSamples().toString()).isZero();

    // the insecure option checks neither the certificate nor the host name
    StageResult insecure =
        against(endpoint("127.0.0.1"))
            .insecureSkipTlsVerify(true)
            .stage(Stage.rate(20, Duration.ofMillis(300)))
            .build()
            .run(dir.resolve("insecure"))
            .stages()
            .get(0);
    assertThat(insecure.failed()).as(insecure.errorSamples().toString()).isZero();
  }

  @Test
  void anUntrustedCertificateIsAClearTlsErrorNotAHang() throws Exception {
    // given: the JDK's default trust store, which does not know the self-signed certificate
    LoadGenerator gen =
        against(endpoint("localhost")).stage(Stage.rate(20, Duration.ofMillis(300))).build();

    // when
    StageResult s = gen.run(dir).stages().get(0);

    // then: every request failed as tls, with the reason, and no request waited for its timeout
    assertThat(s.errors()).containsExactly(java.util.Map.entry("tls", 6L));
    assertThat(s.errorSamples().get("tls"))
        .startsWith("TLS with localhost:" + server.getAddress().getPort() + " failed: ")
        .containsIgnoringCase("certification path");
    assertThat(s.serverFailing()).isTrue();
  }

  @Test
  void aCertificateForAnotherHostIsRefused() throws Exception {
    // given: the certificate is trusted but names localhost only, and the endpoint is an address
    StageResult s =
        against(endpoint("127.0.0.1"))
            .trustCertificates(certificate)
            .stage(Stage.rate(20, Duration.ofMillis(300)))
            .build()
            .run(dir)
            .stages()
            .get(0);
    assertThat(s.errors()).containsOnlyKeys("tls");
    assertThat(s.errorSamples().get("tls")).containsIgnoringCase("subject alternative");
  }

  @Test
  void aPemFileWithoutCertificatesIsRejectedWhenBuilt() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello");
    assertThatThrownBy(
            () ->
                against(endpoint("localhost"))
                    .trustCertificates(notPem)
                    .stage(Stage.rate(1, Duration.ofSeconds(1)))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trustCertificates")
        .hasMessageContaining("ca.pem");
  }
}
