package ai.llmd.bench.storage.s3;

import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import java.util.concurrent.CompletableFuture;

/**
 * The MinIO client with bucket creation as S3 expects it: minio-java always sends a {@code
 * CreateBucketConfiguration} naming the region, which S3 refuses for {@code us-east-1} ({@code
 * InvalidLocationConstraint}); there the request must have no body.
 */
final class S3Client extends MinioAsyncClient {
  static final String US_EAST_1 = "us-east-1";

  S3Client(MinioAsyncClient client) {
    super(client);
  }

  /** Creates a bucket in a region ({@code null}: {@code us-east-1}). */
  CompletableFuture<Void> createBucket(String bucket, String region) {
    if (region != null && !region.isEmpty() && !US_EAST_1.equals(region)) {
      return makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build())
          .thenAccept(r -> {});
    }
    MakeBucketArgs args = MakeBucketArgs.builder().bucket(bucket).build();
    return executeAsync(
            Http.S3Request.builder()
                .userAgent(userAgent)
                .method(Http.Method.PUT)
                .args(args)
                .build(),
            US_EAST_1)
        .thenAccept(response -> response.close());
  }
}
