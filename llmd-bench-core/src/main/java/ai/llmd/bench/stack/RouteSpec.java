package ai.llmd.bench.stack;

import java.time.Duration;
import java.util.Objects;

/**
 * How requests reach a stack (create_httproute): one HTTPRoute per stack named {@code <label>} with
 * the prefix {@code /<label>/} rewritten to {@code /}, or one shared HTTPRoute with a rule per
 * stack (as Istio needs).
 *
 * <pre>{@code
 * RouteSpec.perStack();
 * RouteSpec.shared("multi-model-route").requestTimeout(Duration.ZERO);
 * }</pre>
 *
 * @param sharedName the shared route's name, or {@code null} for one route per stack
 * @param requestTimeout Gateway API duration for the whole request ({@code 0s}: none)
 * @param backendRequestTimeout Gateway API duration for one backend request
 */
public record RouteSpec(String sharedName, String requestTimeout, String backendRequestTimeout) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException when {@code sharedName} is not a DNS label
   * @throws NullPointerException when a timeout is null
   */
  public RouteSpec {
    if (sharedName != null) {
      ModelLabel.requireDnsLabel("route name", sharedName);
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(backendRequestTimeout, "backendRequestTimeout");
  }

  /** One HTTPRoute per stack (the default), 300 s request timeout. */
  public static RouteSpec perStack() {
    return new RouteSpec(null, "300s", "0s");
  }

  /** One HTTPRoute shared by the stacks of a namespace, one rule per stack. */
  public static RouteSpec shared(String name) {
    return new RouteSpec(name, "300s", "0s");
  }

  /**
   * This route with another timeout for the whole request ({@link Duration#ZERO}: none), written as
   * a Gateway API duration such as {@code 5m30s} or {@code 1500ms}.
   *
   * @throws IllegalArgumentException for a negative duration, or one the Gateway API cannot express
   *     (below a millisecond, or more than 99999 hours)
   */
  public RouteSpec requestTimeout(Duration timeout) {
    return new RouteSpec(
        sharedName, gatewayDuration("requestTimeout", timeout), backendRequestTimeout);
  }

  /** This route with another timeout per backend request ({@link Duration#ZERO}: none). */
  public RouteSpec backendRequestTimeout(Duration timeout) {
    return new RouteSpec(
        sharedName, requestTimeout, gatewayDuration("backendRequestTimeout", timeout));
  }

  /**
   * This route with another request timeout, as a Gateway API duration string.
   *
   * @deprecated use {@link #requestTimeout(Duration)}, as every timeout of the library
   */
  @Deprecated
  public RouteSpec requestTimeout(String duration) {
    return new RouteSpec(sharedName, duration, backendRequestTimeout);
  }

  /** A Duration as a Gateway API duration (GEP-2257): {@code 1h2m3s}, {@code 500ms}, {@code 0s}. */
  static String gatewayDuration(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, was " + d);
    }
    if (d.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          field
              + " "
              + d
              + " has a fraction of a millisecond; the Gateway API counts milliseconds");
    }
    if (d.toHours() > 99_999) {
      throw new IllegalArgumentException(field + " " + d + " is longer than 99999 hours");
    }
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long[] parts = {d.toHours(), d.toMinutesPart(), d.toSecondsPart(), d.toMillisPart()};
    String[] units = {"h", "m", "s", "ms"};
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] != 0) {
        sb.append(parts[i]).append(units[i]);
      }
    }
    return sb.toString();
  }

  /** Whether stacks share one route ({@code sharedName} set) instead of one route each. */
  public boolean isShared() {
    return sharedName != null;
  }

  /** The route's name for a stack. */
  public String routeName(ModelLabel label) {
    return isShared() ? sharedName : label.value();
  }
}
