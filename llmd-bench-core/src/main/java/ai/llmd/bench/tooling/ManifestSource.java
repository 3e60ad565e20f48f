package ai.llmd.bench.tooling;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a release manifest (multi-document YAML) comes from: a URL, a file or the class path.
 *
 * <pre>{@code
 * ManifestSource.url("https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml");
 * ManifestSource.file(Path.of("vendor/tekton-release.yaml"));
 * ManifestSource.classpath("manifests/gaie-v1.0.1.yaml");
 * }</pre>
 *
 * @param kind {@code url}, {@code file} or {@code classpath}
 * @param location the URL, path or class path resource
 */
public record ManifestSource(String kind, String location) {

  /**
   * @param kind {@code url}, {@code file} or {@code classpath}
   * @param location the URL, path or class path resource
   * @throws NullPointerException when the kind or location is null
   */
  public ManifestSource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
  }

  /**
   * An http(s) or file URL.
   *
   * @throws IllegalArgumentException when it is not an http, https or file URL
   */
  public static ManifestSource url(URI url) {
    Objects.requireNonNull(url, "manifest URL");
    if (url.getScheme() == null
        || !(url.getScheme().equals("https")
            || url.getScheme().equals("http")
            || url.getScheme().equals("file"))) {
      throw new IllegalArgumentException("a manifest URL must be http(s) or file, was " + url);
    }
    return new ManifestSource("url", url.toString());
  }

  /**
   * An http(s) or file URL given as a string, parsed as {@link #url(URI)}.
   *
   * @throws IllegalArgumentException when it is not a URI, or not an http, https or file URL
   */
  public static ManifestSource url(String url) {
    return url(URI.create(Objects.requireNonNull(url, "manifest URL")));
  }

  /** A manifest file on disk. */
  public static ManifestSource file(Path path) {
    return new ManifestSource("file", path.toString());
  }

  /** A resource of the class path, e.g. {@code manifests/tekton-v1.6.0.yaml}. */
  public static ManifestSource classpath(String resource) {
    return new ManifestSource(
        "classpath", resource.startsWith("/") ? resource.substring(1) : resource);
  }

  /**
   * Reads the manifest text.
   *
   * @throws ToolingException naming the source when it cannot be read (missing file, HTTP status)
   */
  public String read() {
    try {
      switch (kind) {
        case "file":
          return Files.readString(Path.of(location));
        case "classpath":
          try (InputStream in =
              Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
            if (in == null) {
              throw new ToolingException("manifest not on the class path: " + location);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
        default:
          URI u = URI.create(location);
          if (u.getScheme().equals("file")) {
            return Files.readString(Path.of(u));
          }
          HttpResponse<String> r =
              HttpClient.newBuilder()
                  .followRedirects(HttpClient.Redirect.NORMAL)
                  .connectTimeout(Duration.ofSeconds(20))
                  .build()
                  .send(
                      HttpRequest.newBuilder(u).timeout(Duration.ofMinutes(2)).GET().build(),
                      HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            throw new ToolingException(
                "cannot download manifest "
                    + location
                    + ": HTTP "
                    + r.statusCode()
                    + (r.statusCode() == 404 ? " (is the version right?)" : ""));
          }
          return r.body();
      }
    } catch (IOException e) {
      throw new ToolingException("cannot read manifest " + this + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolingException("interrupted while reading manifest " + this, e);
    }
  }

  @Override
  public String toString() {
    return kind + ":" + location;
  }
}
