package ai.llmd.bench.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The endpoint picker configurations the library ships ({@code EndpointPickerConfig} files named as
 * the llm-d-benchmark presets), and the check that a configuration only references plugins it
 * declares.
 */
final class EppPresets {
  /** Preset file names shipped as resources. */
  static final List<String> NAMES =
      List.of(
          "inf-sche-none.yaml",
          "inf-sche-prefix.yaml",
          "inf-sche-kv.yaml",
          "inf-sche-queue.yaml",
          "inf-sche-prefix-kv.yaml",
          "inf-sche-prefix-kv-queue.yaml",
          "pd-config.yaml");

  /** The file the inferencepool chart's ConfigMap always holds. */
  static final String CHART_DEFAULT = "default-plugins.yaml";

  private EppPresets() {}

  /** A preset's file name: the name as given, with {@code .yaml} added when missing. */
  static String fileName(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml") ? name : name + ".yaml";
  }

  /** The content of a shipped preset, or {@code null}. */
  static String content(String fileName) {
    if (!NAMES.contains(fileName)) {
      return null;
    }
    try (InputStream in = EppPresets.class.getResourceAsStream("epp-presets/" + fileName)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read EPP preset " + fileName, e);
    }
  }

  /**
   * Checks an EndpointPickerConfig: a map with {@code plugins} and {@code schedulingProfiles} whose
   * every {@code pluginRef} names a declared plugin (by {@code name}, else {@code type}).
   *
   * @throws IllegalArgumentException naming the file and the reference
   */
  @SuppressWarnings("unchecked")
  static void validate(String fileName, String yaml) {
    Map<String, Object> config = Values.parse(yaml, "EPP configuration " + fileName);
    if (!"EndpointPickerConfig".equals(config.get("kind"))) {
      throw new IllegalArgumentException(
          "EPP configuration " + fileName + ": kind must be EndpointPickerConfig");
    }
    Set<String> declared = new HashSet<>();
    if (config.get("plugins") instanceof List<?> plugins) {
      for (Object p : plugins) {
        if (p instanceof Map<?, ?> m) {
          Object id = m.get("name") != null ? m.get("name") : m.get("type");
          if (id != null) {
            declared.add(id.toString());
          }
        }
      }
    }
    if (!(config.get("schedulingProfiles") instanceof List<?> profiles) || profiles.isEmpty()) {
      throw new IllegalArgumentException(
          "EPP configuration " + fileName + ": schedulingProfiles is missing");
    }
    for (int i = 0; i < profiles.size(); i++) {
      Object refs = ((Map<String, Object>) profiles.get(i)).get("plugins");
      if (!(refs instanceof List<?> list)) {
        continue;
      }
      for (int j = 0; j < list.size(); j++) {
        Object ref = ((Map<String, Object>) list.get(j)).get("pluginRef");
        if (ref == null || !declared.contains(ref.toString())) {
          throw new IllegalArgumentException(
              "EPP configuration "
                  + fileName
                  + ": schedulingProfiles["
                  + i
                  + "].plugins["
                  + j
                  + "].pluginRef '"
                  + ref
                  + "' is not among the declared plugins "
                  + declared);
        }
      }
    }
  }
}
