package ai.llmd.bench.storage.s3;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.storage.UploadReceipt;

/**
 * Bridges {@link S3Store.Listener} to the library's {@link EventListener}: each stored object and
 * each retry becomes an {@code UPLOAD_PROGRESS} event.
 *
 * <pre>{@code
 * S3Store store = S3Store.builder()...listener(S3StoreEvents.to(new ConsoleListener(System.out), BenchEvent.Context.NONE)).build();
 * }</pre>
 *
 * @since 0.1
 */
public final class S3StoreEvents {
  private S3StoreEvents() {}

  /** A listener that forwards upload progress as events in {@code context}. */
  public static S3Store.Listener to(EventListener listener, BenchEvent.Context context) {
    return new S3Store.Listener() {
      @Override
      public void objectStored(UploadReceipt receipt) {
        EventListener.safely(
            listener,
            BenchEvent.of(BenchEvent.Type.UPLOAD_PROGRESS, context, "stored " + receipt.key()));
      }

      @Override
      public void retrying(String key, int attempt, String reason) {
        EventListener.safely(
            listener,
            BenchEvent.of(
                BenchEvent.Type.UPLOAD_PROGRESS,
                context,
                "retrying " + key + " (attempt " + attempt + "): " + reason));
      }
    };
  }
}
