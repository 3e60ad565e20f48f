package ai.llmd.bench.storage;

/**
 * One stored object.
 *
 * @param key the object key (or path relative to the store's root)
 * @param size bytes
 * @param sha256 lowercase hex SHA-256 of the content, verified after the upload
 * @param skipped true when an identical object was already there
 */
public record UploadReceipt(String key, long size, String sha256, boolean skipped) {}
