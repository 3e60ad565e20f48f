package ai.llmd.bench.harness;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a harness's tool as a local process, for benchmarking from a workstation (through a
 * port-forward). The rendered profile is written to {@code <results>/profile.yaml}, the tool's
 * output to {@code <results>/logs/}, and its results to {@code <results>/raw/}. The tool runs with
 * the results directory as its working directory and gets every path (its executable, the profile,
 * the results directory) as an absolute path, so a relative results directory works. Each line the
 * tool prints is reported as a {@link BenchEvent.Type#WORKLOAD_OUTPUT} event (its {@link
 * BenchEvent.Output#source() source} is the harness id), with secrets scrubbed.
 *
 * <pre>{@code
 * Executor local = Executor.local()
 *     .resultsDirectory(Path.of("results/run-1"))
 *     .withEvents(e -> System.out.println(e.output().line()));
 * }</pre>
 *
 * @param resultsDirectory where the run writes (a temporary directory when {@code null})
 * @param searchPath directories searched for the tool before the {@code PATH} (empty: only the
 *     {@code PATH})
 * @param listener receives the tool's output lines as events ({@code null}: none)
 * @param context the context of those events ({@code null}: {@link BenchEvent.Context#NONE})
 */
public record LocalExecutor(
    Path resultsDirectory,
    List<Path> searchPath,
    EventListener listener,
    BenchEvent.Context context)
    implements Executor {

  /**
   * Copies the search path; {@code null}s become empty, no listener and no context.
   *
   * @param resultsDirectory where the run writes (a temporary directory when {@code null})
   * @param searchPath directories searched for the tool before the {@code PATH} (empty: only the
   *     {@code PATH})
   * @param listener receives the tool's output lines as events ({@code null}: none)
   * @param context the context of those events ({@code null}: {@link BenchEvent.Context#NONE})
   */
  public LocalExecutor {
    searchPath = List.copyOf(searchPath == null ? List.of() : searchPath);
    listener = listener == null ? EventListener.NOOP : listener;
    context = context == null ? BenchEvent.Context.NONE : context;
  }

  /** A copy writing into {@code dir} (see {@link Executor#withResultsDirectory}). */
  @Override
  public LocalExecutor withResultsDirectory(Path dir) {
    return new LocalExecutor(dir, searchPath, listener, context);
  }

  /** A copy that looks for the tool in {@code dirs} before the {@code PATH}. */
  public LocalExecutor withSearchPath(List<Path> dirs) {
    return new LocalExecutor(resultsDirectory, dirs, listener, context);
  }

  /** A copy reporting the tool's output lines to {@code newListener}, in this context. */
  @Override
  public LocalExecutor withEvents(EventListener newListener) {
    return withEvents(newListener, context);
  }

  /** A copy reporting the tool's output lines to {@code newListener}, in {@code newContext}. */
  @Override
  public LocalExecutor withEvents(EventListener newListener, BenchEvent.Context newContext) {
    return new LocalExecutor(
        resultsDirectory, searchPath, Objects.requireNonNull(newListener, "listener"), newContext);
  }

  @Override
  public HarnessRun start(Harness harness, WorkloadProfile.Rendered profile) {
    try {
      // the process runs in the results directory: every path it is given is absolute
      Path dir =
          (resultsDirectory != null
                  ? Files.createDirectories(resultsDirectory)
                  : Files.createTempDirectory("llmd-bench-" + harness.id()))
              .toAbsolutePath()
              .normalize();
      Path raw = Files.createDirectories(dir.resolve("raw"));
      Path logs = Files.createDirectories(dir.resolve("logs"));
      Path profileFile = dir.resolve("profile.yaml");
      WorkloadProfile.Rendered prepared = harness.withResults(profile, raw.toString());
      Files.writeString(profileFile, prepared.text());
      List<String> command =
          new ArrayList<>(harness.command(profileFile.toString(), prepared, raw.toString()));
      command.set(0, find(harness, command.get(0)).toString());
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
      builder.environment().putAll(harness.environment(prepared, raw.toAbsolutePath().toString()));
      Process process = builder.start();
      return new LocalRun(
          harness.id(), process, raw, logs.resolve(harness.id() + ".log"), listener, context);
    } catch (IOException e) {
      throw new HarnessException(
          harness.id(), null, resultsDirectory, "cannot start: " + e.getMessage(), null);
    }
  }

  private Path find(Harness harness, String tool) {
    List<Path> dirs = new ArrayList<>(searchPath);
    String path = System.getenv("PATH");
    if (path != null) {
      for (String p : path.split(java.io.File.pathSeparator)) {
        if (!p.isEmpty()) {
          dirs.add(Path.of(p));
        }
      }
    }
    for (Path d : dirs) {
      Path candidate = d.resolve(tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw new HarnessException(
        harness.id(),
        null,
        null,
        "'"
            + tool
            + "' is not on the PATH; install "
            + harness.id()
            + " locally, or run it on Kubernetes",
        null);
  }

  /** A local process and its output. */
  private static final class LocalRun implements HarnessRun {
    private final String harness;
    private final Process process;
    private final Path raw;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<Path> completion = new CompletableFuture<>();

    LocalRun(
        String harness,
        Process process,
        Path raw,
        Path logFile,
        EventListener listener,
        BenchEvent.Context context) {
      this.harness = harness;
      this.process = process;
      this.raw = raw;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8));
                    var log = Files.newBufferedWriter(logFile)) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    line = ai.llmd.bench.record.Redactor.scrub(line);
                    log.write(line);
                    log.newLine();
                    synchronized (tail) {
                      tail.addLast(line);
                      if (tail.size() > 30) {
                        tail.removeFirst();
                      }
                    }
                    EventListener.safely(
                        listener,
                        BenchEvent.output(BenchEvent.Type.WORKLOAD_OUTPUT, context, harness, line));
                  }
                } catch (IOException e) {
                  // the process ended or its output closed
                }
                int code;
                try {
                  code = process.waitFor();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                if (code == 0) {
                  completion.complete(raw);
                } else {
                  completion.completeExceptionally(
                      new HarnessException(harness, code, raw, "the tool failed", tail()));
                }
              },
              "llmd-bench-" + harness + "-output");
      reader.setDaemon(true);
      reader.start();
    }

    private String tail() {
      synchronized (tail) {
        return String.join("\n", tail);
      }
    }

    @Override
    public CompletableFuture<Path> completion() {
      return completion;
    }

    @Override
    public Path await(Duration timeout) {
      return HarnessRun.awaitCompletion(
          this, timeout, harness, raw, () -> "did not finish within " + timeout, this::tail);
    }

    @Override
    public void cancel() {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        cancel();
      }
    }
  }
}
