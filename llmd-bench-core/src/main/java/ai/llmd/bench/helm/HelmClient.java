package ai.llmd.bench.helm;

import ai.llmd.bench.stack.ChartRef;
import java.util.Map;

/**
 * The Helm operations the library needs, behind an interface so that tests and alternative back
 * ends can stand in. {@link #helmJava()} is Helm itself, embedded through helm-java (no {@code
 * helm} binary needed).
 *
 * <pre>{@code
 * String manifests =
 *     HelmClient.helmJava().template(ChartRef.local(dir), "my-release", "bench", values, "v1.34.0");
 * }</pre>
 */
public interface HelmClient {

  /**
   * Renders a chart with Helm's template action, without a cluster. A local chart whose {@code
   * charts/} directory lacks a dependency is built first ({@code helm dependency build}).
   *
   * @param kubeVersion the Kubernetes version the chart's {@code kubeVersion} constraint is checked
   *     against, e.g. {@code v1.34.0} ({@code null}: Helm's default, v1.20.0)
   * @return the manifests, {@code ---}-separated YAML documents
   * @throws IllegalArgumentException naming the release and chart when Helm cannot render it
   */
  String template(
      ChartRef chart,
      String release,
      String namespace,
      Map<String, Object> values,
      String kubeVersion);

  /**
   * The chart's own default values ({@code helm show values}), so that lists such as containers can
   * be merged into them rather than replace them.
   *
   * @throws IllegalArgumentException naming the chart when they cannot be read
   */
  Map<String, Object> defaultValues(ChartRef chart);

  /**
   * Installs a release (local charts: dependencies built as for {@link #template}), or upgrades it
   * when it exists ({@code helm upgrade --install}).
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
