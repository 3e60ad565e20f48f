package ai.llmd.bench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.experiment.Experiment;
import org.junit.jupiter.api.Test;

class ClusterExperimentTest {
  @Test
  void theClusterExampleIsAValidDefinition() {
    // when: built (planning it needs the charts from their repositories, so it is not run here)
    Experiment e = ClusterExperiment.experiment("bench", ClusterExperiment.SIM_IMAGE, "c1").build();

    // then
    assertThat(e.id()).isEqualTo("c1");
    assertThat(e.directory()).hasToString("results/c1");
  }
}
