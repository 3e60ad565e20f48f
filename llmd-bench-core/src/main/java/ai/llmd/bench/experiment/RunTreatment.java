package ai.llmd.bench.experiment;

import ai.llmd.bench.harness.WorkloadProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * A variation of the workload: changes to the profile by dotted path (rates, lengths, concurrency),
 * applied with {@link WorkloadProfile#withValue(String, Object)}.
 *
 * <pre>{@code
 * RunTreatment r = RunTreatment.named("rate-50").withValue("stages[0].rate", 50);
 * }</pre>
 *
 * @param name a DNS label naming it in the results layout
 * @param changes the profile changes, in order
 * @since 0.1
 */
public record RunTreatment(String name, List<WorkloadProfile.Change> changes) {
  /** The profile as given. */
  public static final RunTreatment BASE = new RunTreatment("base", List.of());

  /**
   * Checks the name and copies the changes ({@code null}: none).
   *
   * @param name a DNS label naming it in the results layout
   * @param changes the profile changes, in order
   * @throws IllegalArgumentException when the name is not a DNS label
   */
  public RunTreatment {
    Experiment.checkName("run treatment name", name);
    changes = List.copyOf(changes == null ? List.of() : changes);
  }

  /**
   * A treatment with no changes yet; add them with {@link #withValue}.
   *
   * @throws IllegalArgumentException when the name is not a DNS label
   */
  public static RunTreatment named(String name) {
    return new RunTreatment(name, List.of());
  }

  /**
   * A copy with one more change of a path the profile has (see {@link WorkloadProfile#withValue}).
   */
  public RunTreatment withValue(String path, Object value) {
    List<WorkloadProfile.Change> c = new ArrayList<>(changes);
    c.add(new WorkloadProfile.Change(path, value));
    return new RunTreatment(name, c);
  }

  WorkloadProfile applyTo(WorkloadProfile profile) {
    WorkloadProfile p = profile;
    for (WorkloadProfile.Change c : changes) {
      p = p.withValue(c.path(), c.value());
    }
    return p;
  }
}
