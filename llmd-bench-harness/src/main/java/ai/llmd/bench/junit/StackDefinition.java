package ai.llmd.bench.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the static, no-argument method of an {@link LlmdBench} test class that returns the {@link
 * ai.llmd.bench.stack.Stack.Builder} to deploy when the target is a cluster. The extension sets the
 * namespace (when ephemeral) and the Kubernetes client before deploying.
 *
 * <pre>{@code
 * @StackDefinition
 * static Stack.Builder stack() {
 *   return Stack.builder().model(ModelServiceSpec.of("Qwen/Qwen3-0.6B"));
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StackDefinition {}
