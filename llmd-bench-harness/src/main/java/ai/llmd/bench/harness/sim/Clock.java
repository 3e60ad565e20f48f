package ai.llmd.bench.harness.sim;

import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One thread that runs tasks at {@link System#nanoTime()} deadlines, to the tens of microseconds,
 * for every stream of the simulator (Netty's own scheduler wakes in whole milliseconds, too coarse
 * for a 5 ms inter-token latency). A task is handed to the executor given with it (the stream's
 * event loop), so the clock thread only keeps time.
 */
final class Clock implements AutoCloseable {
  private record Entry(long deadline, long seq, Executor executor, Runnable task) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(
          (a, b) ->
              a.deadline != b.deadline
                  ? Long.compare(a.deadline - b.deadline, 0)
                  : Long.compare(a.seq, b.seq));
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;
  private long seq;
  private volatile boolean closed;

  Clock(String name) {
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs {@code task} on {@code executor} once {@code System.nanoTime()} reaches the deadline. */
  void at(long deadline, Executor executor, Runnable task) {
    lock.lock();
    try {
      Entry e = new Entry(deadline, seq++, executor, task);
      queue.add(e);
      if (queue.peek() == e) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (!closed) {
      Entry due;
      lock.lock();
      try {
        Entry first = queue.peek();
        if (first == null) {
          changed.await();
          continue;
        }
        long left = first.deadline - System.nanoTime();
        if (left > 0) {
          changed.awaitNanos(left);
          continue;
        }
        due = queue.poll();
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      try {
        due.executor.execute(due.task);
      } catch (RuntimeException e) {
        // the event loop is shutting down: the stream is gone with it
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
