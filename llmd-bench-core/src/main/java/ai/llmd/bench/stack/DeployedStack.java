package ai.llmd.bench.stack;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deployed stack. {@link #endpoint()} is where its requests go; {@link #close()} uninstalls what
 * the deployment created and deletes its route (it may be called more than once).
 *
 * <pre>{@code
 * try (DeployedStack stack = Stack.builder().namespace("bench").model(ModelServiceSpec.of("Qwen/Qwen3-0.6B")).deploy()) {
 *   URI endpoint = stack.endpoint();   // http://<gateway service>.bench.svc.cluster.local:80/<label>
 * }
 * }</pre>
 */
public final class DeployedStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeployedStack.class);

  /**
   * The gateway: its name and in-cluster service URL.
   *
   * @param name the Gateway's name
   * @param serviceUrl the in-cluster URL of its Service
   */
  public record GatewayRef(String name, URI serviceUrl) {}

  /**
   * The InferencePool: its name and API group.
   *
   * @param name the InferencePool's name
   * @param group its API group, e.g. {@code inference.networking.k8s.io}
   */
  public record PoolRef(String name, String group) {}

  /**
   * The model server pods as the model service chart rendered them, which the InferencePool sends
   * to. llm-d-modelservice renders no Service for them: clients reach them through the gateway
   * ({@link #endpoint()}), whose endpoint picker chooses a pod by {@code podSelector} and sends to
   * {@code port} (on decode pods the routing sidecar, which forwards to vLLM on 8200).
   *
   * <pre>{@code
   * ModelServiceRef ms = stack.modelService();
   * ms.podSelector();  // {llm-d.ai/model=qwen, llm-d.ai/inferenceServing=true}; add
   *                    // llm-d.ai/role=decode for the decode pods only
   * ms.port();         // 8000
   * ms.workloads();    // [qwen-decode, qwen-prefill]
   * ms.serviceUrl();   // empty, unless the chart rendered a Service for these pods (extraObjects)
   * }</pre>
   *
   * @param release the model service Helm release
   * @param podSelector the pool's selector: the labels of the model server pods
   * @param port the pod port the pool targets
   * @param workloads the rendered Deployments / LeaderWorkerSets whose pods the pool selects
   * @param serviceUrl the in-cluster URL of a Service the chart rendered that selects these pods
   *     and forwards to {@code port}; empty when there is none (the chart's default)
   */
  public record ModelServiceRef(
      String release,
      Map<String, String> podSelector,
      int port,
      List<String> workloads,
      Optional<URI> serviceUrl) {
    /**
     * Copies the selector and workloads.
     *
     * @param release the model service Helm release
     * @param podSelector the pool's selector: the labels of the model server pods
     * @param port the pod port the pool targets
     * @param workloads the rendered Deployments / LeaderWorkerSets whose pods the pool selects
     * @param serviceUrl the in-cluster URL of a Service the chart rendered that selects these pods
     *     and forwards to {@code port}; empty when there is none (the chart's default)
     */
    public ModelServiceRef {
      podSelector = Map.copyOf(podSelector);
      workloads = List.copyOf(workloads);
    }
  }

  private final StackPlan plan;
  private final GatewayRef gateway;
  private final PoolRef pool;
  private final ModelServiceRef modelService;
  private final List<String> createdReleases;
  private final Runnable teardown;
  private final KubernetesClient client;
  private final AtomicBoolean closed = new AtomicBoolean();

  DeployedStack(
      KubernetesClient client,
      StackPlan plan,
      GatewayRef gateway,
      PoolRef pool,
      ModelServiceRef modelService,
      List<String> createdReleases,
      Runnable teardown) {
    this.client = client;
    this.plan = plan;
    this.gateway = gateway;
    this.pool = pool;
    this.modelService = modelService;
    this.createdReleases = List.copyOf(createdReleases);
    this.teardown = teardown;
  }

  /** The gateway the route attaches to. */
  public GatewayRef gateway() {
    return gateway;
  }

  /** The InferencePool the route sends to. */
  public PoolRef inferencePool() {
    return pool;
  }

  /**
   * The model server pods behind the pool, read from the rendered manifests (see {@link
   * ModelServiceRef}); requests go through {@link #endpoint()}.
   */
  public ModelServiceRef modelService() {
    return modelService;
  }

  /**
   * Where this stack's requests go: the gateway URL plus {@code /<label>}; clients append {@code
   * /v1/...}.
   */
  public URI endpoint() {
    return URI.create(gateway.serviceUrl() + "/" + plan.label().value());
  }

  /** The plan that was deployed: releases, final values, manifests and the route. */
  public StackPlan plan() {
    return plan;
  }

  /**
   * Forwards a local port to the gateway's Service (through the API server), for clients running on
   * this machine, such as {@code Executor.local()}; close it when done.
   *
   * <pre>{@code
   * try (DeployedStack.PortForward pf = stack.portForward()) {
   *   URI endpoint = pf.endpoint();   // http://localhost:<port>/<label>
   * }
   * }</pre>
   */
  public PortForward portForward() {
    String service = gateway.serviceUrl().getHost().split("\\.")[0];
    int port = gateway.serviceUrl().getPort();
    var forward = client.services().inNamespace(namespace()).withName(service).portForward(port);
    return new PortForward(
        URI.create("http://localhost:" + forward.getLocalPort() + "/" + label().value()), forward);
  }

  /**
   * A local port forwarded to the gateway.
   *
   * @param endpoint the stack's endpoint through the forward: {@code
   *     http://localhost:<port>/<label>}
   * @param forward the fabric8 port forward (closed by {@link #close()})
   */
  public record PortForward(URI endpoint, io.fabric8.kubernetes.client.LocalPortForward forward)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        forward.close();
      } catch (java.io.IOException e) {
        // already closed
      }
    }
  }

  /** The client the stack was deployed with. */
  public KubernetesClient client() {
    return client;
  }

  /** The stack's key: the model label on its pods and route. */
  public ModelLabel label() {
    return plan.label();
  }

  /** The namespace the stack was deployed into. */
  public String namespace() {
    return plan.namespace();
  }

  /**
   * The Helm releases this deployment installed (a gateway that already existed is not among them).
   */
  public List<String> releases() {
    return createdReleases;
  }

  /**
   * Removes the stack: its route (its rules of a shared route), its GAIE and model service
   * releases; the shared route, the gateway release (if the library installed it) and the token
   * Secret go with the last stack of the namespace that uses them. Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      teardown.run();
      log.info("Stack {} in {} removed", plan.label(), plan.namespace());
    }
  }
}
