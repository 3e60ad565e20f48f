package ai.llmd.bench.testkit;

import ai.llmd.bench.report.Reports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Reads YAML with PyYAML ({@code yaml.safe_load}, YAML 1.1), as llm-d-benchmark's analysis tools
 * do, when {@code python3} with the {@code yaml} module is installed (Debian: python3-yaml). A
 * timestamp becomes {@code {"!timestamp": "..."}}, so it cannot pass for a string.
 */
public final class PyYaml {
  private static final String SCRIPT =
      "import sys, json, datetime, yaml\n"
          + "def v(o):\n"
          + "    if isinstance(o, dict): return {str(k) if isinstance(k, str) else '!' + type(k).__name__ + ':' + str(k): v(x) for k, x in o.items()}\n"
          + "    if isinstance(o, list): return [v(x) for x in o]\n"
          + "    if isinstance(o, (datetime.date, datetime.datetime)): return {'!timestamp': o.isoformat()}\n"
          + "    if isinstance(o, float) and o != o: return {'!nan': True}\n"
          + "    if isinstance(o, float) and o in (float('inf'), float('-inf')): return {'!float': str(o)}\n"
          + "    return o\n"
          + "print(json.dumps(v(yaml.safe_load(open(sys.argv[1], encoding='utf-8')))))\n";
  private static Boolean available;

  private static String python = "python3";

  private PyYaml() {}

  /**
   * Whether a python3 with PyYAML can be run: the one on the PATH, or Debian's {@code
   * /usr/bin/python3} (where the python3-yaml package installs, also when a pyenv python3 comes
   * first on the PATH).
   */
  public static synchronized boolean available() {
    if (available == null) {
      available = false;
      for (String candidate : new String[] {"python3", "/usr/bin/python3"}) {
        try {
          Process p =
              new ProcessBuilder(candidate, "-c", "import yaml").redirectErrorStream(true).start();
          p.getInputStream().readAllBytes();
          if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
            python = candidate;
            available = true;
            break;
          }
        } catch (IOException e) {
          // not installed: try the next one
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return available;
  }

  /**
   * The document as PyYAML reads it, as a JSON tree; infinities appear as {@code {"!float":
   * "inf"}}.
   */
  public static JsonNode read(Path file) {
    try {
      Process p =
          new ProcessBuilder(python, "-c", SCRIPT, file.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("PyYAML could not read " + file + ": " + out);
      }
      return Reports.jsonMapper().readTree(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run python3", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
