package ai.llmd.bench.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Locale;

/** Small helpers shared by the benchmark programs: medians and peak heap. */
final class Measure {
  private Measure() {}

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** Resets the peak usage of every heap pool (after a GC, so the peak starts from live data). */
  static void resetHeapPeak() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /**
   * Sum of the heap pools' peak usage since the last reset, in MiB (an upper bound of the true
   * peak).
   */
  static double heapPeakMiB() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum / 1024.0 / 1024.0;
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
