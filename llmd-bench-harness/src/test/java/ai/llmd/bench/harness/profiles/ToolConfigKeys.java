package ai.llmd.bench.harness.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documented configuration keys of a tool, from {@code config-keys/<harness>.txt} in the test
 * resources (format in {@code config-keys/README.md}).
 */
record ToolConfigKeys(String harness, Set<String> keys, Set<String> options) {

  static ToolConfigKeys of(String harness) {
    try (InputStream in =
        ToolConfigKeys.class.getResourceAsStream("/config-keys/" + harness + ".txt")) {
      if (in == null) {
        throw new IllegalStateException("no config-keys/" + harness + ".txt in the test resources");
      }
      Set<String> keys = new LinkedHashSet<>();
      Set<String> options = new LinkedHashSet<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String entry = line.replaceAll("#.*", "").strip();
        if (entry.startsWith("cli:")) {
          options.add(entry.substring(4).strip());
        } else if (!entry.isEmpty()) {
          keys.add(entry);
        }
      }
      return new ToolConfigKeys(harness, keys, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The paths of a document that are not in the list, e.g. {@code load.intervall}. */
  List<String> unknown(Map<String, Object> document) {
    Set<String> paths = new LinkedHashSet<>();
    collect(document, "", paths);
    List<String> unknown = new ArrayList<>();
    for (String p : paths) {
      if (!allowed(p)) {
        unknown.add(p);
      }
    }
    return unknown;
  }

  /** The command-line options ({@code --x} or {@code --x=v}) that are not in the list. */
  List<String> unknownOptions(List<String> command) {
    return command.stream()
        .filter(a -> a.startsWith("--"))
        .map(a -> a.split("=", 2)[0])
        .filter(o -> !options.contains(o) && !keys.contains(o.substring(2)))
        .toList();
  }

  private boolean allowed(String path) {
    if (keys.contains(path)) {
      return true;
    }
    for (String k : keys) {
      String under = k.substring(0, k.length() - 2);
      if (k.endsWith(".*") && (path.startsWith(under + ".") || path.startsWith(under + "@"))) {
        return true;
      }
    }
    return false;
  }

  /** Every key path: a.b for map keys, a[] for list elements, a@kind.b under a map with a kind. */
  private static void collect(Object node, String path, Set<String> out) {
    if (node instanceof Map<?, ?> map) {
      String base =
          map.get("kind") instanceof String kind && !path.isEmpty() ? path + "@" + kind : path;
      map.forEach(
          (k, v) -> {
            String p = base.isEmpty() ? String.valueOf(k) : base + "." + k;
            out.add(p);
            collect(v, p, out);
          });
    } else if (node instanceof List<?> list) {
      for (Object element : list) {
        out.add(path + "[]");
        collect(element, path + "[]", out);
      }
    }
  }
}
