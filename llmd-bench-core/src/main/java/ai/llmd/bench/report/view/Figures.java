package ai.llmd.bench.report.view;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Metric;
import ai.llmd.bench.report.Statistics;
import ai.llmd.bench.report.Units;
import java.util.OptionalDouble;

/**
 * The figures the page and the comparison show, each in the unit people compare whatever unit the
 * harness wrote: ms for latencies (ms/token for TPOT), queries/s and tokens/s for rates.
 */
final class Figures {
  private Figures() {}

  /** A short name for columns and legends: {@code TTFT}, {@code req/s}. */
  static String shortName(Metric m) {
    return switch (m) {
      case REQUEST_RATE -> "req/s";
      case OUTPUT_TOKEN_RATE -> "out tok/s";
      case INPUT_TOKEN_RATE -> "in tok/s";
      case TOTAL_TOKEN_RATE -> "tok/s";
      default -> m.name();
    };
  }

  /** The unit a metric is shown in. */
  static Units unit(Metric m) {
    return switch (m) {
      case TPOT, NTPOT -> Units.MS_PER_TOKEN;
      case REQUEST_RATE -> Units.QUERIES_PER_S;
      case OUTPUT_TOKEN_RATE, INPUT_TOKEN_RATE, TOTAL_TOKEN_RATE -> Units.TOKENS_PER_S;
      default -> Units.MS;
    };
  }

  /** Whether a larger value is better (rates) or worse (latencies). */
  static boolean higherIsBetter(Metric m) {
    return !m.isLatency();
  }

  /** One value ({@code mean}, {@code p99}, ...) of a report's metric in {@link #unit}, if any. */
  static OptionalDouble value(BenchmarkReport report, Metric m, String key) {
    return report.statistics(m).map(s -> value(s, m, key)).orElse(OptionalDouble.empty());
  }

  /**
   * One value of a block in {@link #unit}; empty when absent or written in unrelated units. A
   * latency may be written per token (ITL in ms/token) or not (TPOT in ms): both read as ms.
   */
  static OptionalDouble value(Statistics s, Metric m, String key) {
    Units target = unit(m);
    if (m.isLatency() && s.units() != null) {
      target = s.units().unitClass() == Units.UnitClass.GEN_LATENCY ? Units.MS_PER_TOKEN : Units.MS;
    }
    if (s.units() == null || !s.units().convertibleTo(target)) {
      return OptionalDouble.empty();
    }
    return s.get(key, target).map(OptionalDouble::of).orElse(OptionalDouble.empty());
  }
}
