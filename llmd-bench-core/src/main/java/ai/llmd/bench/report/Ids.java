package ai.llmd.bench.report;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Identifiers compatible with upstream llm-d-benchmark: name-based UUIDs (version 5) for {@code
 * run.eid} and {@code run.cid}, and {@code cfg_id} hashes.
 *
 * <pre>{@code
 * UUID eid = Ids.uuid5Url("inference-perf-1786024743-hipkpq"); // 6b843cb0-78da-55e2-8152-8dae8cb8a341
 * String cfg = Ids.cfgId(Map.of("args", Map.of(), "envars", Map.of()));
 * }</pre>
 */
@ai.llmd.bench.Internal
public final class Ids {
  /** RFC 4122 URL namespace. */
  public static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

  /** RFC 4122 DNS namespace. */
  public static final UUID NAMESPACE_DNS = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

  private Ids() {}

  /** UUID version 5 of a name in the URL namespace (the experiment id, upstream's {@code eid}). */
  public static UUID uuid5Url(String name) {
    return uuid5(NAMESPACE_URL, name);
  }

  /**
   * UUID version 5 of a name in the DNS namespace (the cluster identity, upstream's {@code cid}).
   */
  public static UUID uuid5Dns(String name) {
    return uuid5(NAMESPACE_DNS, name);
  }

  /** UUID version 5 (SHA-1) of a name in a namespace, per RFC 4122 section 4.3. */
  public static UUID uuid5(UUID namespace, String name) {
    MessageDigest sha1 = digest("SHA-1");
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }

  /**
   * The upstream {@code cfg_id}: lowercase hex SHA-256 of Python's {@code json.dumps(config,
   * sort_keys=True)}.
   *
   * @param config maps, lists, strings, numbers, booleans and nulls
   */
  public static String cfgId(Object config) {
    StringBuilder sb = new StringBuilder();
    pythonJson(config, sb);
    return HexFormat.of()
        .formatHex(digest("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static void pythonJson(Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Boolean b) {
      sb.append(b ? "true" : "false");
    } else if (v instanceof Double || v instanceof Float) {
      sb.append(pythonFloat(((Number) v).doubleValue()));
    } else if (v instanceof BigDecimal d) {
      sb.append(pythonFloat(d.doubleValue()));
    } else if (v instanceof Number n) {
      sb.append(n.longValue());
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : new TreeMap<String, Object>(stringKeys(m)).entrySet()) {
        sb.append(first ? "" : ", ");
        first = false;
        pythonString(e.getKey(), sb);
        sb.append(": ");
        pythonJson(e.getValue(), sb);
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        sb.append(i == 0 ? "" : ", ");
        pythonJson(l.get(i), sb);
      }
      sb.append(']');
    } else {
      pythonString(v.toString(), sb);
    }
  }

  private static Map<String, Object> stringKeys(Map<?, ?> m) {
    Map<String, Object> out = new TreeMap<>();
    m.forEach((k, val) -> out.put(String.valueOf(k), val));
    return out;
  }

  private static String pythonFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e16) {
      return (long) d + ".0";
    }
    String s = Double.toString(d);
    if (s.contains("E")) {
      // Python writes 1e-05 and 1.5e+20 where Java writes 1.0E-5 and 1.5E20.
      String[] parts = s.split("E");
      String mantissa =
          parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
      int exp = Integer.parseInt(parts[1]);
      if (exp >= -4 && exp < 16) {
        return new BigDecimal(s).toPlainString();
      }
      return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
    return s;
  }

  private static void pythonString(String s, StringBuilder sb) {
    sb.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required by every Java platform", e);
    }
  }
}
