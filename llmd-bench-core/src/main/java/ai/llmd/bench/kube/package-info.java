/**
 * Kubernetes helpers: {@link ai.llmd.bench.kube.ClusterEnvironment} (what a cluster ran, for
 * records) and {@link ai.llmd.bench.kube.MetricsScraper}. {@code PodWaits}, {@code TarExtract} and
 * {@code Kubeconfigs} are internal helpers of the stack and executors, public only for the modules;
 * they may change in any release. Needs {@code io.fabric8:kubernetes-client} on the class path (an
 * optional dependency).
 */
package ai.llmd.bench.kube;
