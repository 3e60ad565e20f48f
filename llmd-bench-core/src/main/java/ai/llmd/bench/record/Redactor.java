package ai.llmd.bench.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces secret values in configuration documents before they go into a report or record: values
 * of keys that name a credential ({@code token}, {@code api_key}, {@code password}, {@code secret},
 * {@code authorization}, ...) and strings that look like a Hugging Face or bearer token.
 *
 * <pre>{@code
 * Map<String, Object> safe = Redactor.redact(config);
 * }</pre>
 */
@ai.llmd.bench.Internal
public final class Redactor {
  /** What a redacted value is replaced with. */
  public static final String REDACTED = "<redacted>";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(^|[_.-])(token|api[_-]?key|apikey|password|passwd|secret|secret[_-]?key|access[_-]?key|authorization|"
              + "credentials?|hf[_-]?token|bearer)$");
  private static final Pattern SECRET_VALUE =
      Pattern.compile("(hf_[A-Za-z0-9]{20,}|Bearer\\s+\\S+)");

  private Redactor() {}

  /** Whether a key names a credential. */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
  }

  /**
   * A deep copy of a document (maps, lists, scalars) with secret values replaced by {@link
   * #REDACTED}.
   */
  @SuppressWarnings("unchecked")
  public static <T> T redact(T document) {
    return (T) redactValue(null, document);
  }

  private static Object redactValue(String key, Object value) {
    if (value == null) {
      return null;
    }
    if (key != null && isSecretKey(key) && !(value instanceof Map) && !(value instanceof List)) {
      return REDACTED;
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), redactValue(String.valueOf(k), v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(redactValue(null, v)));
      return out;
    }
    if (value instanceof String s) {
      return SECRET_VALUE.matcher(s).replaceAll(REDACTED);
    }
    return value;
  }
}
