package ai.llmd.bench.helm;

import ai.llmd.bench.stack.ChartRef;
import java.util.Map;

/**
 * The Helm operations the library needs, behind an interface so that tests and alternative back
 * ends can stand in. {@link #helmJava()} is Helm itself, embedded through helm-java (no {@code
 * helm} binary needed).
 *
 * <pre>{@code
 * String manifests = HelmClient.helmJava().template(ChartRef.local(dir), "my-release", "bench", values);
 * }</pre>
 */
public interface HelmClient {

  /**
   * Renders a chart with Helm's template action, without a cluster.
   *
   * @return the manifests, {@code ---}-separated YAML documents
   * @throws IllegalArgumentException naming the release and chart when Helm cannot render it
   */
  String template(ChartRef chart, String release, String namespace, Map<String, Object> values);

  /**
   * Installs a release, or upgrades it when it exists ({@code helm upgrade --install}).
   *
   * @param kubeconfig the kubeconfig contents to reach the cluster (never logged)
   * @return the installed chart, e.g. {@code llm-d-modelservice-0.4.15}
   * @throws IllegalStateException naming the release when Helm fails
   */
  String upgradeInstall(
      ChartRef chart,
      String release,
      String namespace,
      Map<String, Object> values,
      String kubeconfig);

  /** Uninstalls a release; a release that does not exist is not an error. */
  void uninstall(String release, String namespace, String kubeconfig);

  /** Helm embedded through helm-java. */
  static HelmClient helmJava() {
    return new HelmJavaClient();
  }
}
