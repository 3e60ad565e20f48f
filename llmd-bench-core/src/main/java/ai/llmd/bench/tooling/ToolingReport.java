package ai.llmd.bench.tooling;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Tooling.Builder#install()} found and did, per tool; keep it to {@linkplain
 * Tooling#uninstall(io.fabric8.kubernetes.client.KubernetesClient, ToolingReport) uninstall}
 * exactly what was installed. It serialises as JSON with the library's mappers.
 *
 * <pre>{@code
 * System.out.println(report.table());
 * // tool                 action      wanted   found    detail
 * // gateway-api          present     v1.5.1   v1.6.1   newer version kept (never downgraded)
 * }</pre>
 *
 * @param entries one per requested tool, in install order
 */
public record ToolingReport(List<Entry> entries) {

  /**
   * Copies the entries.
   *
   * @param entries one per requested tool, in install order
   */
  public ToolingReport {
    entries = List.copyOf(entries);
  }

  /** What happened to a tool. */
  public enum Action {
    /** Absent, installed by this call. */
    INSTALLED,
    /** Present at the wanted version (or a version that could not be read): left alone. */
    PRESENT,
    /** Present at a newer version: left alone, never downgraded. */
    NEWER_PRESENT,
    /**
     * Present at an older version: left alone ({@link Tooling.Builder#upgrade(boolean)} is off).
     */
    OLDER_PRESENT,
    /** Present at an older version and upgraded on request. */
    UPGRADED
  }

  /**
   * An object applied from a manifest.
   *
   * @param namespace {@code null} for cluster-scoped objects
   * @param apiVersion e.g. {@code apiextensions.k8s.io/v1}
   * @param kind e.g. {@code CustomResourceDefinition}
   * @param name the object's name
   */
  public record ObjectRef(String apiVersion, String kind, String namespace, String name) {
    @Override
    public String toString() {
      return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
    }
  }

  /**
   * One tool.
   *
   * @param tool the tool's id, e.g. {@code istio}
   * @param action what was done
   * @param wanted the version asked for
   * @param found the version found before, or {@code null} when absent or unreadable
   * @param detail a sentence for people
   * @param objects objects applied from manifests (when installed)
   * @param releases Helm releases installed, {@code <namespace>/<release>} (when installed)
   * @param createdNamespace the namespace this call created for the releases, or {@code null}
   */
  public record Entry(
      String tool,
      Action action,
      String wanted,
      String found,
      String detail,
      List<ObjectRef> objects,
      List<String> releases,
      String createdNamespace) {
    /**
     * Copies the lists; {@code null} becomes empty.
     *
     * @param tool the tool's id, e.g. {@code istio}
     * @param action what was done
     * @param wanted the version asked for
     * @param found the version found before, or {@code null} when absent or unreadable
     * @param detail a sentence for people
     * @param objects objects applied from manifests (when installed)
     * @param releases Helm releases installed, {@code <namespace>/<release>} (when installed)
     * @param createdNamespace the namespace this call created for the releases, or {@code null}
     */
    public Entry {
      objects = objects == null ? List.of() : List.copyOf(objects);
      releases = releases == null ? List.of() : List.copyOf(releases);
    }
  }

  /** The entry of a tool, or {@code null}. */
  public Entry entry(Tool tool) {
    return entries.stream().filter(e -> e.tool().equals(tool.id())).findFirst().orElse(null);
  }

  /** Whether this call installed or upgraded anything. */
  public boolean changedAnything() {
    return entries.stream()
        .anyMatch(e -> e.action() == Action.INSTALLED || e.action() == Action.UPGRADED);
  }

  /** The report as an aligned text table. */
  public String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"tool", "action", "wanted", "found", "detail"});
    for (Entry e : entries) {
      rows.add(
          new String[] {
            e.tool(),
            e.action().name().toLowerCase().replace('_', ' '),
            e.wanted(),
            e.found() == null ? "-" : e.found(),
            e.detail()
          });
    }
    return Tables.format(rows);
  }
}
