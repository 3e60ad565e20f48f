package ai.llmd.bench.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 performance test class: the {@link LlmdBenchExtension} gives its tests a {@link
 * BenchTarget} to send load to, either the in-process simulator or an llm-d stack deployed on a
 * cluster.
 *
 * <pre>{@code
 * @LlmdBench
 * class LatencySloTest {
 *   @StackDefinition
 *   static Stack.Builder stack() {
 *     return Stack.builder().model(ModelServiceSpec.of("Qwen/Qwen3-0.6B"));
 *   }
 *
 *   @Test
 *   void p99TtftUnder200ms(BenchTarget target, @TempDir Path dir) {
 *     LoadgenResult run = LoadGenerator.builder().endpoint(target.endpoint()).model(target.model())
 *         .stage(Stage.rate(10, Duration.ofSeconds(30))).build().run(dir);
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Which target is used: the system property {@value LlmdBenchExtension#TARGET_PROPERTY} ({@code
 * simulator} or {@code cluster}) when set, else {@link #target()}. So the same class runs against
 * the simulator in every build and against a cluster with {@code -Dllmd.bench.target=cluster}. A
 * cluster run is skipped (not failed) when no cluster answers or a CRD the stack needs is missing.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(LlmdBenchExtension.class)
public @interface LlmdBench {

  /** The target when {@value LlmdBenchExtension#TARGET_PROPERTY} is not set. */
  BenchTarget.Kind target() default BenchTarget.Kind.SIMULATOR;

  /** Whether one simulator or stack serves the whole class (default) or each test gets its own. */
  Lifecycle lifecycle() default Lifecycle.PER_CLASS;

  /**
   * Deploy into a fresh namespace ({@code llmd-bench-<random>}) that is deleted afterwards (the
   * default), or into the namespace of the {@link StackDefinition} builder.
   */
  boolean ephemeralNamespace() default true;

  /** How long a target lives. */
  enum Lifecycle {
    /** Started before the first test of the class, stopped after the last. */
    PER_CLASS,
    /** Started before each test, stopped after it. */
    PER_TEST
  }
}
