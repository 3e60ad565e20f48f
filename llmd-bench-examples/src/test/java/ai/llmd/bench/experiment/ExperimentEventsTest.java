package ai.llmd.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.BenchEvent.Type;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.event.Events;
import ai.llmd.bench.harness.Executor;
import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.HarnessRun;
import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.WorkloadProfile;
import ai.llmd.bench.harness.loadgen.LoadgenExecutor;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.storage.local.LocalStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/**
 * What an experiment on two endpoints reports: its events in order, with the SLF4J MDC keys of the
 * step set while each step runs, the load's progress and the upload's progress through the
 * experiment's one listener.
 */
class ExperimentEventsTest {
  @TempDir Path tmp;

  /** An event and the MDC of the thread that delivered it. */
  private record Seen(BenchEvent event, Map<String, String> mdc) {}

  /** Captures the MDC of the thread that starts each harness run: the experiment's own thread. */
  private static final class MdcCapturing implements Executor {
    final List<Map<String, String>> starts;
    final Executor delegate;

    MdcCapturing(List<Map<String, String>> starts, Executor delegate) {
      this.starts = starts;
      this.delegate = delegate;
    }

    @Override
    public HarnessRun start(Harness harness, WorkloadProfile.Rendered profile) {
      starts.add(mdc());
      return delegate.start(harness, profile);
    }

    @Override
    public Executor withResultsDirectory(Path dir) {
      return new MdcCapturing(starts, delegate.withResultsDirectory(dir));
    }

    @Override
    public Executor withEvents(EventListener listener, BenchEvent.Context context) {
      return new MdcCapturing(starts, delegate.withEvents(listener, context));
    }
  }

  private static Map<String, String> mdc() {
    Map<String, String> m = MDC.getCopyOfContextMap();
    return m == null ? Map.of() : new HashMap<>(m);
  }

  private static Map<String, String> keysOf(BenchEvent.Context c) {
    Map<String, String> m = new HashMap<>();
    if (c.experiment() != null) {
      m.put(Events.MDC_EXPERIMENT, c.experiment());
    }
    if (c.stack() != null) {
      m.put(Events.MDC_STACK, c.stack());
    }
    if (c.treatment() != null) {
      m.put(Events.MDC_TREATMENT, c.treatment());
    }
    return m;
  }

  @Test
  void theTestsLogWithAWorkingMdc() {
    // the surefire configuration picks MdcSimpleServiceProvider (slf4j-simple's MDC is a no-op)
    MDC.put("probe", "1");
    try {
      assertThat(MDC.get("probe")).as("MDC adapter " + MDC.getMDCAdapter()).isEqualTo("1");
    } finally {
      MDC.remove("probe");
    }
  }

  @Test
  void stepsRunWithTheirMdcKeysStacksRunOneAfterTheOtherAndProgressComesThroughOneListener() {
    List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    List<Map<String, String>> starts = Collections.synchronizedList(new ArrayList<>());
    try (Simulator sim =
        Simulator.builder()
            .timeToFirstToken(Duration.ofMillis(2))
            .interTokenLatency(Duration.ofMillis(1))
            .start()) {
      Harness loadgen = Harnesses.get("loadgen");
      ExperimentResult result =
          Experiment.builder()
              .id("mdc")
              .stack(Endpoint.of("sim-a", sim.endpoint(), sim.model()))
              .stack(Endpoint.of("sim-b", sim.endpoint(), sim.model()))
              .harness(loadgen, new MdcCapturing(starts, new LoadgenExecutor()))
              .workload(
                  loadgen
                      .profile("rate_sweep")
                      .withValue("warmup_s", 0)
                      .withValue("stages[0].duration_s", 1.5)) // long enough for a progress tick
              .runTreatment(RunTreatment.named("rate-4").withValue("stages[0].rate", 4))
              .resultsRoot(tmp.resolve("results"))
              .store(LocalStore.of(tmp.resolve("store")), "stored")
              .listener(e -> seen.add(new Seen(e, mdc())))
              .build()
              .run();

      // then: the harness started with the load point's keys, once per stack, a before b
      assertThat(starts)
          .containsExactly(
              Map.of(
                  Events.MDC_EXPERIMENT, "mdc",
                  Events.MDC_STACK, "sim-a",
                  Events.MDC_TREATMENT, "sim-a/base/rate-4/r1"),
              Map.of(
                  Events.MDC_EXPERIMENT, "mdc",
                  Events.MDC_STACK, "sim-b",
                  Events.MDC_TREATMENT, "sim-b/base/rate-4/r1"));
      // the steps' events were delivered with the MDC keys of their own context
      List<Seen> steps =
          seen.stream()
              .filter(
                  s ->
                      switch (s.event().type()) {
                        case WORKLOAD_STARTED, WORKLOAD_DONE, TRANSFORM_DONE -> true;
                        default -> false;
                      })
              .toList();
      assertThat(steps).hasSize(6);
      assertThat(steps)
          .allSatisfy(
              s -> {
                assertThat(s.event().context().treatment()).isNotNull();
                assertThat(s.mdc()).isEqualTo(keysOf(s.event().context()));
              });
      // the stacks ran one after the other: every event of sim-a before the first of sim-b
      List<String> stacks =
          seen.stream()
              .map(s -> s.event().context().stack())
              .filter(s -> s != null)
              .distinct()
              .toList();
      assertThat(stacks).containsExactly("sim-a", "sim-b");
      int lastA = -1;
      int firstB = -1;
      for (int i = 0; i < seen.size(); i++) {
        String stack = seen.get(i).event().context().stack();
        if ("sim-a".equals(stack)) {
          lastA = i;
        } else if ("sim-b".equals(stack) && firstB < 0) {
          firstB = i;
        }
      }
      assertThat(lastA).isLessThan(firstB);
      // the load generator's progress reached the experiment's listener, in the load point
      assertThat(seen)
          .map(Seen::event)
          .filteredOn(e -> e.type() == Type.WORKLOAD_PROGRESS)
          .isNotEmpty()
          .allSatisfy(
              e -> {
                assertThat(e.context().treatment()).endsWith("/base/rate-4/r1");
                assertThat(e.progress().stages()).isEqualTo(1);
              });
      // so did the store's: one object at a time up to every file uploaded
      List<BenchEvent.Upload> uploads =
          seen.stream()
              .map(Seen::event)
              .filter(e -> e.type() == Type.UPLOAD_PROGRESS)
              .map(BenchEvent::upload)
              .toList();
      assertThat(uploads).hasSize(result.receipts().size());
      assertThat(uploads.get(uploads.size() - 1).objectsDone()).isEqualTo(result.receipts().size());
      List<Type> types = seen.stream().map(s -> s.event().type()).toList();
      assertThat(types.indexOf(Type.UPLOAD_STARTED))
          .isLessThan(types.indexOf(Type.UPLOAD_PROGRESS));
      assertThat(types.lastIndexOf(Type.UPLOAD_PROGRESS))
          .isLessThan(types.indexOf(Type.UPLOAD_DONE));
      // and the keys are gone once the experiment returned
      assertThat(mdc())
          .doesNotContainKeys(Events.MDC_EXPERIMENT, Events.MDC_STACK, Events.MDC_TREATMENT);
    }
  }
}
