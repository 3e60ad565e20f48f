package ai.llmd.bench.event;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints an experiment's milestones, one line each, and a live progress line for the running
 * workload, the upload and a model download: redrawn in place ({@code \r}) on a terminal; printed
 * as lines otherwise (every workload snapshot, about every tenth of an upload's objects, every line
 * of a download's log). Harness output lines are not printed (they are in the logs).
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
  private int shownLength;
  private int uploadTenths = -1;

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
      case UPLOAD_PROGRESS -> upload(e);
      case MODEL_DOWNLOAD_OUTPUT -> live("  " + e.output().line());
      case WORKLOAD_OUTPUT -> {}
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
    live(line);
  }

  private void upload(BenchEvent e) {
    BenchEvent.Upload u = e.upload();
    if (!inPlace) {
      // a line about every tenth of the objects, not one per part or object
      int tenths = u.objects() == 0 ? 10 : (int) (10L * u.objectsDone() / u.objects());
      if (u.step() == BenchEvent.Upload.Step.PART_SENT
          || u.step() == BenchEvent.Upload.Step.OBJECT_SENT
          || tenths == uploadTenths) {
        return;
      }
      uploadTenths = tenths == 10 ? -1 : tenths;
    }
    live(
        String.format(
            Locale.ROOT,
            "  upload %5d/%d objects  %s of %s  %s",
            u.objectsDone(),
            u.objects(),
            bytes(u.bytesDone()),
            bytes(u.bytes()),
            u.key()));
  }

  /** {@code 512 B}, {@code 84.2 KiB}, {@code 12.0 MiB}, {@code 1.5 GiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n / 1024.0;
    int i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }

  /** A line redrawn in place, or printed. */
  private void live(String line) {
    if (inPlace) {
      // pad over the rest of a longer line drawn before
      out.print("\r" + line + " ".repeat(Math.max(0, shownLength - line.length())));
      shownLength = line.length();
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
      shownLength = 0;
    }
  }
}
