package ai.llmd.bench.storage.s3;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 implementation (s3proxy, in memory) on loopback, that can be stopped and started on the
 * same port.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS = "test-access";
  static final String SECRET = "test-secret-do-not-leak";

  private final BlobStore store = BlobStores.create("transient-nio2", new Properties());
  private S3Proxy proxy;
  private int port;

  S3ProxyServer start() throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
            .stopTimeout(100)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    port = proxy.getPort();
    return this;
  }

  /** Stops at once: a graceful stop would wait for the client's idle keep-alive connections. */
  void stop() throws Exception {
    try {
      proxy.stop();
    } catch (java.util.concurrent.TimeoutException e) {
      // the short stop timeout ran out with idle connections open; the server has stopped
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
