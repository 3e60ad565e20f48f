package ai.llmd.bench.junit;

import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.stack.DeployedStack;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit 5 extension behind {@link LlmdBench}: starts a {@link Simulator} or deploys a stack
 * (per class or per test), resolves {@link BenchTarget}, {@link Simulator} and {@link
 * DeployedStack} parameters, and stops or removes them afterwards.
 *
 * <p>Settings (system properties):
 *
 * <ul>
 *   <li>{@value #TARGET_PROPERTY}: {@code simulator} or {@code cluster}, overriding {@link
 *       LlmdBench#target()};
 *   <li>{@value #PRESERVE_PROPERTY}: {@code true} keeps the stack and its namespace when a test
 *       failed, for debugging (the log says where they are); by default everything is removed.
 * </ul>
 *
 * <p>A cluster target is skipped, not failed, when no cluster answers (the default kubeconfig, or
 * {@code KUBECONFIG}) or a CRD the stack needs (Gateway API, InferencePool) is missing. A test that
 * takes a {@link DeployedStack} parameter is skipped on the simulator.
 */
public class LlmdBenchExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  /** System property choosing the target: {@code simulator} or {@code cluster}. */
  public static final String TARGET_PROPERTY = "llmd.bench.target";

  /** System property: {@code true} keeps a failed test's stack for debugging. */
  public static final String PRESERVE_PROPERTY = "llmd.bench.preserveOnFailure";

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(LlmdBenchExtension.class);
  private static final String TARGET = "target";
  private static final String FAILED = "failed";

  /** A started target and how to stop it. */
  interface Running extends BenchTarget {
    /** Stops or removes the target; {@code failed} with preservation on keeps a stack. */
    void close(boolean failed, boolean preserve);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (settings(context).lifecycle() == LlmdBench.Lifecycle.PER_CLASS) {
      context.getStore(NS).put(TARGET, start(context));
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    BenchTarget.Kind kind = kind(context);
    Method test = context.getRequiredTestMethod();
    if (kind == BenchTarget.Kind.SIMULATOR
        && Arrays.stream(test.getParameterTypes()).anyMatch(DeployedStack.class::equals)) {
      throw new TestAbortedException(
          test.getName()
              + " needs a deployed stack; run with -D"
              + TARGET_PROPERTY
              + "=cluster against a cluster");
    }
    if (settings(context).lifecycle() == LlmdBench.Lifecycle.PER_TEST) {
      context.getStore(NS).put(TARGET, start(context));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    boolean failed = context.getExecutionException().isPresent();
    if (failed) {
      context.getParent().ifPresent(p -> p.getStore(NS).put(FAILED, true));
    }
    if (settings(context).lifecycle() == LlmdBench.Lifecycle.PER_TEST) {
      stop(context, failed);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (settings(context).lifecycle() == LlmdBench.Lifecycle.PER_CLASS) {
      boolean failed =
          context.getExecutionException().isPresent()
              || Boolean.TRUE.equals(context.getStore(NS).get(FAILED, Boolean.class));
      stop(context, failed);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == BenchTarget.class || type == Simulator.class || type == DeployedStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Running target = context.getStore(NS).get(TARGET, Running.class);
    Parameter p = parameter.getParameter();
    if (target == null) {
      throw new ParameterResolutionException(
          "no llmd-bench target is running for "
              + p
              + " (with lifecycle PER_TEST, @BeforeAll methods cannot take a BenchTarget)");
    }
    Class<?> type = p.getType();
    if (type == Simulator.class) {
      return target
          .simulator()
          .orElseThrow(
              () -> new ParameterResolutionException("the target is a cluster, not a simulator"));
    }
    if (type == DeployedStack.class) {
      return target
          .stack()
          .orElseThrow(() -> new ParameterResolutionException("the target is the simulator"));
    }
    return target;
  }

  private static Running start(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    return switch (kind(context)) {
      case SIMULATOR ->
          SimulatorTarget.start(
              definition(testClass, SimulatorDefinition.class, Simulator.Builder.class)
                  .orElseGet(Simulator::builder));
      case CLUSTER -> {
        Optional<ai.llmd.bench.stack.Stack.Builder> stack =
            definition(testClass, StackDefinition.class, ai.llmd.bench.stack.Stack.Builder.class);
        if (stack.isEmpty()) {
          throw new ExtensionConfigurationException(
              testClass.getName()
                  + " targets a cluster but has no static method annotated @StackDefinition"
                  + " returning Stack.Builder");
        }
        yield ClusterTarget.deploy(
            stack.get(), settings(context).ephemeralNamespace(), preserve(), testClass);
      }
    };
  }

  private static void stop(ExtensionContext context, boolean failed) {
    Running target = context.getStore(NS).remove(TARGET, Running.class);
    if (target != null) {
      target.close(failed, preserve());
    }
  }

  static boolean preserve() {
    return Boolean.getBoolean(PRESERVE_PROPERTY);
  }

  private static LlmdBench settings(ExtensionContext context) {
    Class<?> c = context.getRequiredTestClass();
    while (c != null) {
      LlmdBench a = c.getAnnotation(LlmdBench.class);
      if (a != null) {
        return a;
      }
      c = c.getEnclosingClass();
    }
    return Defaults.class.getAnnotation(LlmdBench.class);
  }

  static BenchTarget.Kind kind(ExtensionContext context) {
    String property = System.getProperty(TARGET_PROPERTY);
    if (property == null || property.isBlank()) {
      return settings(context).target();
    }
    try {
      return BenchTarget.Kind.valueOf(property.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          TARGET_PROPERTY + " must be simulator or cluster, was '" + property + "'");
    }
  }

  private static <T> Optional<T> definition(
      Class<?> testClass, Class<? extends java.lang.annotation.Annotation> marker, Class<T> type) {
    for (Class<?> c = testClass; c != null; c = c.getSuperclass()) {
      List<Method> found =
          Arrays.stream(c.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(marker)).toList();
      if (found.isEmpty()) {
        continue;
      }
      Method m = found.get(0);
      if (found.size() > 1
          || !Modifier.isStatic(m.getModifiers())
          || m.getParameterCount() != 0
          || !type.isAssignableFrom(m.getReturnType())) {
        throw new ExtensionConfigurationException(
            "@"
                + marker.getSimpleName()
                + " must be on one static no-argument method returning "
                + type.getCanonicalName()
                + " in "
                + c.getName()
                + ", found "
                + found);
      }
      try {
        m.setAccessible(true);
        return Optional.of(type.cast(m.invoke(null)));
      } catch (ReflectiveOperationException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        throw new ExtensionConfigurationException(
            c.getName() + "." + m.getName() + "() failed: " + cause, cause);
      }
    }
    return Optional.empty();
  }

  @LlmdBench
  private static final class Defaults {}
}
