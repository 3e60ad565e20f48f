package ai.llmd.bench.storage.s3;

import ai.llmd.bench.record.Redactor;
import io.minio.credentials.AwsConfigProvider;
import io.minio.credentials.AwsEnvironmentProvider;
import io.minio.credentials.Credentials;
import io.minio.credentials.IamAwsProvider;
import io.minio.credentials.Provider;
import io.minio.credentials.StaticProvider;
import java.security.ProviderException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an {@link S3Store}'s credentials come from: minio-java providers tried in order, as AWS
 * clients do, remembering which one answered so that an error can say which credential to check.
 */
final class S3Credentials implements Provider {
  /** A provider and how to tell a user about it. */
  record Source(String description, Provider provider) {}

  private final List<Source> sources;
  private volatile Source current;

  private S3Credentials(List<Source> sources) {
    this.sources = List.copyOf(sources);
  }

  static S3Credentials of(Source... sources) {
    return new S3Credentials(List.of(sources));
  }

  static Source fixed(String access, String secret, String sessionToken) {
    Redactor.register(secret);
    Redactor.register(sessionToken);
    return new Source(
        "the credentials given to S3Store.Builder.credentials(...)",
        new StaticProvider(access, secret, sessionToken));
  }

  static Source environment() {
    return new Source(
        "the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)",
        new AwsEnvironmentProvider());
  }

  static Source profile(String profile) {
    String file = setting("AWS_SHARED_CREDENTIALS_FILE");
    String name = profile != null ? profile : setting("AWS_PROFILE");
    return new Source(
        "profile '"
            + (name == null ? "default" : name)
            + "' of "
            + (file == null ? "~/.aws/credentials" : file)
            + " (aws_access_key_id, aws_secret_access_key, aws_session_token)",
        new AwsConfigProvider(null, profile));
  }

  /** A setting as minio-java's providers read it: system property, else environment variable. */
  private static String setting(String name) {
    String value = System.getProperty(name);
    return value != null ? value : System.getenv(name);
  }

  static Source instanceRole() {
    return new Source(
        "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN), the container credentials"
            + " endpoint or the instance's IAM role",
        new IamAwsProvider(null, null));
  }

  /** The default chain: environment, shared credentials file, web identity and IAM roles. */
  static S3Credentials defaultChain() {
    return of(environment(), profile(null), instanceRole());
  }

  @Override
  public synchronized Credentials fetch() {
    return registered(fetchFromChain());
  }

  /** Credentials whose secret parts are registered with the library's redaction. */
  private static Credentials registered(Credentials c) {
    Redactor.register(c.secretKey());
    Redactor.register(c.sessionToken());
    return c;
  }

  private Credentials fetchFromChain() {
    Source c = current;
    if (c != null) {
      try {
        return c.provider().fetch();
      } catch (ProviderException e) {
        // fall back to the whole chain, as minio's ChainedProvider does
      }
    }
    List<String> tried = new ArrayList<>();
    for (Source s : sources) {
      try {
        Credentials creds = s.provider().fetch();
        current = s;
        return creds;
      } catch (ProviderException | IllegalArgumentException e) {
        tried.add(s.description() + ": " + e.getMessage());
      }
    }
    throw new ProviderException("no S3 credentials found; tried " + String.join("; ", tried));
  }

  /** The source that gave the credentials in use (or would be tried first). */
  String describe() {
    Source c = current;
    return c != null ? c.description() : sources.get(0).description();
  }

  /** The access key in use, masked to its first and last 4 characters, or {@code null}. */
  String maskedAccessKey() {
    try {
      String a = fetch().accessKey();
      return a == null
          ? null
          : a.length() < 12 ? "****" : a.substring(0, 4) + "****" + a.substring(a.length() - 4);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
