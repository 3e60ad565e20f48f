package ai.llmd.bench.event;

import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * SLF4J MDC keys set while the library works on an experiment, a stack or a treatment, so that log
 * lines (the library's and those of clients it calls) can be filtered by them, e.g. with {@code
 * %X{bench.treatment}} in a logback pattern.
 *
 * <pre>{@code
 * Events.withContext(new BenchEvent.Context("exp-1", "qwen", null), () -> deploy());
 * }</pre>
 *
 * @since 0.1
 */
public final class Events {
  /** MDC key: the experiment id. */
  public static final String MDC_EXPERIMENT = "bench.experiment";

  /** MDC key: the stack (model label or endpoint name). */
  public static final String MDC_STACK = "bench.stack";

  /** MDC key: the treatment (setup/run/repetition). */
  public static final String MDC_TREATMENT = "bench.treatment";

  private Events() {}

  /** Runs {@code work} with the context's MDC keys set, restoring the previous ones after. */
  public static <T> T withContext(BenchEvent.Context context, Supplier<T> work) {
    String[] keys = {MDC_EXPERIMENT, MDC_STACK, MDC_TREATMENT};
    String[] values = {context.experiment(), context.stack(), context.treatment()};
    String[] previous = new String[3];
    for (int i = 0; i < 3; i++) {
      previous[i] = MDC.get(keys[i]);
      put(keys[i], values[i]);
    }
    try {
      return work.get();
    } finally {
      for (int i = 0; i < 3; i++) {
        put(keys[i], previous[i]);
      }
    }
  }

  /** Runs {@code work} with the context's MDC keys set. */
  public static void withContext(BenchEvent.Context context, Runnable work) {
    withContext(
        context,
        () -> {
          work.run();
          return null;
        });
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
