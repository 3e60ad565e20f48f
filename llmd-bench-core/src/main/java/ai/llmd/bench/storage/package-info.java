/**
 * The result-store SPI: {@link ai.llmd.bench.storage.ResultStore} uploads result files and returns
 * {@link ai.llmd.bench.storage.UploadReceipt receipts}; implementations are in {@code
 * llmd-bench-storage}.
 */
package ai.llmd.bench.storage;
