/**
 * {@link ai.llmd.bench.record.ExperimentRecord}: what ran (stack releases and values, workloads,
 * environment), written as {@code record.yaml} with secrets redacted. {@code Redactor} is internal.
 */
package ai.llmd.bench.record;
