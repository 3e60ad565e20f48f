package ai.llmd.bench.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class S3EndpointTest {
  @Test
  void theEndpointIsAUri() {
    S3Store store =
        S3Store.builder()
            .endpoint(URI.create("http://127.0.0.1:9000"))
            .bucket("bucket")
            .credentials("a", "s")
            .build();
    assertThat(store.toString()).contains("http://127.0.0.1:9000");
    assertThatThrownBy(() -> S3Store.builder().endpoint((URI) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("S3 endpoint is required");
    assertThatThrownBy(() -> S3Store.builder().endpoint(URI.create("ftp://host/")))
        .hasMessage("S3 endpoint must be an http or https URL with a host, was ftp://host/");
  }

  @Test
  void aStringEndpointIsParsedIntoTheUriAndCheckedTheSameWay() {
    S3Store store =
        S3Store.builder()
            .endpoint(" http://127.0.0.1:9000 ")
            .bucket("bucket")
            .credentials("a", "s")
            .build();
    assertThat(store.toString()).contains("http://127.0.0.1:9000,");
    assertThatThrownBy(() -> S3Store.builder().endpoint("ftp://host/"))
        .hasMessage("S3 endpoint must be an http or https URL with a host, was ftp://host/");
    assertThatThrownBy(() -> S3Store.builder().endpoint("http://exa mple"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("S3 endpoint is not a valid URI: ");
    assertThatThrownBy(() -> S3Store.builder().endpoint("  "))
        .hasMessage("S3 endpoint is required");
    assertThatThrownBy(() -> S3Store.builder().bucket("bucket").build())
        .hasMessage("S3 endpoint is required");
  }
}
