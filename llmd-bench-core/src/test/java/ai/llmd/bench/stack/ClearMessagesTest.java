package ai.llmd.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.report.ReportException;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.tooling.ManifestSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClearMessagesTest {
  @Test
  void aBadNamespaceIsCalledANamespace() {
    assertThatThrownBy(() -> Stack.builder().namespace("My_NS"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("namespace 'My_NS' is not a DNS label")
        .hasMessageNotContaining("model label");
    assertThatThrownBy(() -> RouteSpec.shared("Shared_Route"))
        .hasMessageStartingWith("route name 'Shared_Route' is not a DNS label");
    assertThatThrownBy(() -> ModelLabel.of("Bad_Label"))
        .hasMessageStartingWith("model label 'Bad_Label' is not a DNS label");
  }

  @Test
  void routeTimeoutsAreDurationsWrittenAsGatewayApiDurations() {
    RouteSpec route = RouteSpec.perStack().withRequestTimeout(Duration.ofSeconds(330));
    assertThat(route.requestTimeout()).isEqualTo(Duration.ofSeconds(330));
    assertThat(route.gatewayRequestTimeout()).isEqualTo("5m30s");
    assertThat(
            RouteSpec.perStack()
                .withRequestTimeout(Duration.ofMillis(1500))
                .gatewayRequestTimeout())
        .isEqualTo("1s500ms");
    assertThat(RouteSpec.perStack().withRequestTimeout(Duration.ofHours(2)).gatewayRequestTimeout())
        .isEqualTo("2h");
    assertThat(RouteSpec.perStack().withRequestTimeout(Duration.ZERO).gatewayRequestTimeout())
        .isEqualTo("0s");
    assertThat(RouteSpec.perStack().gatewayRequestTimeout()).isEqualTo("5m");
    assertThat(
            RouteSpec.perStack()
                .withBackendRequestTimeout(Duration.ofSeconds(30))
                .gatewayBackendRequestTimeout())
        .isEqualTo("30s");
    assertThatThrownBy(() -> RouteSpec.perStack().withRequestTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("requestTimeout must not be negative");
    assertThatThrownBy(() -> RouteSpec.perStack().withRequestTimeout(Duration.ofNanos(1500)))
        .hasMessageContaining("fraction of a millisecond");
    assertThatThrownBy(() -> new RouteSpec(null, Duration.ofSeconds(1), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("backendRequestTimeout");
  }

  @Test
  void readingAMissingReportSaysSo(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> Reports.read(missing))
        .isInstanceOf(ReportException.class)
        .hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> Reports.read(dir))
        .hasMessageContaining("is a directory, not a report file")
        .hasMessageNotContaining("YAML");
  }

  @Test
  void chartRepositoriesAndManifestUrlsAreUrisAndStringsParseIntoThem() {
    ChartRef fromUri = ChartRef.repo(URI.create("https://charts.example.com/llm-d/"), "ms");
    assertThat(fromUri).isEqualTo(ChartRef.repo("https://charts.example.com/llm-d/", "ms"));
    assertThat(fromUri.repository()).isEqualTo("https://charts.example.com/llm-d/");
    assertThat(fromUri.withVersion("v1").version()).isEqualTo("v1");
    assertThat(fromUri.version()).isNull();
    assertThatThrownBy(() -> ChartRef.repo("oci://registry.example.com/charts", "ms"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a chart repository URL must be http(s) or file, was oci://registry.example.com/charts");
    assertThatThrownBy(() -> ChartRef.repo("not a url", "ms"))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(ManifestSource.url(URI.create("https://example.com/crds.yaml")))
        .isEqualTo(ManifestSource.url("https://example.com/crds.yaml"))
        .isEqualTo(new ManifestSource("url", "https://example.com/crds.yaml"));
    assertThatThrownBy(() -> ManifestSource.url(URI.create("ftp://example.com/crds.yaml")))
        .hasMessage("a manifest URL must be http(s) or file, was ftp://example.com/crds.yaml");
  }
}
