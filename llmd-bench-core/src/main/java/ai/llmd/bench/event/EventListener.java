package ai.llmd.bench.event;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
   * Receives one event, on the thread that reports it; it should return quickly. The library
   * delivers through {@link #safely}, so what this throws is logged and does not stop a run, an
   * upload or a download.
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
   * A listener that receives only events of one type; the others are dropped before it sees them.
   *
   * <pre>{@code
   * S3Store.builder()...listener(EventListener.only(Type.UPLOAD_PROGRESS, e -> bar.set(e.upload().bytesDone())));
   * }</pre>
   */
  static EventListener only(BenchEvent.Type type, EventListener listener) {
    return only(EnumSet.of(type), listener);
  }

  /** A listener that receives only events of these types. */
  static EventListener only(Set<BenchEvent.Type> types, EventListener listener) {
    Set<BenchEvent.Type> wanted = EnumSet.copyOf(types);
    return e -> {
      if (wanted.contains(e.type())) {
        listener.on(e);
      }
    };
  }

  /**
   * Logs every event at INFO through SLF4J (logger {@code ai.llmd.bench.event}), except progress
   * and output lines, at DEBUG.
   */
  static EventListener slf4j() {
    Logger log = LoggerFactory.getLogger("ai.llmd.bench.event");
    return e -> {
      switch (e.type()) {
        case WORKLOAD_PROGRESS, WORKLOAD_OUTPUT, UPLOAD_PROGRESS, MODEL_DOWNLOAD_OUTPUT ->
            log.debug("{} {} {}", e.type(), e.context(), e.message());
        default -> log.info("{} {} {}", e.type(), e.context(), e.message());
      }
    };
  }
}
