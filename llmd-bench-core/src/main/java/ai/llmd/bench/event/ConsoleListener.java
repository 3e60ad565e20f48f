package ai.llmd.bench.event;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints an experiment's milestones, one line each, and a live progress line for the running
 * workload: redrawn in place ({@code \r}) on a terminal, printed about every {@code
 * progressEvery}-th update otherwise.
 *
 * <pre>{@code
 * Experiment.builder()...listener(new ConsoleListener(System.out)).build().run();
 * }</pre>
 *
 * @since 0.1
 */
public final class ConsoleListener implements EventListener {
  private final PrintStream out;
  private final boolean inPlace;
  private boolean progressShown;

  /** Prints to {@code out}; progress redrawn in place when a console is attached. */
  public ConsoleListener(PrintStream out) {
    this(out, System.console() != null && out == System.out);
  }

  /** Prints to {@code out}, redrawing the progress line in place or not. */
  public ConsoleListener(PrintStream out, boolean inPlace) {
    this.out = out;
    this.inPlace = inPlace;
  }

  @Override
  public synchronized void on(BenchEvent e) {
    switch (e.type()) {
      case WORKLOAD_PROGRESS -> progress(e);
      case WORKLOAD_OUTPUT, UPLOAD_PROGRESS -> {}
      default -> {
        endProgress();
        out.printf(
            Locale.ROOT,
            "%-18s %-40s %s%s%n",
            e.type().name().toLowerCase(Locale.ROOT).replace('_', ' '),
            e.context().toString(),
            e.message(),
            e.elapsed() == null
                ? ""
                : String.format(Locale.ROOT, " (%.1f s)", e.elapsed().toMillis() / 1000.0));
      }
    }
  }

  private void progress(BenchEvent e) {
    BenchEvent.Progress p = e.progress();
    if (p == null) {
      return;
    }
    String line =
        String.format(
            Locale.ROOT,
            "  %-28s %s %5.1f/%s s  sent %6d  ok %6d  failed %4d  in flight %4d",
            e.context().treatment() == null ? "" : e.context().treatment(),
            p.stage() < 0
                ? "warm-up  "
                : "stage " + (p.stage() + 1) + "/" + (p.stages() > 0 ? p.stages() : "?"),
            p.elapsed().toMillis() / 1000.0,
            p.duration() == null
                ? "?"
                : String.format(Locale.ROOT, "%.0f", p.duration().toMillis() / 1000.0),
            p.sent(),
            p.completed(),
            p.failed(),
            p.inFlight());
    if (inPlace) {
      out.print("\r" + line);
      progressShown = true;
    } else {
      out.println(line);
    }
    out.flush();
  }

  private void endProgress() {
    if (progressShown) {
      out.println();
      progressShown = false;
    }
  }
}
