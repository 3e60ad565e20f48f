package ai.llmd.bench.report.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Scenario;
import ai.llmd.bench.report.Units;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {
  @TempDir Path dir;

  /** Three rates; the "seconds" series is written in s as inference-perf does. */
  static HtmlReport twoSeries() {
    List<BenchmarkReport> seconds =
        List.of(
            TestReports.point(0, 10, 100, 0, 0, 50, Units.S),
            TestReports.point(1, 20, 100, 5, 0, 100, Units.S),
            TestReports.point(2, 40, 100, 0, 0, 200, Units.S));
    List<BenchmarkReport> millis =
        List.of(
            TestReports.point(0, 10, 100, 0, 0, 40, Units.MS),
            TestReports.point(1, 20, 100, 0, 0, 80, Units.MS),
            bottlenecked(TestReports.point(2, 40, 100, 0, 0, 160, Units.MS)));
    return HtmlReport.builder()
        .title("Sweep <one>")
        .series("seconds", seconds)
        .series("millis", millis)
        .build();
  }

  static BenchmarkReport bottlenecked(BenchmarkReport r) {
    Scenario.Load l = r.scenario().load();
    return r.withScenario(
        new Scenario(
            null,
            new Scenario.Load(
                new Scenario.LoadMetadata(
                    null, null, "client bottleneck: achieved 31.2 of 40 req/s"),
                l.standardized(),
                null)));
  }

  @Test
  void drawsEveryLatencyAgainstBothThroughputsWithOnePointPerLoadPointAndPercentile() {
    HtmlReport page = twoSeries();
    // TTFT, TPOT, ITL, E2E x (request rate, output token rate); 2 series x p50/p99 x 3 points.
    assertThat(page.chartPoints())
        .hasSize(8)
        .containsEntry("ttft-vs-request-rate.svg", 12)
        .containsEntry("e2e-vs-output-token-rate.svg", 12);
    String html = page.html();
    assertThat(count(html, "<svg ")).isEqualTo(8);
    assertThat(count(html, "class=\"point\"")).isEqualTo(96);
  }

  @Test
  void valuesAreShownInMillisecondsWhateverTheReportUnit() {
    String html = twoSeries().html();
    // seconds series, 20 req/s: TTFT p99 is 0.099 s in the report
    assertThat(html).contains("seconds, 20 req/s: TTFT p99 99 ms at 19.6 queries/s");
    assertThat(html).contains("millis, 20 req/s: TTFT p99 79.2 ms at 19.6 queries/s");
    // table: TTFT p50 / p99, TPOT in ms/token (s/token in the report)
    assertThat(html).contains("<td>25 / 49.5</td>");
    assertThat(html).contains("<td>5 / 9.9</td>");
  }

  @Test
  void warnsAboutFailedRequestsAndClientBottlenecks() {
    String html = twoSeries().html();
    assertThat(html)
        .contains("<li>seconds, 20 req/s: 5 of 100 requests failed</li>")
        .contains("<li>millis, 40 req/s: client bottleneck: achieved 31.2 of 40 req/s</li>");
    assertThat(count(html, "<tr class=\"flagged\">")).isEqualTo(2);
  }

  @Test
  void isSelfContainedAndEscapesWhatItShows() {
    String html = twoSeries().html();
    assertThat(html).contains("<title>Sweep &lt;one&gt;</title>");
    assertThat(Pattern.compile("(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find())
        .as("no external resource")
        .isFalse();
    assertThat(html).doesNotContain("@import").doesNotContain("url(");
  }

  @Test
  void writesThePageAndEachChartAsAWellFormedSvgFile() throws Exception {
    Path page = twoSeries().write(dir);
    assertThat(page).isEqualTo(dir.resolve("index.html")).exists();
    Path svg = dir.resolve("charts/ttft-vs-request-rate.svg");
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    NodeList circles = doc.getElementsByTagName("circle");
    assertThat(circles.getLength()).isEqualTo(12);
    double firstY = Double.parseDouble(((Element) circles.item(0)).getAttribute("cy"));
    assertThat(firstY).isBetween(34.0, 334.0);
    try (var files = Files.list(dir.resolve("charts"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .hasSize(8)
          .allMatch(n -> n.endsWith(".svg"));
    }
    assertThat(Files.readString(page, StandardCharsets.UTF_8)).contains("<h2>millis</h2>");
  }

  @Test
  void includesAComparisonWithItsVerdicts() {
    List<BenchmarkReport> base = List.of(TestReports.point(0, 20, 50_000, 0, 0, 100, Units.MS));
    List<BenchmarkReport> cand = List.of(TestReports.point(0, 20, 50_000, 0, 0, 130, Units.MS));
    String html =
        HtmlReport.builder()
            .series("baseline", base)
            .series("candidate", cand)
            .comparison(Comparison.of(base, cand))
            .build()
            .html();
    assertThat(html).contains("<h2>Comparison with the baseline</h2>");
    assertThat(html).containsPattern("<tr class=\"regression\"><td>20 req/s</td><td>TTFT p99</td>");
  }

  @Test
  void readsASeriesFromADirectoryOfReports() throws Exception {
    Path reports = dir.resolve("reports");
    Files.createDirectories(reports);
    Files.copy(
        Path.of("src/test/resources/reports/br_v0_2_1_example.yaml"),
        reports.resolve("br_v0_2_1_example.yaml"));
    HtmlReport page = HtmlReport.builder().series("example", reports).build();
    assertThat(page.toString()).isEqualTo("HtmlReport[llmd-bench report: 1 series, 1 load points]");
  }

  @Test
  void badInputIsRefusedWithTheReason() {
    assertThatThrownBy(() -> HtmlReport.builder().build())
        .hasMessageContaining("at least one series");
    BenchmarkReport r = TestReports.point(0, 1, 1, 0, 0, 1, Units.MS);
    assertThatThrownBy(() -> HtmlReport.builder().series("a", List.of(r)).series("a", List.of(r)))
        .hasMessageContaining("series 'a' is added twice");
    assertThatThrownBy(() -> HtmlReport.builder().series("empty", dir))
        .hasMessageContaining("series 'empty': no .yaml or .json report in " + dir);
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
