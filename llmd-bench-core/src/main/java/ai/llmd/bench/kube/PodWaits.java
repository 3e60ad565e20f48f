package ai.llmd.bench.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits, with watches (no polling), until groups of pods are Ready, failing fast when a pod cannot
 * start (CrashLoopBackOff, image pull errors, a failed pod).
 *
 * <pre>{@code
 * List<PodWaits.Outcome> outcomes = PodWaits.await(client, "bench",
 *     List.of(new PodWaits.Requirement("decode pods", "llm-d.ai/model=qwen,llm-d.ai/role=decode", 2)),
 *     Duration.ofMinutes(15));
 * }</pre>
 */
public final class PodWaits {
  private static final Set<String> FATAL_WAITING =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError");

  private PodWaits() {}

  /**
   * At least {@code count} Ready pods matching {@code selector}.
   *
   * @param what a name for people, e.g. {@code model servers}
   * @param selector a label selector, e.g. {@code llm-d.ai/model=qwen}
   * @param count Ready pods needed
   */
  public record Requirement(String what, String selector, int count) {}

  /**
   * How a requirement ended.
   *
   * @param met whether enough pods were Ready
   * @param failing pods that cannot start, with the reason
   * @param pods the matching pods at the end
   * @param requirement the requirement waited for
   */
  public record Outcome(
      Requirement requirement, boolean met, List<String> failing, List<Pod> pods) {
    /** How many of the matching pods are Ready. */
    public int ready() {
      return (int) pods.stream().filter(PodWaits::isReady).count();
    }
  }

  /**
   * Waits for every requirement, at most {@code timeout} in all; returns as soon as all are met, or
   * as soon as one has a pod that cannot start, or at the timeout.
   */
  public static List<Outcome> await(
      KubernetesClient client, String namespace, List<Requirement> requirements, Duration timeout) {
    List<CompletableFuture<List<Pod>>> futures = new ArrayList<>();
    CompletableFuture<Void> anyFatal = new CompletableFuture<>();
    for (Requirement r : requirements) {
      futures.add(
          client
              .pods()
              .inNamespace(namespace)
              .withLabelSelector(r.selector())
              .informOnCondition(
                  pods -> {
                    if (!failing(pods).isEmpty()) {
                      anyFatal.complete(null);
                      return true;
                    }
                    return pods.stream().filter(PodWaits::isReady).count() >= r.count();
                  }));
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    try {
      CompletableFuture.anyOf(all, anyFatal).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // reported below, requirement by requirement
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // a watch failed; the state is read below
    } finally {
      futures.forEach(f -> f.cancel(true));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Requirement r : requirements) {
      List<Pod> pods =
          client.pods().inNamespace(namespace).withLabelSelector(r.selector()).list().getItems();
      List<String> failing = failing(pods);
      long ready = pods.stream().filter(PodWaits::isReady).count();
      outcomes.add(new Outcome(r, failing.isEmpty() && ready >= r.count(), failing, pods));
    }
    return outcomes;
  }

  /** Whether the pod has the condition {@code Ready=True}. */
  public static boolean isReady(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<String> failing(List<Pod> pods) {
    List<String> out = new ArrayList<>();
    for (Pod p : pods) {
      String reason = fatalReason(p);
      if (reason != null) {
        out.add(p.getMetadata().getName() + ": " + reason);
      }
    }
    return out;
  }

  private static String fatalReason(Pod p) {
    if (p.getStatus() == null) {
      return null;
    }
    if ("Failed".equals(p.getStatus().getPhase())) {
      return "phase Failed";
    }
    if (p.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
        if (cs.getState() != null
            && cs.getState().getWaiting() != null
            && FATAL_WAITING.contains(cs.getState().getWaiting().getReason())) {
          return cs.getName() + " " + cs.getState().getWaiting().getReason();
        }
      }
    }
    return null;
  }

  /** A pod's phase, reasons, recent events and log tail, for an error report. */
  public static String describe(KubernetesClient client, Pod p, int logLines) {
    StringBuilder sb = new StringBuilder(p.getMetadata().getName());
    var status = p.getStatus();
    sb.append(" phase=").append(status == null ? "Unknown" : status.getPhase());
    List<String> reasons = new ArrayList<>();
    if (status != null && status.getConditions() != null) {
      for (PodCondition c : status.getConditions()) {
        if (!"True".equals(c.getStatus())) {
          reasons.add(
              c.getType()
                  + "="
                  + c.getStatus()
                  + (c.getReason() == null ? "" : " (" + c.getReason() + ")"));
        }
      }
    }
    if (status != null && status.getContainerStatuses() != null) {
      for (ContainerStatus cs : status.getContainerStatuses()) {
        if (cs.getState() != null && cs.getState().getWaiting() != null) {
          reasons.add(cs.getName() + " waiting: " + cs.getState().getWaiting().getReason());
        }
        if (cs.getRestartCount() != null && cs.getRestartCount() > 0) {
          reasons.add(cs.getName() + " restarts=" + cs.getRestartCount());
        }
      }
    }
    if (!reasons.isEmpty()) {
      sb.append(" reasons=").append(reasons);
    }
    String ns = p.getMetadata().getNamespace();
    List<Event> events =
        client.v1().events().inNamespace(ns).list().getItems().stream()
            .filter(
                e ->
                    e.getInvolvedObject() != null
                        && p.getMetadata().getName().equals(e.getInvolvedObject().getName()))
            .sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())))
            .toList();
    events.stream()
        .skip(Math.max(0, events.size() - 5))
        .forEach(
            e ->
                sb.append("\n        event: ")
                    .append(e.getReason())
                    .append(": ")
                    .append(e.getMessage()));
    try {
      String logText =
          client
              .pods()
              .inNamespace(ns)
              .withName(p.getMetadata().getName())
              .tailingLines(logLines)
              .getLog();
      if (logText != null && !logText.isBlank()) {
        sb.append("\n        log tail:\n          ")
            .append(logText.strip().replace("\n", "\n          "));
      }
    } catch (RuntimeException e) {
      sb.append("\n        log unavailable: ").append(e.getClass().getSimpleName());
    }
    return sb.toString();
  }
}
