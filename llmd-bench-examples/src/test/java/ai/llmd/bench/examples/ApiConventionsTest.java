package ai.llmd.bench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.harness.KubernetesExecutor;
import ai.llmd.bench.harness.loadgen.LoadgenExecutor;
import ai.llmd.bench.model.ModelDownload;
import ai.llmd.bench.stack.ModelServiceSpec;
import ai.llmd.bench.stack.Overrides;
import ai.llmd.bench.stack.Stack;
import ai.llmd.bench.storage.local.LocalStore;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The naming rule of docs/conventions.md, checked on the public classes of core, harness and
 * storage: builders set with bare names, immutable values copy with {@code with...}; timeouts are
 * Durations and endpoints URIs.
 */
class ApiConventionsTest {

  /** Immutable classes that are not records. */
  static final Set<Class<?>> IMMUTABLE_CLASSES =
      Set.of(
          ModelServiceSpec.class,
          KubernetesExecutor.class,
          LoadgenExecutor.class,
          LocalStore.class,
          Overrides.class);

  /** Mutable configurators that are not called Builder. */
  static final Set<Class<?>> MUTABLE_CLASSES = Set.of(ModelDownload.class);

  /**
   * Methods of values that return the value but are not copies with one setting changed:
   * conversions and combinators (see docs/conventions.md).
   */
  static final Set<String> NOT_COPIES = Set.of("in", "and");

  @Test
  void valuesCopyWithWithAndBuildersSetWithBareNames() throws Exception {
    List<String> problems = new ArrayList<>();
    List<Class<?>> types = publicTypes();
    assertThat(types).hasSizeGreaterThan(100).contains(Stack.Builder.class);
    for (Class<?> type : types) {
      boolean value = type.isRecord() || IMMUTABLE_CLASSES.contains(type);
      boolean builder = type.getSimpleName().equals("Builder") || MUTABLE_CLASSES.contains(type);
      for (Method m : type.getDeclaredMethods()) {
        if (!Modifier.isPublic(m.getModifiers())
            || Modifier.isStatic(m.getModifiers())
            || m.isSynthetic()
            || m.getParameterCount() == 0
            || !type.isAssignableFrom(m.getReturnType())) {
          continue;
        }
        String name = type.getName() + "." + m.getName();
        if (value && !m.getName().startsWith("with") && !NOT_COPIES.contains(m.getName())) {
          problems.add(name + " returns a copy: name it with...");
        }
        if (builder && m.getName().startsWith("with")) {
          problems.add(name + " sets a builder value: use the bare name");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void timeoutsAreDurationsAndEndpointsUris() throws Exception {
    List<String> problems = new ArrayList<>();
    for (Class<?> type : publicTypes()) {
      for (Method m : type.getMethods()) {
        String n = m.getName().toLowerCase();
        if (!m.getDeclaringClass().getName().startsWith("ai.llmd.bench.")) {
          continue;
        }
        if (n.contains("timeout") && m.getParameterCount() == 1) {
          if (m.getParameterTypes()[0] != Duration.class) {
            problems.add(
                type.getName() + "." + m.getName() + " takes a timeout that is not a Duration");
          }
        }
        if ((n.endsWith("endpoint") || n.equals("url") || n.equals("repo"))
            && m.getParameterCount() >= 1
            && m.getParameterTypes()[0] == String.class) {
          Class<?>[] uriTypes = m.getParameterTypes().clone();
          uriTypes[0] = URI.class;
          try {
            type.getMethod(m.getName(), uriTypes);
          } catch (NoSuchMethodException e) {
            problems.add(type.getName() + "." + m.getName() + "(String) has no URI form");
          }
        }
      }
      if (type.isRecord()) {
        for (var c : type.getRecordComponents()) {
          String n = c.getName().toLowerCase();
          if (n.endsWith("timeout") && c.getType() != Duration.class) {
            problems.add(type.getName() + "." + c.getName() + " is a timeout but not a Duration");
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** The public top-level and nested types of the library's modules (not the examples). */
  static List<Class<?>> publicTypes() throws IOException, URISyntaxException {
    Set<String> names = new TreeSet<>();
    for (Class<?> anchor : List.of(Stack.class, LoadgenExecutor.class, LocalStore.class)) {
      Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        try (Stream<Path> files = Files.walk(location)) {
          files
              .map(p -> location.relativize(p).toString().replace('\\', '/'))
              .filter(p -> p.endsWith(".class"))
              .forEach(names::add);
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          jar.stream().map(e -> e.getName()).filter(p -> p.endsWith(".class")).forEach(names::add);
        }
      }
    }
    List<Class<?>> types = new ArrayList<>();
    for (String file : names) {
      String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
      if (!name.startsWith("ai.llmd.bench.") || name.endsWith("package-info")) {
        continue;
      }
      Class<?> c;
      try {
        c = Class.forName(name, false, ApiConventionsTest.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      if (!c.isAnonymousClass() && !c.isSynthetic() && isPublic(c)) {
        types.add(c);
      }
    }
    return types;
  }

  private static boolean isPublic(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }
}
