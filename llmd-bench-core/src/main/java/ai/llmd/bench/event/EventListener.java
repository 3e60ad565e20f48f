package ai.llmd.bench.event;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives {@link BenchEvent}s. Called on the library's threads: keep it quick, and do not throw
 * (an exception thrown here is logged and dropped, never fails a benchmark).
 *
 * <pre>{@code
 * EventListener both = EventListener.all(new ConsoleListener(System.out), myMetricsListener);
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface EventListener {
  /** Ignores every event. */
  EventListener NOOP = e -> {};

  /**
   * Receives one event, on the thread that reports it; it should return quickly. An experiment
   * delivers through {@link #safely}, so what this throws is logged and does not stop the run.
   */
  void on(BenchEvent event);

  /** Delivers to each listener in order; one that throws does not stop the others. */
  static EventListener all(EventListener... listeners) {
    List<EventListener> list = List.of(listeners);
    return e -> list.forEach(l -> safely(l, e));
  }

  /** Delivers an event, logging (not throwing) what the listener throws. */
  static void safely(EventListener listener, BenchEvent event) {
    try {
      listener.on(event);
    } catch (RuntimeException ex) {
      LoggerFactory.getLogger(EventListener.class)
          .warn("Event listener failed on {}: {}", event.type(), ex.toString());
    }
  }

  /**
   * A consumer of a tool's output lines that passes each line to {@code previous} (when not null)
   * and reports it to {@code listener} as a {@link BenchEvent.Type#WORKLOAD_OUTPUT} event; how the
   * executors bridge their line consumers to events.
   */
  static java.util.function.Consumer<String> outputLines(
      EventListener listener,
      BenchEvent.Context context,
      java.util.function.Consumer<String> previous) {
    return line -> {
      if (previous != null) {
        previous.accept(line);
      }
      safely(listener, BenchEvent.of(BenchEvent.Type.WORKLOAD_OUTPUT, context, line));
    };
  }

  /** Logs every event except progress at INFO (progress and output at DEBUG) through SLF4J. */
  static EventListener slf4j() {
    Logger log = LoggerFactory.getLogger("ai.llmd.bench.event");
    return e -> {
      switch (e.type()) {
        case WORKLOAD_PROGRESS, WORKLOAD_OUTPUT, UPLOAD_PROGRESS ->
            log.debug("{} {} {}", e.type(), e.context(), e.message());
        default -> log.info("{} {} {}", e.type(), e.context(), e.message());
      }
    };
  }
}
