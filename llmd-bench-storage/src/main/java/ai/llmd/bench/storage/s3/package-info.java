/** {@link ai.llmd.bench.storage.s3.S3Store}: results uploaded to S3 or any S3-compatible store. */
package ai.llmd.bench.storage.s3;
