package ai.llmd.bench.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the static, no-argument method of an {@link LlmdBench} test class that returns the {@link
 * ai.llmd.bench.harness.sim.Simulator.Builder} to start when the target is the simulator (default:
 * {@code Simulator.builder()} with its defaults).
 *
 * <pre>{@code
 * @SimulatorDefinition
 * static Simulator.Builder simulator() {
 *   return Simulator.builder().timeToFirstToken(Duration.ofMillis(25)).maxConcurrency(32);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SimulatorDefinition {}
