package ai.llmd.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.report.ReportException;
import ai.llmd.bench.report.Reports;
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
    assertThat(RouteSpec.perStack().requestTimeout(Duration.ofSeconds(330)).requestTimeout())
        .isEqualTo("5m30s");
    assertThat(RouteSpec.perStack().requestTimeout(Duration.ofMillis(1500)).requestTimeout())
        .isEqualTo("1s500ms");
    assertThat(RouteSpec.perStack().requestTimeout(Duration.ofHours(2)).requestTimeout())
        .isEqualTo("2h");
    assertThat(RouteSpec.perStack().requestTimeout(Duration.ZERO).requestTimeout()).isEqualTo("0s");
    assertThat(
            RouteSpec.perStack()
                .backendRequestTimeout(Duration.ofSeconds(30))
                .backendRequestTimeout())
        .isEqualTo("30s");
    assertThatThrownBy(() -> RouteSpec.perStack().requestTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("requestTimeout must not be negative");
    assertThatThrownBy(() -> RouteSpec.perStack().requestTimeout(Duration.ofNanos(1500)))
        .hasMessageContaining("fraction of a millisecond");
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
}
