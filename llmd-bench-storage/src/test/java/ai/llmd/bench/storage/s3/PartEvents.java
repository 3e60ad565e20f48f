package ai.llmd.bench.storage.s3;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;

/** A test's view of the multipart parts an upload reports as events. */
@FunctionalInterface
interface PartEvents {
  void part(String key, int partNumber, int parts);

  /** A listener passing each {@code PART_SENT} upload event on. */
  static EventListener of(PartEvents parts) {
    return EventListener.only(
        BenchEvent.Type.UPLOAD_PROGRESS,
        e -> {
          BenchEvent.Upload u = e.upload();
          if (u.step() == BenchEvent.Upload.Step.PART_SENT) {
            parts.part(u.key(), u.part(), u.parts());
          }
        });
  }
}
