package ai.llmd.bench.storage;

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
}
