package ai.llmd.bench.examples;

import ai.llmd.bench.event.ConsoleListener;
import ai.llmd.bench.experiment.Experiment;
import ai.llmd.bench.experiment.ExperimentResult;
import ai.llmd.bench.experiment.RunTreatment;
import ai.llmd.bench.experiment.SetupTreatment;
import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.stack.GatewayClass;
import ai.llmd.bench.stack.GatewaySpec;
import ai.llmd.bench.stack.ModelServiceSpec;
import ai.llmd.bench.stack.RouteSpec;
import ai.llmd.bench.stack.Stack;
import ai.llmd.bench.storage.s3.S3Store;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The quickstart's experiment against a real cluster, with no GPUs: a stack (gateway, GAIE, model
 * service) whose model servers run the llm-d inference simulator image, inference-perf as a
 * Kubernetes Job in the stack's namespace, a rate sweep as run treatments, one vs two decode
 * replicas as setup treatments (upgraded in place), two repetitions, results uploaded to S3.
 * Compiled with the project; run it by hand (it is not run by the build):
 *
 * <pre>
 * export KUBECONFIG=~/.kube/config AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=...
 * mvn -q -B package -DskipTests exec:java -pl llmd-bench-examples -am \
 *     -Dmain.class=ai.llmd.bench.examples.ClusterExperiment \
 *     -Dllmd.cluster.namespace=bench -Dllmd.cluster.s3Endpoint=https://s3.amazonaws.com \
 *     -Dllmd.cluster.bucket=my-benchmarks
 * </pre>
 *
 * <p>The cluster needs the Gateway API and Inference Extension CRDs and a gateway provider (here
 * Istio); see docs/stack.md. Settings (system properties): {@code llmd.cluster.namespace}, {@code
 * llmd.cluster.simImage} (default {@value #SIM_IMAGE}), {@code llmd.cluster.s3Endpoint}, {@code
 * llmd.cluster.bucket}, {@code llmd.cluster.id} (default {@code cluster-sim}; the same id continues
 * an interrupted run).
 */
public final class ClusterExperiment {
  /** The llm-d inference simulator: an OpenAI-compatible server with vLLM's metrics, no GPU. */
  public static final String SIM_IMAGE = "ghcr.io/llm-d/llm-d-inference-sim:latest";

  private ClusterExperiment() {}

  public static void main(String[] args) {
    String namespace = System.getProperty("llmd.cluster.namespace", "bench");
    String image = System.getProperty("llmd.cluster.simImage", SIM_IMAGE);
    S3Store store =
        S3Store.builder()
            .endpoint(
                java.net.URI.create(
                    System.getProperty("llmd.cluster.s3Endpoint", "https://s3.amazonaws.com")))
            .bucket(System.getProperty("llmd.cluster.bucket", "llmd-bench"))
            .credentialsFromEnvironment()
            .build(); // the experiment reports the upload's progress to its listener
    ExperimentResult result =
        experiment(namespace, image, System.getProperty("llmd.cluster.id", "cluster-sim"))
            .store(store, "llmd-bench")
            .listener(new ConsoleListener(System.out))
            .build()
            .run();
    System.out.print(result.summary().render());
    System.out.printf(
        "Results: %s, uploaded: %d objects%n", result.directory(), result.receipts().size());
  }

  /** The experiment, without its store and listener. */
  public static Experiment.Builder experiment(String namespace, String simImage, String id) {
    // cluster-experiment {
    Stack.Builder stack =
        Stack.builder()
            .namespace(namespace)
            .modelLabel("sim")
            .gateway(GatewaySpec.llmdInfra().withGatewayClass(GatewayClass.ISTIO))
            .model(
                ModelServiceSpec.of("random/model")
                    .withImage(simImage)
                    // the simulator image starts itself: no "vllm serve" command, no GPU
                    .withOverrides("decode.containers[name=\"vllm\"].modelCommand=imageDefault")
                    .withDecodeReplicas(1))
            .route(RouteSpec.perStack())
            .readyTimeout(Duration.ofMinutes(10));
    Harness inferencePerf = Harnesses.get("inference-perf");
    Experiment.Builder experiment =
        Experiment.builder()
            .id(id)
            .stack(stack)
            .setupTreatment(SetupTreatment.named("decode-1"))
            .setupTreatment(
                SetupTreatment.named("decode-2").withModelOverrides("decode.replicas=2"))
            .harness(inferencePerf, null) // null: a Job in the stack's namespace
            .workload(
                inferencePerf
                    .profile("sanity_random")
                    .withValue("load.stages[0].duration", 60)
                    // the simulator has no tokenizer files; inference-perf needs a real one
                    .withToken("LLMDBENCH_DEPLOY_CURRENT_TOKENIZER", "Qwen/Qwen3-0.6B"))
            .repetitions(2)
            .resultsRoot(Path.of("results"));
    for (int rate : new int[] {5, 10, 20}) {
      experiment.runTreatment(
          RunTreatment.named("rate-" + rate).withValue("load.stages[0].rate", rate));
    }
    // }
    return experiment;
  }
}
