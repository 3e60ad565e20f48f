package ai.llmd.bench.record;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The library's one secret registry, and the redaction everything it writes goes through (records,
 * stack plans, harness logs, exception messages).
 *
 * <p>Three things are replaced by {@link #REDACTED}:
 *
 * <ul>
 *   <li>every value {@linkplain #register registered} as a secret, wherever it appears; the APIs
 *       that take a secret register it themselves ({@code ExperimentRecord.Builder.secret}, {@code
 *       S3Store.Builder.credentials}, {@code LoadGenerator.Builder.apiKey});
 *   <li>in documents, the values of keys that name a credential, in any case style ({@code token},
 *       {@code apiKey}, {@code api-key}, {@code secretAccessKey}, {@code AWS_SECRET_ACCESS_KEY},
 *       {@code hf_token}, {@code password}, ...), the value after a secret-looking flag in an
 *       argument list ({@code [--api-key, X]}, {@code --token=X}), the value of a secret-looking
 *       environment variable ({@code {name: HF_TOKEN, value: X}}) and the data of a Kubernetes
 *       Secret;
 *   <li>in any text, Hugging Face tokens ({@code hf_...}), bearer tokens and {@code --api-key X}.
 * </ul>
 *
 * <pre>{@code
 * Redactor.register(hfToken);                      // from now on never written
 * Map<String, Object> safe = Redactor.redact(config);
 * String line = Redactor.scrub(toolOutputLine);
 * }</pre>
 */
@ai.llmd.bench.Internal
public final class Redactor {
  /** What a redacted value is replaced with. */
  public static final String REDACTED = "<redacted>";

  /** Registered values shorter than this are ignored: replacing them would garble the text. */
  public static final int MIN_SECRET_LENGTH = 4;

  private static final Set<String> LAST_WORDS =
      Set.of(
          "token",
          "password",
          "passwd",
          "pwd",
          "secret",
          "apikey",
          "credential",
          "credentials",
          "authorization",
          "bearer",
          "passphrase");
  private static final Set<String> LAST_TWO_WORDS =
      Set.of("api_key", "secret_key", "access_key", "private_key", "auth_key", "session_key");
  private static final Set<String> NUMERIC_SECRET_WORDS = Set.of("password", "passwd", "pwd");

  private static final Pattern SECRET_VALUE =
      Pattern.compile("(hf_[A-Za-z0-9]{20,}|(?i:bearer)\\s+[A-Za-z0-9._~+/=-]+)");
  private static final Pattern FLAG = Pattern.compile("--?([A-Za-z][A-Za-z0-9_.-]*)");
  private static final Pattern FLAG_WITH_VALUE =
      // a flag starts a word: the "-token" of "inter-token latency" is not one
      Pattern.compile(
          "(?<![A-Za-z0-9_.-])(--?([A-Za-z][A-Za-z0-9_.-]*))(=|[ \\t]+)(\"[^\"]*\"|'[^']*'|[^\\s\"']+)");
  private static final Pattern KEY_WITH_VALUE =
      Pattern.compile(
          "(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]*)(\"?[ \\t]*[:=][ \\t]*\"?)([^\\s\"',}]+)");

  private static final Set<String> registered = ConcurrentHashMap.newKeySet();

  private Redactor() {}

  /**
   * Registers a secret: from now on it is replaced wherever the library writes. Values shorter than
   * {@value #MIN_SECRET_LENGTH} characters and {@code null} are ignored.
   */
  public static void register(String secret) {
    if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
      registered.add(secret);
    }
  }

  /** Whether a key names a credential, whatever its case style. */
  public static boolean isSecretKey(String key) {
    if (key == null) {
      return false;
    }
    String[] words = words(key);
    if (words.length == 0) {
      return false;
    }
    String last = words[words.length - 1];
    if (LAST_WORDS.contains(last)) {
      return true;
    }
    return words.length >= 2 && LAST_TWO_WORDS.contains(words[words.length - 2] + "_" + last);
  }

  /**
   * {@code secretAccessKey}, {@code AWS_SECRET_ACCESS_KEY}, {@code x-api-key}: lower-case words.
   */
  private static String[] words(String key) {
    String snake =
        key.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
            .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "_")
            .replaceAll("^_+|_+$", "");
    return snake.isEmpty() ? new String[0] : snake.split("_");
  }

  /**
   * A deep copy of a document (maps, lists, scalars) with secret values replaced by {@link
   * #REDACTED}.
   */
  @SuppressWarnings("unchecked")
  public static <T> T redact(T document) {
    return (T) redactValue(null, document);
  }

  /** Text with registered secrets, tokens and the values of secret-looking flags replaced. */
  public static String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    if (!registered.isEmpty()) {
      List<String> secrets = new ArrayList<>(registered);
      secrets.sort(Comparator.comparingInt(String::length).reversed());
      for (String s : secrets) {
        out = out.replace(s, REDACTED);
      }
    }
    out = SECRET_VALUE.matcher(out).replaceAll(REDACTED);
    out = replaceValues(FLAG_WITH_VALUE.matcher(out), 2, 4);
    return replaceValues(KEY_WITH_VALUE.matcher(out), 1, 3);
  }

  private static String replaceValues(Matcher m, int nameGroup, int valueGroup) {
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = m.group(valueGroup);
      boolean secret =
          isSecretKey(m.group(nameGroup))
              && !value.equals(REDACTED)
              && !value.startsWith("-")
              && !isNumber(value);
      String replacement =
          secret ? m.group().substring(0, m.start(valueGroup) - m.start()) + REDACTED : m.group();
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static boolean isNumber(String s) {
    return s.matches("-?[0-9]+(\\.[0-9]+)?");
  }

  private static Object redactValue(String key, Object value) {
    if (value == null) {
      return null;
    }
    if (key != null && isSecretKey(key) && isSecretScalar(key, value)) {
      return REDACTED;
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      boolean secretEnv =
          m.get("name") instanceof String n && isSecretKey(n) && m.get("value") instanceof String;
      boolean kubernetesSecret = "Secret".equals(m.get("kind"));
      m.forEach(
          (k, v) -> {
            String name = String.valueOf(k);
            if ((secretEnv && name.equals("value"))
                || (kubernetesSecret && (name.equals("data") || name.equals("stringData")))) {
              out.put(name, redactAll(v));
            } else {
              out.put(name, redactValue(name, v));
            }
          });
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      boolean nextIsSecret = false;
      for (Object v : l) {
        if (nextIsSecret && v instanceof String s && !s.startsWith("-")) {
          out.add(REDACTED);
          nextIsSecret = false;
          continue;
        }
        nextIsSecret = v instanceof String s && isSecretFlag(s);
        out.add(redactValue(null, v));
      }
      return out;
    }
    if (value instanceof String s) {
      return scrub(s);
    }
    return value;
  }

  private static boolean isSecretScalar(String key, Object value) {
    if (value instanceof String) {
      return true;
    }
    if (value instanceof Number) {
      String[] words = words(key);
      return NUMERIC_SECRET_WORDS.contains(words[words.length - 1]);
    }
    return false;
  }

  /** {@code --api-key}, {@code -token}: a flag whose value follows as the next argument. */
  private static boolean isSecretFlag(String arg) {
    Matcher m = FLAG.matcher(arg);
    return m.matches() && isSecretKey(m.group(1));
  }

  /** Every scalar inside a value replaced (a Secret's data, a secret variable's value). */
  private static Object redactAll(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), redactAll(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(Redactor::redactAll).toList();
    }
    return value == null ? null : REDACTED;
  }
}
