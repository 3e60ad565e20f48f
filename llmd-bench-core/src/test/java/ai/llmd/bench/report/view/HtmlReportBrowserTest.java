package ai.llmd.bench.report.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the HTML report in headless Chromium (Debian's {@code chromium} package, which {@code
 * .ci/run} installs). Skipped, with a message, where no Chromium is installed. The screenshot is
 * kept at {@code target/html-report/screenshot.png}.
 */
class HtmlReportBrowserTest {
  private static Path chromium;
  @TempDir Path dir;

  @BeforeAll
  static void findChromium() {
    chromium =
        Stream.of(System.getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser")
            .filter(p -> p != null && !p.isBlank())
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
  }

  private static void requireChromium() {
    assumeTrue(
        chromium != null,
        "no Chromium found (CHROMIUM, /usr/bin/chromium): install Debian's chromium package"
            + " (.ci/run does) to render the HTML report in a browser");
  }

  /** What Chromium made of a page: the DOM after its scripts ran, and the console lines. */
  record Rendered(String dom, List<String> console) {}

  private Rendered render(Path page, Optional<Path> screenshot) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile"),
                "--enable-logging=stderr",
                "--v=0"));
    if (screenshot.isPresent()) {
      Files.createDirectories(screenshot.get().getParent());
      cmd.add("--window-size=1280,2600");
      cmd.add("--screenshot=" + screenshot.get().toAbsolutePath());
    } else {
      cmd.add("--dump-dom");
    }
    cmd.add(page.toUri().toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish rendering " + page + " in 90 s");
    }
    assertThat(p.exitValue()).as("chromium exit code; stderr: %s", read(err)).isZero();
    List<String> console =
        read(err).lines().filter(l -> l.contains(":CONSOLE")).map(String::trim).toList();
    return new Rendered(read(out), console);
  }

  private static String read(Path f) throws IOException {
    return Files.readString(f, StandardCharsets.UTF_8);
  }

  @Test
  void thePageDrawsEveryChartAndPointAndLogsNothing() throws Exception {
    requireChromium();
    HtmlReport report = HtmlReportTest.twoSeries();
    Path page = report.write(dir.resolve("html"));
    Rendered r = render(page, Optional.empty());

    int expectedPoints = report.chartPoints().values().stream().mapToInt(Integer::intValue).sum();
    assertThat(r.console()).as("console output of the page").isEmpty();
    // The page's own script counts what the browser parsed, after it ran without an error.
    assertThat(attribute(r.dom(), "data-charts")).isEqualTo("8");
    assertThat(attribute(r.dom(), "data-points")).isEqualTo(Integer.toString(expectedPoints));
    assertThat(HtmlReportTest.count(r.dom(), "<polyline")).isEqualTo(8 * 4);

    Path screenshot = Path.of("target/html-report/screenshot.png");
    render(page, Optional.of(screenshot));
    byte[] png = Files.readAllBytes(screenshot);
    assertThat(png.length).isGreaterThan(20_000);
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  @Test
  void aPageWithAScriptErrorIsCaughtByThisCheck() throws Exception {
    requireChromium();
    Path page = dir.resolve("broken.html");
    Files.writeString(
        page,
        "<html><body><script>document.body.setAttribute('data-charts','1');"
            + " undefinedFunction();</script></body></html>");
    Rendered r = render(page, Optional.empty());
    assertThat(r.console()).anyMatch(l -> l.contains("Uncaught ReferenceError"));
  }

  private static String attribute(String dom, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
    return m.find() ? m.group(1) : null;
  }
}
