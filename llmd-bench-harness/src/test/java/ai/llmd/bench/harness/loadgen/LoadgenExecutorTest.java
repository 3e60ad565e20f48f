package ai.llmd.bench.harness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.sim.Simulator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadgenExecutorTest {
  @TempDir Path dir;
  private final Harness loadgen = Harnesses.get("loadgen");

  @Test
  void readsTheProfileIntoALoad() {
    // given
    var rendered =
        loadgen
            .profile("rate_sweep")
            .withEndpoint(URI.create("http://127.0.0.1:9"))
            .withModel("m")
            .withValue("stages[0].rate", 30)
            .withValue("arrival", "poisson")
            .render();

    // when
    LoadSpec spec = LoadgenExecutor.toBuilder(rendered).build().spec();

    // then
    assertThat(spec.stages()).containsExactly(Stage.rate(30, Duration.ofSeconds(20)));
    assertThat(spec.arrival()).isEqualTo(LoadSpec.Arrival.POISSON);
    assertThat(spec.data())
        .isEqualTo(DataSpec.random(TokenLength.uniform(96, 160), TokenLength.fixed(32)));
    assertThat(spec.warmup()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void namesTheKeyThatIsWrong() {
    var base =
        loadgen.profile("rate_sweep").withEndpoint(URI.create("http://127.0.0.1:9")).withModel("m");
    assertThatThrownBy(() -> LoadgenExecutor.toBuilder(base.withValue("api", "grpc").render()))
        .hasMessageContaining("'api' must be completions or chat, was grpc");
    assertThatThrownBy(
            () -> LoadgenExecutor.toBuilder(base.withValue("stages[0].rate", -1).render()))
        .hasMessageContaining("stages[0]")
        .hasMessageContaining("rate");
    assertThatThrownBy(
            () ->
                LoadgenExecutor.toBuilder(
                    base.withValue("data.input.distribution", "zipf").render()))
        .hasMessageContaining("data.input.distribution");
  }

  @Test
  void runsInProcessWritingTheExecutorLayoutAndProgressEvents() throws Exception {
    List<BenchEvent> events = Collections.synchronizedList(new ArrayList<>());
    try (Simulator sim = Simulator.builder().start()) {
      var profile =
          loadgen
              .profile("rate_sweep")
              .withEndpoint(sim.endpoint())
              .withModel(sim.model())
              .withValue("warmup_s", 0)
              .withValue("stages[0].duration_s", 1.5)
              .withValue("stages[0].rate", 10);
      Path raw =
          loadgen
              .run(
                  profile,
                  new LoadgenExecutor()
                      .withResultsDirectory(dir)
                      .withEvents(events::add, new BenchEvent.Context("e", "s", "t")))
              .await(Duration.ofMinutes(1));
      assertThat(raw).isEqualTo(dir.resolve("raw"));
      assertThat(dir.resolve("profile.yaml")).exists();
      assertThat(Files.readString(dir.resolve("logs/loadgen.log"))).contains("sent 15");
      assertThat(loadgen.transformer().transform(raw)).hasSize(1);
      assertThat(events)
          .isNotEmpty()
          .allMatch(
              e ->
                  e.type() == BenchEvent.Type.WORKLOAD_PROGRESS
                      && "t".equals(e.context().treatment()));
    }
  }
}
