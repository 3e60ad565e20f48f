package ai.llmd.bench.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The units a {@link Statistics} block or time series can carry, serialised as the report schema's
 * strings.
 *
 * <pre>{@code
 * Statistics ttft = Statistics.builder(Units.MS).mean(41.2).p99(90.0).build();
 * }</pre>
 *
 * <p>Each report field accepts only the units of one {@link UnitClass}; {@link Reports#validate}
 * enforces it.
 */
public enum Units {
  /** A number of things ({@code count}). */
  COUNT("count", UnitClass.QUANTITY, 1),
  /** Pixels ({@code pixels}). */
  PIXELS("pixels", UnitClass.QUANTITY, 1),
  /** Percent, 1/100 ({@code percent}). */
  PERCENT("percent", UnitClass.PORTION, 0.01),
  /** A fraction of 1 ({@code fraction}). */
  FRACTION("fraction", UnitClass.PORTION, 1),
  /** A dimensionless ratio ({@code ratio}). */
  RATIO("ratio", UnitClass.RATIO, 1),
  /** Milliseconds ({@code ms}). */
  MS("ms", UnitClass.TIME, 1e-3),
  /** Seconds ({@code s}). */
  S("s", UnitClass.TIME, 1),
  /** Bytes ({@code bytes}). */
  BYTES("bytes", UnitClass.MEMORY, 1),
  /** Megabytes, 10^6 bytes ({@code MB}). */
  MB("MB", UnitClass.MEMORY, 1e6),
  /** Gigabytes, 10^9 bytes ({@code GB}). */
  GB("GB", UnitClass.MEMORY, 1e9),
  /** Terabytes, 10^12 bytes ({@code TB}). */
  TB("TB", UnitClass.MEMORY, 1e12),
  /** Mebibytes, 2^20 bytes ({@code MiB}). */
  MIB("MiB", UnitClass.MEMORY, 1L << 20),
  /** Gibibytes, 2^30 bytes ({@code GiB}). */
  GIB("GiB", UnitClass.MEMORY, 1L << 30),
  /** Tebibytes, 2^40 bytes ({@code TiB}). */
  TIB("TiB", UnitClass.MEMORY, 1L << 40),
  /** Megabits per second ({@code Mbit/s}). */
  MBIT_PER_S("Mbit/s", UnitClass.BANDWIDTH, 1e6 / 8),
  /** Gigabits per second ({@code Gbit/s}). */
  GBIT_PER_S("Gbit/s", UnitClass.BANDWIDTH, 1e9 / 8),
  /** Terabits per second ({@code Tbit/s}). */
  TBIT_PER_S("Tbit/s", UnitClass.BANDWIDTH, 1e12 / 8),
  /** In the schema's enum but in no unit class: every field rejects it. */
  GIB_PER_S("GiB/s", null, 1L << 30),
  /** Megabytes per second ({@code MB/s}). */
  MB_PER_S("MB/s", UnitClass.BANDWIDTH, 1e6),
  /** Gigabytes per second ({@code GB/s}). */
  GB_PER_S("GB/s", UnitClass.BANDWIDTH, 1e9),
  /** Terabytes per second ({@code TB/s}). */
  TB_PER_S("TB/s", UnitClass.BANDWIDTH, 1e12),
  /** Milliseconds per token ({@code ms/token}), e.g. time per output token. */
  MS_PER_TOKEN("ms/token", UnitClass.GEN_LATENCY, 1e-3),
  /** Seconds per token ({@code s/token}). */
  S_PER_TOKEN("s/token", UnitClass.GEN_LATENCY, 1),
  /** Tokens per second ({@code tokens/s}). */
  TOKENS_PER_S("tokens/s", UnitClass.GEN_THROUGHPUT, 1),
  /** Requests per second ({@code queries/s}). */
  QUERIES_PER_S("queries/s", UnitClass.REQUEST_THROUGHPUT, 1),
  /** Images per second ({@code images/s}). */
  IMAGES_PER_S("images/s", UnitClass.MEDIA_THROUGHPUT, 1),
  /** Videos per second ({@code videos/s}). */
  VIDEOS_PER_S("videos/s", UnitClass.MEDIA_THROUGHPUT, 1),
  /** Audio clips per second ({@code audios/s}). */
  AUDIOS_PER_S("audios/s", UnitClass.MEDIA_THROUGHPUT, 1),
  /** Power in watts ({@code Watts}). */
  WATTS("Watts", UnitClass.POWER, 1);

  /** Groups of units that a report field may use. */
  public enum UnitClass {
    /** Counts: {@code count}, {@code pixels}. */
    QUANTITY,
    /** Shares: {@code percent}, {@code fraction}. */
    PORTION,
    /** Dimensionless ratios. */
    RATIO,
    /** Durations: {@code ms}, {@code s}. */
    TIME,
    /** Sizes in bytes, decimal or binary multiples. */
    MEMORY,
    /** Data rates, in bits or bytes per second. */
    BANDWIDTH,
    /** Time per generated token. */
    GEN_LATENCY,
    /** Tokens per second. */
    GEN_THROUGHPUT,
    /** Requests per second. */
    REQUEST_THROUGHPUT,
    /** Images, videos or audio clips per second. */
    MEDIA_THROUGHPUT,
    /** Power. */
    POWER;

    /** The units that belong to this class. */
    public Set<Units> members() {
      EnumSet<Units> members = EnumSet.noneOf(Units.class);
      for (Units u : Units.values()) {
        if (u.unitClass == this) {
          members.add(u);
        }
      }
      return members;
    }
  }

  private final String text;
  private final UnitClass unitClass;
  private final double scale;

  Units(String text, UnitClass unitClass, double scale) {
    this.text = text;
    this.unitClass = unitClass;
    this.scale = scale;
  }

  /**
   * Converts a value in this unit to another unit of the same class.
   *
   * <pre>{@code
   * Units.S.convert(0.25, Units.MS);   // 250.0
   * Units.PERCENT.convert(2, Units.FRACTION);   // 0.02
   * }</pre>
   *
   * <p>Memory uses decimal MB/GB/TB and binary MiB/GiB/TiB; bits are 1/8 byte.
   *
   * @throws IllegalArgumentException when the units measure different things (ms to tokens/s)
   */
  public double convert(double value, Units target) {
    if (target == this) {
      return value;
    }
    if (!convertibleTo(target)) {
      throw new IllegalArgumentException(
          "cannot convert " + text + " to " + target.text + ": they measure different things");
    }
    return value * scale / target.scale;
  }

  /** Whether {@link #convert} accepts this target: same class, or same unit. */
  public boolean convertibleTo(Units target) {
    return target == this
        || (unitClass != null && unitClass == target.unitClass)
        || (this == GIB_PER_S && target.unitClass == UnitClass.BANDWIDTH)
        || (target == GIB_PER_S && unitClass == UnitClass.BANDWIDTH);
  }

  /**
   * Whether values in this unit are a time ({@code ms}, {@code s}) or a time per token ({@code
   * ms/token}, {@code s/token}), so {@link Statistics#duration} can read them.
   */
  public boolean isTime() {
    return unitClass == UnitClass.TIME || unitClass == UnitClass.GEN_LATENCY;
  }

  /** Seconds per unit for {@link #isTime() time units}. */
  double seconds() {
    return scale;
  }

  /** The schema string, e.g. {@code "s/token"}. */
  @JsonValue
  public String text() {
    return text;
  }

  /** The class this unit belongs to, or {@code null} for {@link #GIB_PER_S}. */
  public UnitClass unitClass() {
    return unitClass;
  }

  /**
   * Parses a schema string.
   *
   * @throws IllegalArgumentException naming the string and the allowed values
   */
  @JsonCreator
  public static Units of(String text) {
    for (Units u : values()) {
      if (u.text.equals(text)) {
        return u;
      }
    }
    throw new IllegalArgumentException(
        "unknown unit '"
            + text
            + "'; allowed: "
            + Arrays.stream(values()).map(Units::text).toList());
  }

  @Override
  public String toString() {
    return text;
  }
}
