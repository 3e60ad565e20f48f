package ai.llmd.bench.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private static final String R = Redactor.REDACTED;

  @Test
  void secretKeysAreRecognisedInEveryCaseStyle() {
    for (String key :
        List.of(
            "token",
            "apiKey",
            "api_key",
            "api-key",
            "x-api-key",
            "APIKey",
            "secretAccessKey",
            "secret_access_key",
            "AWS_SECRET_ACCESS_KEY",
            "aws.secretAccessKey",
            "HF_TOKEN",
            "hfToken",
            "hf-token",
            "AWS_SESSION_TOKEN",
            "password",
            "dbPassword",
            "clientSecret",
            "Authorization",
            "privateKey")) {
      assertThat(Redactor.isSecretKey(key)).as(key).isTrue();
    }
    for (String key :
        List.of(
            "max_tokens",
            "time_to_first_token_ms",
            "tokenizer",
            "accessKeyId",
            "AWS_ACCESS_KEY_ID",
            "secretKeyRef",
            "authSecretName",
            "key",
            "name")) {
      assertThat(Redactor.isSecretKey(key)).as(key).isFalse();
    }
  }

  @Test
  void documentsLoseSecretValuesButKeepTheirShape() {
    Map<String, Object> doc =
        Map.of(
            "s3", Map.of("accessKeyId", "AKIAEXAMPLE", "secretAccessKey", "s3cr3t-value"),
            "args", List.of("--model", "qwen", "--api-key", "k-123456", "--token=t-98765", "-v"),
            "env",
                List.of(
                    Map.of("name", "HF_TOKEN", "value", "plain-token-value"),
                    Map.of("name", "HOME", "value", "/root")),
            "command", "vllm serve qwen --hf-token abcdef123 --port 8000",
            "time_to_first_token", 0.5,
            "secret",
                Map.of(
                    "kind",
                    "Secret",
                    "data",
                    Map.of("HF_TOKEN", "aGZfdG9rZW4="),
                    "type",
                    "Opaque"));

    Map<String, Object> out = Redactor.redact(doc);

    assertThat(out.get("s3")).isEqualTo(Map.of("accessKeyId", "AKIAEXAMPLE", "secretAccessKey", R));
    assertThat(out.get("args"))
        .isEqualTo(List.of("--model", "qwen", "--api-key", R, "--token=" + R, "-v"));
    assertThat(out.get("env"))
        .isEqualTo(
            List.of(
                Map.of("name", "HF_TOKEN", "value", R), Map.of("name", "HOME", "value", "/root")));
    assertThat(out.get("command")).isEqualTo("vllm serve qwen --hf-token " + R + " --port 8000");
    assertThat(out.get("time_to_first_token")).isEqualTo(0.5);
    assertThat(out.get("secret"))
        .isEqualTo(Map.of("kind", "Secret", "data", Map.of("HF_TOKEN", R), "type", "Opaque"));
  }

  @Test
  void registeredSecretsAndTokensAreScrubbedFromText() {
    Redactor.register("registered-secret-xyz");
    Redactor.register("abc"); // too short to replace safely: ignored

    String out =
        Redactor.scrub(
            "using registered-secret-xyz with hf_abcdefghijklmnopqrstuvwxyz012345,"
                + " Authorization: Bearer eyJhbGciOi.payload, HF_TOKEN=plain123 api_key: \"k-1\""
                + " max_tokens=100 abc");

    assertThat(out)
        .isEqualTo(
            "using "
                + R
                + " with "
                + R
                + ", Authorization: "
                + R
                + ", HF_TOKEN="
                + R
                + " api_key: \""
                + R
                + "\" max_tokens=100 abc");
  }

  @Test
  void aHyphenatedWordIsNotAFlag() {
    assertThat(Redactor.scrub("report r-1 has no inter-token latency; run --token s3cr3t-value"))
        .isEqualTo("report r-1 has no inter-token latency; run --token " + R);
  }
}
