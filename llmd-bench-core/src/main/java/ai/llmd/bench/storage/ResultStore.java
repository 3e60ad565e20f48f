package ai.llmd.bench.storage;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import java.nio.file.Path;
import java.util.List;

/**
 * Where benchmark results go: a local directory, S3, ... Implementations live in {@code
 * llmd-bench-storage}.
 *
 * <pre>{@code
 * ResultStore store = LocalStore.of(Path.of("/data/benchmarks"));
 * List<UploadReceipt> receipts = store.upload(List.of(Path.of("results/run-1")), "experiments/e1");
 * }</pre>
 *
 * <p>Uploads are idempotent: an object already present with the same checksum is skipped, so a
 * failed upload is simply run again. Local files are never modified.
 */
public interface ResultStore {

  /**
   * Uploads files and directories (recursively, keyed by their path relative to the directory's
   * parent) under a target prefix.
   *
   * @return one receipt per object, in upload order
   * @throws StorageException naming the key when an object cannot be stored or verified
   */
  List<UploadReceipt> upload(List<Path> paths, String targetPrefix);

  /**
   * This store reporting its progress ({@link BenchEvent.Type#UPLOAD_PROGRESS}, {@link
   * BenchEvent.Type#UPLOAD_RETRYING}) to {@code listener}, in {@code context}; how an experiment
   * follows its upload. The default ignores the listener: a store that reports nothing.
   *
   * <pre>{@code
   * store.withEvents(new ConsoleListener(System.out), BenchEvent.Context.NONE).upload(paths, "exp-1");
   * }</pre>
   */
  default ResultStore withEvents(EventListener listener, BenchEvent.Context context) {
    return this;
  }
}
