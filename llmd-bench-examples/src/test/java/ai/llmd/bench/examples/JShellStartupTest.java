package ai.llmd.bench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * Runs the JShell startup script and then the session of docs/jshell.md in a real JShell (its own
 * JVM, with this module's test class path), as the documented command does.
 */
class JShellStartupTest {
  static final Path STARTUP = Path.of("src/main/jshell/llmd-bench.jsh");
  static final Path PAGE = Path.of("../docs/jshell.md");

  @Test
  void theStartupScriptAndTheDocumentedSessionRun() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    List<String> values = new ArrayList<>();
    try (JShell shell = JShell.builder().out(out).err(out).build()) {
      shell.addToClasspath(System.getProperty("java.class.path"));
      for (String snippet : snippets(shell, Files.readString(STARTUP))) {
        eval(shell, snippet);
      }
      for (String line : session()) {
        // as the tool does: complete the line (a missing semicolon) before evaluating it
        values.add(eval(shell, shell.sourceCodeAnalysis().analyzeCompletion(line).source()));
      }
      eval(shell, "sim.close()");
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("llmd-bench ready");
    assertThat(values).hasSize(5);
    assertThat(values.get(0)).startsWith("Simulator[");
    assertThat(values.get(3))
        .startsWith("BenchmarkReport[")
        .contains("(loadgen stage 0, 5 queries/s), requests 10 (0 failed), TTFT p50/p99 ");
    assertThat(values.get(4)).matches("Optional\\[PT[0-9.]+S\\]");
  }

  /** The lines of the first java block after the jshell-session marker. */
  static List<String> session() throws Exception {
    String page = Files.readString(PAGE);
    int marker = page.indexOf("<!-- jshell-session");
    int start = page.indexOf("```java\n", marker) + "```java\n".length();
    int end = page.indexOf("```", start);
    return page.substring(start, end).lines().filter(l -> !l.isBlank()).toList();
  }

  /** Splits a script into complete snippets, as JShell does with a startup file. */
  static List<String> snippets(JShell shell, String script) {
    List<String> result = new ArrayList<>();
    String rest = script;
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    while (!rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
      if (info.source() == null || info.source().isBlank()) {
        break;
      }
      result.add(info.source());
      rest = info.remaining();
    }
    return result;
  }

  /** Evaluates one snippet; fails on a compile error or an exception. Returns its value. */
  static String eval(JShell shell, String source) {
    List<SnippetEvent> events = shell.eval(source);
    String value = null;
    for (SnippetEvent e : events) {
      if (e.status() == Snippet.Status.REJECTED) {
        throw new AssertionError(
            "rejected: "
                + source
                + "\n"
                + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
      }
      if (e.exception() != null) {
        throw new AssertionError("threw: " + source, e.exception());
      }
      if (e.value() != null) {
        value = e.value();
      }
    }
    return value;
  }
}
