package ai.llmd.bench.storage;

import ai.llmd.bench.BenchException;

/** An object could not be stored. Names the store and the key; never carries credentials. */
public class StorageException extends BenchException {
  /** The store. */
  private final String target;

  /** The object key, or {@code null}. */
  private final String key;

  /**
   * Creates the exception; the message starts with the target and key.
   *
   * @param target the store, e.g. {@code s3://bucket}
   * @param key the object key, or {@code null} for a failure of the store itself
   */
  public StorageException(String target, String key, String message, Throwable cause) {
    super(target + (key == null ? "" : " " + key) + ": " + message, cause);
    this.target = target;
    this.key = key;
  }

  /** The store, e.g. {@code s3://bucket} or a directory. */
  public String target() {
    return target;
  }

  /** The object key, or {@code null} for a failure of the store itself. */
  public String key() {
    return key;
  }
}
