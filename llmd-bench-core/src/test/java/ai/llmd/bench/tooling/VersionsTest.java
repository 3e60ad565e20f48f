package ai.llmd.bench.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionsTest {

  @Test
  void ordersReleasesWithOrWithoutVAndPreReleasesFirst() {
    assertThat(Versions.compare("v1.5.1", "1.4.0")).isPositive();
    assertThat(Versions.compare("v1.10.0", "v1.9.9")).isPositive();
    assertThat(Versions.compare("0.10.0", "v0.10.0")).isZero();
    assertThat(Versions.compare("v1.0.0-rc.1", "v1.0.0")).isNegative();
    assertThat(Versions.isVersion("latest")).isFalse();
    assertThatThrownBy(() -> Versions.compare("devel", "v1.0.0"))
        .hasMessageContaining("not a version: 'devel'");
  }

  @Test
  void helmKubeVersionConstraints() {
    assertThat(Versions.satisfies("v1.30.2", ">= 1.28.0-0")).isTrue();
    assertThat(Versions.satisfies("v1.27.9", ">= 1.28.0-0")).isFalse();
    assertThat(Versions.satisfies("v1.30.2-gke.1079000", ">= 1.28.0-0")).isTrue();
    assertThat(Versions.satisfies("v1.30.0", ">=1.25.0, <1.30.0")).isFalse();
    assertThat(Versions.satisfies("v1.29.4", ">=1.25.0 <1.30.0")).isTrue();
    assertThat(Versions.satisfies("v1.29.4", "<1.20.0 || >=1.29.0")).isTrue();
    assertThat(Versions.satisfies("v1.29.4", "~1.29")).isTrue();
    assertThat(Versions.satisfies("v1.30.0", "~1.29")).isFalse();
    assertThat(Versions.satisfies("v1.33.0", "^1.20")).isTrue();
    assertThat(Versions.satisfies("v1.28.3", "1.28.x")).isTrue();
    assertThatThrownBy(() -> Versions.satisfies("v1.30.0", ">= banana"))
        .hasMessageContaining("cannot read version constraint");
  }
}
