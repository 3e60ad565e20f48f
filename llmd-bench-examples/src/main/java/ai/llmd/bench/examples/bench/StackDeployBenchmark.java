package ai.llmd.bench.examples.bench;

import ai.llmd.bench.stack.ChartRef;
import ai.llmd.bench.stack.DeployedStack;
import ai.llmd.bench.stack.GaieSpec;
import ai.llmd.bench.stack.GatewaySpec;
import ai.llmd.bench.stack.ModelServiceSpec;
import ai.llmd.bench.stack.Stack;
import ai.llmd.bench.testkit.HelmMockServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deploys 10 stacks into one namespace of the extended mock API server (real Helm installs), one
 * after another and in parallel, with pods that become Ready a fixed delay after their Deployment
 * appears. Reports stacks per second and API requests per stack, for two delays: waits must not
 * poll, so requests per stack must not grow with the delay. Arguments: stacks (default 10), runs
 * (default 3).
 */
public final class StackDeployBenchmark {
  private StackDeployBenchmark() {}

  public static void main(String[] args) throws Exception {
    int stacks = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    for (Duration delay : List.of(Duration.ofMillis(200), Duration.ofSeconds(2))) {
      for (boolean parallel : List.of(false, true)) {
        double[] rate = new double[runs];
        double[] requests = new double[runs];
        for (int i = 0; i < runs; i++) {
          double[] r = run(stacks, parallel, delay);
          rate[i] = r[0];
          requests[i] = r[1];
        }
        System.out.println(
            Measure.f(
                "%-10s pods ready after %5d ms: %.2f stacks/s, %.0f API requests per stack (medians of %d runs)",
                parallel ? "parallel" : "sequential",
                delay.toMillis(),
                Measure.median(rate),
                Measure.median(requests),
                runs));
      }
    }
    System.exit(0);
  }

  private static double[] run(int stacks, boolean parallel, Duration delay) throws Exception {
    try (HelmMockServer server = HelmMockServer.start().registerKinds(HelmMockServer.ISTIO_KINDS)) {
      KubernetesClient client = server.client();
      // deploy() runs the preflight first: the gateway class must exist and be accepted
      ai.llmd.bench.testkit.ClusterSeed.gatewayClass(
          client, "istio", "istio.io/gateway-controller", true);
      ScheduledExecutorService kubelet = Executors.newScheduledThreadPool(4);
      // a stand-in for the controllers and the kubelet: Ready pods a delay after each Deployment
      // appears
      var watch =
          client
              .apps()
              .deployments()
              .inNamespace("bench")
              .watch(
                  new io.fabric8.kubernetes.client.Watcher<>() {
                    @Override
                    public void eventReceived(
                        Action action, io.fabric8.kubernetes.api.model.apps.Deployment d) {
                      if (action == Action.ADDED) {
                        kubelet.schedule(
                            () -> readyPods(client, d), delay.toMillis(), TimeUnit.MILLISECONDS);
                      }
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                  });
      ai.llmd.bench.testkit.ClusterSeed.readyPod(
          client,
          "bench",
          "gw",
          Map.of("gateway.networking.k8s.io/gateway-name", "llmd-infra-inference-gateway"));
      int before = server.requestCount();
      long start = System.nanoTime();
      List<CompletableFuture<DeployedStack>> deployed = new ArrayList<>();
      var pool = Executors.newFixedThreadPool(parallel ? stacks : 1);
      for (int i = 0; i < stacks; i++) {
        Stack.Builder b = stack(client, "s" + i);
        CompletableFuture<DeployedStack> f = CompletableFuture.supplyAsync(b::deploy, pool);
        if (!parallel) {
          f.join();
        }
        deployed.add(f);
      }
      deployed.forEach(CompletableFuture::join);
      double seconds = (System.nanoTime() - start) / 1e9;
      int requests = server.requestCount() - before;
      watch.close();
      kubelet.shutdownNow();
      pool.shutdownNow();
      // the stand-in kubelet's own requests are not the library's: 2 per pod (create, status)
      int kubeletRequests = stacks * 2 * 2 * 2;
      return new double[] {stacks / seconds, (requests - kubeletRequests) / (double) stacks};
    }
  }

  private static void readyPods(
      KubernetesClient client, io.fabric8.kubernetes.api.model.apps.Deployment d) {
    Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
    ai.llmd.bench.testkit.ClusterSeed.readyPod(
        client, "bench", d.getMetadata().getName() + "-0", labels);
  }

  private static Stack.Builder stack(KubernetesClient client, String label) {
    return Stack.builder()
        .namespace("bench")
        .modelLabel(label)
        .kubernetes(client)
        .gateway(GatewaySpec.llmdInfra().withChart(ChartRef.local(chart("llm-d-infra"))))
        .gaie(GaieSpec.inferencePool().withChart(ChartRef.local(chart("inferencepool"))))
        .model(
            ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                .withChart(ChartRef.local(chart("llm-d-modelservice"))))
        .readyTimeout(Duration.ofMinutes(2));
  }

  /** The test charts of llmd-bench-core, from {@code -Dllmd.bench.charts} (set by the script). */
  private static Path chart(String name) {
    return Path.of(
        System.getProperty("llmd.bench.charts", "llmd-bench-core/src/test/resources/charts"), name);
  }
}
