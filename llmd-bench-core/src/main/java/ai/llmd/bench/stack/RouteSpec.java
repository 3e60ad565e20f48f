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
 * RouteSpec.shared("multi-model-route").withRequestTimeout(Duration.ZERO);
 * }</pre>
 *
 * <p>The timeouts are written into the HTTPRoute as Gateway API durations (GEP-2257) such as {@code
 * 5m30s} or {@code 1500ms}, so they must be whole milliseconds and at most 99999 hours.
 *
 * @param sharedName the shared route's name, or {@code null} for one route per stack
 * @param requestTimeout the timeout for the whole request ({@link Duration#ZERO}: none)
 * @param backendRequestTimeout the timeout for one backend request ({@link Duration#ZERO}: none)
 */
public record RouteSpec(
    String sharedName, Duration requestTimeout, Duration backendRequestTimeout) {

  /** The default request timeout: 300 s. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(300);

  /**
   * Checks the values.
   *
   * @param sharedName the shared route's name, or {@code null} for one route per stack
   * @param requestTimeout the timeout for the whole request ({@link Duration#ZERO}: none)
   * @param backendRequestTimeout the timeout for one backend request ({@link Duration#ZERO}: none)
   * @throws IllegalArgumentException when {@code sharedName} is not a DNS label, or a timeout is
   *     negative or one the Gateway API cannot express (below a millisecond, or more than 99999
   *     hours)
   * @throws NullPointerException when a timeout is null
   */
  public RouteSpec {
    if (sharedName != null) {
      ModelLabel.requireDnsLabel("route name", sharedName);
    }
    gatewayDuration("requestTimeout", requestTimeout);
    gatewayDuration("backendRequestTimeout", backendRequestTimeout);
  }

  /** One HTTPRoute per stack (the default), 300 s request timeout, no backend request timeout. */
  public static RouteSpec perStack() {
    return new RouteSpec(null, DEFAULT_REQUEST_TIMEOUT, Duration.ZERO);
  }

  /** One HTTPRoute shared by the stacks of a namespace, one rule per stack. */
  public static RouteSpec shared(String name) {
    return new RouteSpec(name, DEFAULT_REQUEST_TIMEOUT, Duration.ZERO);
  }

  /**
   * A copy with another timeout for the whole request ({@link Duration#ZERO}: none).
   *
   * @throws IllegalArgumentException for a negative duration, or one the Gateway API cannot express
   *     (below a millisecond, or more than 99999 hours)
   */
  public RouteSpec withRequestTimeout(Duration timeout) {
    return new RouteSpec(sharedName, timeout, backendRequestTimeout);
  }

  /**
   * A copy with another timeout per backend request ({@link Duration#ZERO}: none).
   *
   * @throws IllegalArgumentException as {@link #withRequestTimeout(Duration)}
   */
  public RouteSpec withBackendRequestTimeout(Duration timeout) {
    return new RouteSpec(sharedName, requestTimeout, timeout);
  }

  /** The request timeout as the HTTPRoute has it, e.g. {@code 5m30s} ({@code 0s}: none). */
  public String gatewayRequestTimeout() {
    return gatewayDuration("requestTimeout", requestTimeout);
  }

  /** The backend request timeout as the HTTPRoute has it ({@code 0s}: none). */
  public String gatewayBackendRequestTimeout() {
    return gatewayDuration("backendRequestTimeout", backendRequestTimeout);
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
