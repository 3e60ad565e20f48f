package ai.llmd.bench.storage.local;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.io.Paths2;
import ai.llmd.bench.storage.ResultStore;
import ai.llmd.bench.storage.StorageException;
import ai.llmd.bench.storage.UploadItem;
import ai.llmd.bench.storage.UploadReceipt;
import ai.llmd.bench.storage.support.Archives;
import ai.llmd.bench.storage.support.UploadProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stores results in a local (or mounted) directory.
 *
 * <pre>{@code
 * List<UploadReceipt> r = LocalStore.of(Path.of("/mnt/results")).upload(List.of(resultsDir), "exp-1");
 * }</pre>
 *
 * <p>Each file is copied to a temporary name, verified (size and SHA-256) and moved into place, so
 * an interrupted upload leaves no partial file under its final name. A file already present with
 * the same checksum is skipped. Each file stored or skipped is reported as an {@link
 * BenchEvent.Type#UPLOAD_PROGRESS} event to the listener given with {@link #withEvents}.
 */
public final class LocalStore implements ResultStore {
  private final Path root;
  private final boolean archive;
  private final EventListener listener;
  private final BenchEvent.Context context;

  private LocalStore(
      Path root, boolean archive, EventListener listener, BenchEvent.Context context) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.archive = archive;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.context = context == null ? BenchEvent.Context.NONE : context;
  }

  /** A store rooted at a directory (created on first upload). */
  public static LocalStore of(Path root) {
    return new LocalStore(root, false, EventListener.NOOP, BenchEvent.Context.NONE);
  }

  /** This store reporting each file stored or skipped to {@code listener}, in {@code context}. */
  @Override
  public LocalStore withEvents(EventListener listener, BenchEvent.Context context) {
    return new LocalStore(root, archive, listener, context);
  }

  /**
   * A copy of this store uploading each directory as one {@code .tar.gz} (the upstream layout) when
   * {@code archive}.
   */
  public LocalStore withArchive(boolean archive) {
    return new LocalStore(root, archive, listener, context);
  }

  @Override
  public List<UploadReceipt> upload(List<Path> paths, String targetPrefix) {
    Path scratch = null;
    try {
      List<UploadItem> items;
      if (archive) {
        scratch = Files.createTempDirectory("llmd-bench-archive");
        items = Archives.items(paths, targetPrefix, scratch);
      } else {
        items = UploadItem.of(paths, targetPrefix);
      }
      UploadProgress progress = new UploadProgress(listener, context, items);
      List<UploadReceipt> receipts = new ArrayList<>();
      for (UploadItem item : items) {
        UploadReceipt receipt = store(item);
        progress.objectDone(receipt, 0, 0);
        receipts.add(receipt);
      }
      return receipts;
    } catch (IOException e) {
      throw new StorageException(
          root.toString(), null, "cannot prepare the upload: " + e.getMessage(), e);
    } finally {
      Paths2.deleteQuietly(scratch);
    }
  }

  private UploadReceipt store(UploadItem item) {
    Path target = root.resolve(item.key()).normalize();
    if (!target.startsWith(root)) {
      throw new StorageException(
          root.toString(), item.key(), "key leaves the store's directory", null);
    }
    try {
      long size = Files.size(item.file());
      String sha = UploadItem.sha256(item.file());
      if (Files.isRegularFile(target)
          && Files.size(target) == size
          && UploadItem.sha256(target).equals(sha)) {
        return new UploadReceipt(item.key(), size, sha, true);
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
      try {
        Files.copy(item.file(), tmp, StandardCopyOption.REPLACE_EXISTING);
        if (Files.size(tmp) != size || !UploadItem.sha256(tmp).equals(sha)) {
          throw new StorageException(
              root.toString(), item.key(), "verification failed: the copy differs", null);
        }
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return new UploadReceipt(item.key(), size, sha, false);
    } catch (IOException e) {
      throw new StorageException(root.toString(), item.key(), "cannot store: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "LocalStore[" + root + "]";
  }
}
