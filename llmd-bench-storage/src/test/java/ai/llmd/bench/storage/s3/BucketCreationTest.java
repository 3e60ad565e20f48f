package ai.llmd.bench.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CreateBucket as AWS S3 takes it (s3proxy accepts any location constraint): in {@code us-east-1}
 * the request has no {@code LocationConstraint} (S3 answers {@code InvalidLocationConstraint} to
 * one naming us-east-1), in any other region it names the region. The double answers HEAD,
 * GetBucketLocation and PUT as S3 does for a missing bucket, and records the bodies.
 */
class BucketCreationTest {
  private HttpServer http;
  private final Map<String, String> created = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/",
        exchange -> {
          String bucket = exchange.getRequestURI().getPath().replaceAll("^/|/$", "");
          byte[] body = exchange.getRequestBody().readAllBytes();
          String text = new String(body, StandardCharsets.UTF_8);
          if (exchange.getRequestMethod().equals("PUT")) {
            if (text.contains("<LocationConstraint>us-east-1</LocationConstraint>")) {
              byte[] error =
                  ("<Error><Code>InvalidLocationConstraint</Code><Message>The specified"
                          + " location-constraint is not valid</Message></Error>")
                      .getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(400, error.length);
              exchange.getResponseBody().write(error);
            } else {
              created.put(bucket, text);
              exchange.sendResponseHeaders(200, -1);
            }
          } else if (exchange.getRequestMethod().equals("GET")) {
            // GetBucketLocation, which minio-java asks when no region is set
            byte[] xml =
                (created.containsKey(bucket)
                        ? "<LocationConstraint/>"
                        : "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not"
                            + " exist</Message><BucketName>"
                            + bucket
                            + "</BucketName></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(created.containsKey(bucket) ? 200 : 404, xml.length);
            exchange.getResponseBody().write(xml);
          } else {
            exchange.sendResponseHeaders(created.containsKey(bucket) ? 200 : 404, -1);
          }
          exchange.close();
        });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  private void create(String bucket, String region) {
    S3Store.Builder b =
        S3Store.builder()
            .endpoint("http://127.0.0.1:" + http.getAddress().getPort())
            .bucket(bucket)
            .createBucket(true)
            .credentials("access", "secret-value");
    if (region != null) {
      b.region(region);
    }
    b.build().upload(List.of(), "x");
  }

  @Test
  void usEast1AndNoRegionSendNoLocationConstraint() {
    create("east", "us-east-1");
    create("plain", null);

    assertThat(created).containsEntry("east", "").containsEntry("plain", "");
  }

  @Test
  void otherRegionsNameTheirRegion() {
    create("europe", "eu-west-1");

    assertThat(created.get("europe"))
        .contains("<LocationConstraint>eu-west-1</LocationConstraint>");
  }
}
