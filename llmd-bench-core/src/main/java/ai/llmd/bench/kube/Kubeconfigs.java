package ai.llmd.bench.kube;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes a kubeconfig for Helm from a fabric8 client's configuration, so that Helm reaches the same
 * cluster with the same credentials. The result holds credentials: pass it to Helm in memory, never
 * log or store it.
 */
public final class Kubeconfigs {
  private Kubeconfigs() {}

  /**
   * Returns kubeconfig YAML with one cluster, user and context from {@code config}: server URL, CA
   * or {@code insecure-skip-tls-verify}, and the token, client certificate or basic credentials it
   * holds. The text contains credentials.
   */
  public static String from(Config config) {
    StringBuilder cluster =
        new StringBuilder("    server: ")
            .append(config.getMasterUrl().replaceAll("/+$", ""))
            .append('\n');
    if (config.isTrustCerts()) {
      cluster.append("    insecure-skip-tls-verify: true\n");
    } else {
      String ca = data(config.getCaCertData(), config.getCaCertFile());
      if (ca != null) {
        cluster.append("    certificate-authority-data: ").append(ca).append('\n');
      }
    }
    StringBuilder user = new StringBuilder();
    if (config.getAutoOAuthToken() != null) {
      user.append("    token: ").append(config.getAutoOAuthToken()).append('\n');
    } else if (config.getOauthToken() != null) {
      user.append("    token: ").append(config.getOauthToken()).append('\n');
    }
    String cert = data(config.getClientCertData(), config.getClientCertFile());
    String key = data(config.getClientKeyData(), config.getClientKeyFile());
    if (cert != null && key != null) {
      user.append("    client-certificate-data: ").append(cert).append('\n');
      user.append("    client-key-data: ").append(key).append('\n');
    }
    if (config.getUsername() != null && config.getPassword() != null) {
      user.append("    username: ").append(config.getUsername()).append('\n');
      user.append("    password: ").append(config.getPassword()).append('\n');
    }
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
        + cluster
        + "contexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user:"
        + (user.length() == 0 ? " {}\n" : "\n" + user);
  }

  private static String data(String inline, String file) {
    if (inline != null) {
      return inline;
    }
    if (file == null) {
      return null;
    }
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
