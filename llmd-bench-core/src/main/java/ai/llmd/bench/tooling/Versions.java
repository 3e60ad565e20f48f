package ai.llmd.bench.tooling;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Release versions ({@code v1.5.1}, {@code 1.29.2}, {@code v1.0.0-rc.1}) and Helm-style {@code
 * kubeVersion} constraints ({@code >= 1.28.0-0}, {@code >=1.25.0 <1.33.0}, {@code ^1.30 || ~1.29}).
 *
 * <pre>{@code
 * Versions.compare("v1.5.1", "1.4.0");              // > 0
 * Versions.satisfies("v1.30.2", ">= 1.28.0-0");      // true
 * }</pre>
 */
public final class Versions {
  private static final Pattern VERSION =
      Pattern.compile(
          "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");
  private static final Pattern TERM =
      Pattern.compile("\\s*(>=|<=|!=|=>|=<|>|<|=|\\^|~)?\\s*([^\\s<>=!^~]\\S*)");

  private Versions() {}

  /** Whether a string is a release version: {@code [v]MAJOR[.MINOR[.PATCH]][-PRERELEASE]}. */
  public static boolean isVersion(String s) {
    return s != null && VERSION.matcher(s.trim()).matches();
  }

  /**
   * Orders two versions; a pre-release sorts before its release ({@code 1.0.0-rc.1 < 1.0.0}).
   *
   * @throws IllegalArgumentException when either is not a version
   */
  public static int compare(String a, String b) {
    long[] x = parse(a);
    long[] y = parse(b);
    for (int i = 0; i < 3; i++) {
      if (x[i] != y[i]) {
        return Long.compare(x[i], y[i]);
      }
    }
    String pa = pre(a);
    String pb = pre(b);
    if (pa == null || pb == null) {
      return pa == null ? (pb == null ? 0 : 1) : -1;
    }
    return pa.compareTo(pb);
  }

  /**
   * Whether a version meets a Helm {@code kubeVersion} constraint: terms separated by spaces or
   * commas must all hold, alternatives are separated by {@code ||}; {@code ^} and {@code ~} and
   * wildcards ({@code 1.28.x}) as in Helm. Like Helm, pre-release suffixes of the version (e.g.
   * {@code v1.30.2-gke.1}) are ignored when the constraint allows pre-releases ({@code -0}).
   *
   * @throws IllegalArgumentException when the constraint cannot be parsed
   */
  public static boolean satisfies(String version, String constraint) {
    String v = core(version);
    for (String alternative : constraint.split("\\|\\|")) {
      boolean all = true;
      boolean any = false;
      Matcher m = TERM.matcher(alternative.replace(",", " ").trim());
      while (m.find()) {
        any = true;
        if (!term(v, m.group(1) == null ? "=" : m.group(1), m.group(2), constraint)) {
          all = false;
        }
      }
      if (any && all) {
        return true;
      }
    }
    return false;
  }

  private static boolean term(String v, String op, String operand, String constraint) {
    String o = operand.replaceAll("\\.[xX*]", "");
    if (!isVersion(o)) {
      throw new IllegalArgumentException(
          "cannot read version constraint '" + constraint + "': '" + operand + "'");
    }
    int parts = o.replaceFirst("-.*", "").replaceFirst("^v", "").split("\\.").length;
    String lower = core(o);
    int c = compare(v, lower);
    return switch (op) {
      case ">=", "=>" -> c >= 0;
      case "<=", "=<" -> c <= 0 || (parts < 3 && compare(v, bump(lower, parts - 1)) < 0);
      case ">" -> c > 0 && (parts == 3 || compare(v, bump(lower, parts - 1)) >= 0);
      case "<" -> c < 0;
      case "!=" -> c != 0;
      case "^" -> c >= 0 && compare(v, bump(lower, 0)) < 0;
      case "~" -> c >= 0 && compare(v, bump(lower, parts == 1 ? 0 : 1)) < 0;
      default -> parts == 3 ? c == 0 : c >= 0 && compare(v, bump(lower, parts - 1)) < 0;
    };
  }

  /** MAJOR.MINOR.PATCH with the pre-release removed. */
  private static String core(String version) {
    long[] p = parse(version);
    return p[0] + "." + p[1] + "." + p[2];
  }

  private static String bump(String core, int index) {
    long[] p = parse(core);
    p[index]++;
    for (int i = index + 1; i < 3; i++) {
      p[i] = 0;
    }
    return p[0] + "." + p[1] + "." + p[2];
  }

  private static long[] parse(String s) {
    Matcher m = s == null ? null : VERSION.matcher(s.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "not a version: '" + s + "' (expected e.g. v1.5.1 or 1.29.2)");
    }
    List<Long> parts = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      parts.add(m.group(i) == null ? 0L : Long.parseLong(m.group(i)));
    }
    return new long[] {parts.get(0), parts.get(1), parts.get(2)};
  }

  private static String pre(String s) {
    Matcher m = VERSION.matcher(s.trim());
    return m.matches() ? m.group(4) : null;
  }
}
