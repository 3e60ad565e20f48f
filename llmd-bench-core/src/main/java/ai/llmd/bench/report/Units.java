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
  COUNT("count", UnitClass.QUANTITY),
  PIXELS("pixels", UnitClass.QUANTITY),
  PERCENT("percent", UnitClass.PORTION),
  FRACTION("fraction", UnitClass.PORTION),
  RATIO("ratio", UnitClass.RATIO),
  MS("ms", UnitClass.TIME),
  S("s", UnitClass.TIME),
  BYTES("bytes", UnitClass.MEMORY),
  MB("MB", UnitClass.MEMORY),
  GB("GB", UnitClass.MEMORY),
  TB("TB", UnitClass.MEMORY),
  MIB("MiB", UnitClass.MEMORY),
  GIB("GiB", UnitClass.MEMORY),
  TIB("TiB", UnitClass.MEMORY),
  MBIT_PER_S("Mbit/s", UnitClass.BANDWIDTH),
  GBIT_PER_S("Gbit/s", UnitClass.BANDWIDTH),
  TBIT_PER_S("Tbit/s", UnitClass.BANDWIDTH),
  /** In the schema's enum but in no unit class: every field rejects it. */
  GIB_PER_S("GiB/s", null),
  MB_PER_S("MB/s", UnitClass.BANDWIDTH),
  GB_PER_S("GB/s", UnitClass.BANDWIDTH),
  TB_PER_S("TB/s", UnitClass.BANDWIDTH),
  MS_PER_TOKEN("ms/token", UnitClass.GEN_LATENCY),
  S_PER_TOKEN("s/token", UnitClass.GEN_LATENCY),
  TOKENS_PER_S("tokens/s", UnitClass.GEN_THROUGHPUT),
  QUERIES_PER_S("queries/s", UnitClass.REQUEST_THROUGHPUT),
  IMAGES_PER_S("images/s", UnitClass.MEDIA_THROUGHPUT),
  VIDEOS_PER_S("videos/s", UnitClass.MEDIA_THROUGHPUT),
  AUDIOS_PER_S("audios/s", UnitClass.MEDIA_THROUGHPUT),
  WATTS("Watts", UnitClass.POWER);

  /** Groups of units that a report field may use. */
  public enum UnitClass {
    QUANTITY,
    PORTION,
    RATIO,
    TIME,
    MEMORY,
    BANDWIDTH,
    GEN_LATENCY,
    GEN_THROUGHPUT,
    REQUEST_THROUGHPUT,
    MEDIA_THROUGHPUT,
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

  Units(String text, UnitClass unitClass) {
    this.text = text;
    this.unitClass = unitClass;
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
