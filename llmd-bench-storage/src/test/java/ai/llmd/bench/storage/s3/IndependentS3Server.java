package ai.llmd.bench.storage.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * An S3 server in its own JVM: s3proxy with its file-system store, checking every request's
 * signature. Started by tests as {@code <port> <directory>}; prints {@code READY <port>} and runs
 * until killed or its standard input closes.
 */
public final class IndependentS3Server {
  static final String ACCESS = "independent-access";
  static final String SECRET = "independent-secret-do-not-leak";

  private IndependentS3Server() {}

  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", Path.of(args[1]).toString());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem-nio2", props))
            .endpoint(URI.create("http://127.0.0.1:" + args[0]))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
            .stopTimeout(100)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    System.out.println("READY " + proxy.getPort());
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // runs until the parent closes our input or kills us
      }
    } catch (IOException e) {
      // parent gone
    }
    Runtime.getRuntime().halt(0);
    TimeUnit.SECONDS.sleep(1);
  }
}
