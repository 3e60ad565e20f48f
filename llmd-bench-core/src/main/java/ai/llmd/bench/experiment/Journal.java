package ai.llmd.bench.experiment;

import ai.llmd.bench.report.Reports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;

/**
 * The experiment's journal, {@code journal.jsonl}: one JSON object per line, appended and forced to
 * disk before the work it records is considered done. A line cut short by a kill is ignored.
 */
final class Journal {
  /** A stack this experiment deployed and has not removed yet. */
  record Deployed(String stack, String setup, String namespace, List<String> releases) {}

  private final Path file;
  private final Map<String, List<String>> done = new LinkedHashMap<>();
  private final Map<String, Deployed> deployed = new LinkedHashMap<>();

  private Journal(Path file) {
    this.file = file;
  }

  static Journal open(Path file) {
    Journal j = new Journal(file);
    if (Files.exists(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          Map<String, Object> e;
          try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = Reports.jsonMapper().readValue(line, Map.class);
            e = parsed;
          } catch (JacksonException cut) {
            continue; // the last line of a killed run may be incomplete
          }
          j.replay(e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the journal " + file, e);
      }
    }
    return j;
  }

  @SuppressWarnings("unchecked")
  private void replay(Map<String, Object> e) {
    String stack = (String) e.get("stack");
    switch (String.valueOf(e.get("event"))) {
      case "done" -> done.put((String) e.get("key"), (List<String>) e.get("reports"));
      case "deployed" ->
          deployed.put(
              stack,
              new Deployed(
                  stack,
                  (String) e.get("setup"),
                  (String) e.get("namespace"),
                  (List<String>) e.get("releases")));
      case "removed" -> deployed.remove(stack);
      default -> {}
    }
  }

  boolean isDone(String key) {
    return done.containsKey(key);
  }

  /** Report files of a finished load point, relative to the experiment directory. */
  List<String> reports(String key) {
    return done.get(key);
  }

  /** Stacks deployed by an earlier run and never removed (it was killed). */
  List<Deployed> leftovers() {
    return new ArrayList<>(deployed.values());
  }

  synchronized void done(String key, List<String> reports) {
    append(Map.of("event", "done", "key", key, "reports", reports));
    done.put(key, reports);
  }

  synchronized void failed(String key, String error) {
    append(Map.of("event", "failed", "key", key, "error", error == null ? "" : error));
  }

  synchronized void deployed(String stack, String setup, String namespace, List<String> releases) {
    append(
        Map.of(
            "event",
            "deployed",
            "stack",
            stack,
            "setup",
            setup,
            "namespace",
            namespace,
            "releases",
            releases));
    deployed.put(stack, new Deployed(stack, setup, namespace, releases));
  }

  synchronized void removed(String stack) {
    append(Map.of("event", "removed", "stack", stack));
    deployed.remove(stack);
  }

  private void append(Map<String, Object> event) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("time", java.time.Instant.now().toString());
    e.putAll(event);
    byte[] line =
        (Reports.jsonMapper()
                    .writer()
                    .without(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(e)
                + "\n")
            .getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(line));
      ch.force(true);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the journal " + file, ex);
    }
  }
}
