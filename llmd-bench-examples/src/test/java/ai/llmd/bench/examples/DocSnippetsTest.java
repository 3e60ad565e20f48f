package ai.llmd.bench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every java block of the docs that is marked {@code <!-- snippet: <file>#<tag> -->} is exactly the
 * region between {@code // tag::<tag>[]} and {@code // end::<tag>[]} of that source file, which the
 * build compiles (and, for tests, runs).
 */
class DocSnippetsTest {
  static final Path ROOT = Path.of("..");
  static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void markedSnippetsAreTheCompiledExampleCode() throws IOException {
    List<String> checked = new ArrayList<>();
    try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        Matcher m = SNIPPET.matcher(Files.readString(page));
        while (m.find()) {
          String expected = region(ROOT.resolve(m.group(1)), m.group(2));
          assertThat(m.group(3).stripTrailing())
              .as("%s: snippet %s#%s", page.getFileName(), m.group(1), m.group(2))
              .isEqualTo(expected);
          checked.add(page.getFileName() + ":" + m.group(2));
        }
      }
    }
    assertThat(checked).contains("junit.md:imports", "junit.md:test", "junit.md:run");
  }

  /** The tagged region of a source file, with its common indentation removed. */
  static String region(Path file, String tag) throws IOException {
    String source = Files.readString(file);
    String start = "// tag::" + tag + "[]\n";
    String end = "// end::" + tag + "[]";
    int from = source.indexOf(start);
    int to = source.indexOf(end, from);
    assertThat(from).as("%s has tag %s", file, tag).isNotNegative();
    String body = source.substring(from + start.length(), source.lastIndexOf('\n', to) + 1);
    return body.stripTrailing().stripIndent();
  }
}
