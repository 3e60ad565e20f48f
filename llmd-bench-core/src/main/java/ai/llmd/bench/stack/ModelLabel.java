package ai.llmd.bench.stack;

import ai.llmd.bench.io.Hashes;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The per-stack key: a DNS label used as the pods' {@code llm-d.ai/model} label, the HTTPRoute's
 * name and path prefix {@code /<label>/}, and the prefix of release and object names.
 *
 * <pre>{@code
 * ModelLabel.of("qwen3-small");
 * ModelLabel.derive("Qwen/Qwen3-0.6B", "bench");   // qwen-qwe-a15c4f83-en3-0-6b, as upstream derives it
 * }</pre>
 *
 * @param value at most 63 characters of {@code [a-z]([-a-z0-9]*[a-z0-9])?}
 */
public record ModelLabel(String value) {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  /**
   * Checks the value.
   *
   * @param value at most 63 characters of {@code [a-z]([-a-z0-9]*[a-z0-9])?}
   * @throws IllegalArgumentException when it is not a DNS label
   */
  public ModelLabel {
    requireDnsLabel("model label", value);
  }

  /**
   * Checks that {@code value} is a DNS label (RFC 1123: what Kubernetes namespaces, labels and
   * release names need), naming {@code what} in the error.
   *
   * @throws IllegalArgumentException saying which rule the value breaks, e.g. {@code namespace
   *     'My_NS' is not a DNS label: ...}
   */
  static void requireDnsLabel(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.length() > 63) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value
              + "' has "
              + value.length()
              + " characters; a DNS label has at most 63");
    }
    if (!DNS_LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value
              + "' is not a DNS label: use lower-case letters, digits and '-', starting with a letter and ending with"
              + " a letter or digit");
    }
  }

  /**
   * A label given by the caller.
   *
   * @throws IllegalArgumentException saying which rule the value breaks
   */
  public static ModelLabel of(String value) {
    return new ModelLabel(value);
  }

  /**
   * Derives a label from a model id and namespace as llm-d-benchmark does: {@code id = model} with
   * {@code /} and {@code .} replaced by {@code -}, {@code h = sha256("<namespace>/<id>")}, label
   * {@code = lower(id[:8] + "-" + h[:8] + "-" + id[-8:])}; then sanitised to a DNS label (other
   * invalid characters become {@code -}, leading and trailing {@code -} are trimmed, a leading
   * digit gets an {@code m} prefix).
   */
  public static ModelLabel derive(String model, String namespace) {
    Objects.requireNonNull(model, "model");
    String id = model.replace('/', '-').replace('.', '-');
    String hashed = namespace == null || namespace.isEmpty() ? id : namespace + "/" + id;
    String h = Hashes.sha256(hashed).substring(0, 8);
    String label =
        (id.substring(0, Math.min(8, id.length()))
                + "-"
                + h
                + "-"
                + id.substring(Math.max(0, id.length() - 8)))
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^-a-z0-9]", "-")
            .replaceAll("^-+|-+$", "");
    if (!label.isEmpty() && Character.isDigit(label.charAt(0))) {
      label = "m" + label;
    }
    return new ModelLabel(label);
  }

  @Override
  public String toString() {
    return value;
  }
}
