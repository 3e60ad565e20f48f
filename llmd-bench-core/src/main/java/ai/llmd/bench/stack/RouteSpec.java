package ai.llmd.bench.stack;

import java.util.Objects;

/**
 * How requests reach a stack (create_httproute): one HTTPRoute per stack named {@code <label>} with
 * the prefix {@code /<label>/} rewritten to {@code /}, or one shared HTTPRoute with a rule per
 * stack (as Istio needs).
 *
 * <pre>{@code
 * RouteSpec.perStack();
 * RouteSpec.shared("multi-model-route").requestTimeout("0s");
 * }</pre>
 *
 * @param sharedName the shared route's name, or {@code null} for one route per stack
 * @param requestTimeout Gateway API duration for the whole request ({@code 0s}: none)
 * @param backendRequestTimeout Gateway API duration for one backend request
 */
public record RouteSpec(String sharedName, String requestTimeout, String backendRequestTimeout) {

  public RouteSpec {
    if (sharedName != null) {
      ModelLabel.of(sharedName); // a route name is a DNS label too
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

  public RouteSpec requestTimeout(String duration) {
    return new RouteSpec(sharedName, duration, backendRequestTimeout);
  }

  public boolean isShared() {
    return sharedName != null;
  }

  /** The route's name for a stack. */
  public String routeName(ModelLabel label) {
    return isShared() ? sharedName : label.value();
  }
}
