package ai.llmd.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatisticsTest {
  @Test
  void percentilesInterpolateLinearlyAsNumpyDoes() {
    // numpy.percentile([1, 2, 3, 4, 10], [25, 50, 90, 99.9]) = [2.0, 3.0, 7.6, 9.976]
    Statistics s = Statistics.of(new double[] {10, 2, 1, 4, 3}, Units.S);
    assertThat(s.p25()).isEqualTo(2.0);
    assertThat(s.p50()).isEqualTo(3.0);
    assertThat(s.p90()).isCloseTo(7.6, within(1e-12));
    assertThat(s.p99p9()).isCloseTo(9.976, within(1e-12));
    assertThat(s.mean()).isEqualTo(4.0);
    assertThat(s.stddev())
        .isCloseTo(Math.sqrt(10.0), within(1e-12)); // population std (numpy default)
    assertThat(s.min()).isEqualTo(1.0);
    assertThat(s.max()).isEqualTo(10.0);
    assertThat(s.units()).isEqualTo(Units.S);
  }

  @Test
  void noSamplesGiveNoBlock() {
    assertThat(Statistics.of(new double[0], Units.S)).isNull();
  }
}
