package ai.llmd.bench.storage.support;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.BenchEvent.Upload.Step;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.storage.UploadItem;
import ai.llmd.bench.storage.UploadReceipt;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts one upload's objects and bytes and reports them as {@link BenchEvent.Type#UPLOAD_PROGRESS}
 * events; safe to call from the upload's threads. A listener that throws is logged and does not
 * fail the upload.
 */
public final class UploadProgress {
  private final EventListener listener;
  private final BenchEvent.Context context;
  private final int objects;
  private final long bytes;
  private final AtomicInteger objectsDone = new AtomicInteger();
  private final AtomicLong bytesDone = new AtomicLong();

  /**
   * Progress of an upload of {@code items}.
   *
   * @throws IOException when a file's size cannot be read
   */
  public UploadProgress(EventListener listener, BenchEvent.Context context, List<UploadItem> items)
      throws IOException {
    this.listener = listener;
    this.context = context;
    this.objects = items.size();
    long total = 0;
    for (UploadItem item : items) {
      total += Files.size(item.file());
    }
    this.bytes = total;
  }

  /** A part of a multipart upload of {@code length} bytes was stored. */
  public void partSent(String key, int part, int parts, long length) {
    long done = bytesDone.addAndGet(length);
    emit(key, Step.PART_SENT, part, parts, objectsDone.get(), done);
  }

  /** An object's bytes were sent; its verification comes next. */
  public void objectSent(String key, int parts) {
    emit(key, Step.OBJECT_SENT, 0, parts, objectsDone.get(), bytesDone.get());
  }

  /**
   * An object was stored and verified, or skipped; {@code counted} of its bytes were reported
   * already (by {@link #partSent}).
   */
  public void objectDone(UploadReceipt receipt, int parts, long counted) {
    long done = bytesDone.addAndGet(receipt.size() - counted);
    int n = objectsDone.incrementAndGet();
    emit(
        receipt.key(),
        receipt.skipped() ? Step.OBJECT_SKIPPED : Step.OBJECT_STORED,
        0,
        parts,
        n,
        done);
  }

  private void emit(String key, Step step, int part, int parts, int nObjects, long nBytes) {
    EventListener.safely(
        listener,
        BenchEvent.upload(
            context,
            new BenchEvent.Upload(key, step, part, parts, nObjects, objects, nBytes, bytes)));
  }
}
