package ai.llmd.bench.junit;

import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.stack.DeployedStack;
import java.net.URI;
import java.util.Optional;

/** A {@link BenchTarget} backed by an in-process simulator. */
record SimulatorTarget(Simulator sim) implements LlmdBenchExtension.Running {

  static SimulatorTarget start(Simulator.Builder builder) {
    return new SimulatorTarget(builder.start());
  }

  @Override
  public Kind kind() {
    return Kind.SIMULATOR;
  }

  @Override
  public URI endpoint() {
    return sim.endpoint();
  }

  @Override
  public String model() {
    return sim.model();
  }

  @Override
  public Optional<Simulator> simulator() {
    return Optional.of(sim);
  }

  @Override
  public Optional<DeployedStack> stack() {
    return Optional.empty();
  }

  @Override
  public void close(boolean failed, boolean preserve) {
    sim.close();
  }

  @Override
  public String toString() {
    return "simulator " + sim.model() + " at " + sim.endpoint();
  }
}
