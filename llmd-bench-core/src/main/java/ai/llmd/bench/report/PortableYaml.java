package ai.llmd.bench.report;

import java.math.BigDecimal;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.JsonGeneratorDelegate;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;
import tools.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * YAML that YAML 1.1 readers (PyYAML, SnakeYAML 1.x) and YAML 1.2 readers read the same way.
 *
 * <p>Two differences matter for reports: YAML 1.1 turns plain scalars such as {@code
 * 2025-05-30T19:47:02Z}, {@code yes}, {@code 1:30} or {@code 0755} into timestamps, booleans and
 * numbers, so such strings are quoted; and YAML 1.1 reads a float only with a dot and a signed
 * exponent, so {@code 1.197706808888889E8} (Java's form) would be a string there. Floats are
 * written as Python writes them ({@code 1.197706808888889e+08}), as the upstream examples are.
 */
final class PortableYaml {
  private PortableYaml() {}

  // The implicit resolvers of YAML 1.1 (PyYAML's resolver.py, SnakeYAML 1.x Resolver) and the
  // YAML 1.2 core schema: a plain scalar matching any of them is not read as a string by everyone.
  private static final Pattern NOT_A_STRING =
      Pattern.compile(
          String.join(
              "|",
              // bool (1.1 and 1.2)
              "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N",
              // null
              "~|null|Null|NULL|",
              // int: binary, octal, decimal, hex, sexagesimal; 1.2 octal 0o
              "[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                  + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+",
              // float (1.1, sexagesimal, 1.2 core)
              "[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
                  + "|[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)"
                  + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                  + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)",
              // timestamp
              "[0-9]{4}-[0-9]{2}-[0-9]{2}"
                  + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
                  + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?",
              // merge key and value key
              "<<|="));

  /** Whether a YAML 1.1 or 1.2 reader would read this text, written plain, as something else. */
  static boolean needsQuotes(String text) {
    return NOT_A_STRING.matcher(text).matches();
  }

  /** A float in a form YAML 1.1 and 1.2 both read as this number. */
  static String number(double d) {
    if (Double.isNaN(d)) {
      return ".nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? ".inf" : "-.inf";
    }
    String s = Double.toString(d); // always has a dot: 12.0, 1.0E-5, 1.197706808888889E8
    int e = s.indexOf('E');
    if (e < 0) {
      return s;
    }
    String exponent = s.substring(e + 1);
    boolean negative = exponent.startsWith("-");
    String digits = negative ? exponent.substring(1) : exponent;
    return s.substring(0, e)
        + "e"
        + (negative ? "-" : "+")
        + (digits.length() < 2 ? "0" : "")
        + digits;
  }

  /** A YAML factory writing portable YAML with minimal quotes. */
  static YAMLFactory factory() {
    return YAMLFactory.builder()
        .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
        .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
        .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .stringQuotingChecker(new Quoting())
        .addDecorator((factory, generator) -> new Numbers(generator))
        .build();
  }

  /** Jackson's quoting rules plus every YAML 1.1 implicit type. */
  private static final class Quoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean needToQuoteName(String name) {
      return super.needToQuoteName(name) || needsQuotes(name);
    }

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || needsQuotes(value);
    }
  }

  /** Writes floating-point numbers in the portable form. */
  private static final class Numbers extends JsonGeneratorDelegate {
    Numbers(JsonGenerator delegate) {
      super(delegate, false);
    }

    @Override
    public JsonGenerator writeNumber(double v) throws JacksonException {
      delegate.writeNumber(number(v));
      return this;
    }

    @Override
    public JsonGenerator writeNumber(float v) throws JacksonException {
      delegate.writeNumber(number(Double.parseDouble(Float.toString(v))));
      return this;
    }

    @Override
    public JsonGenerator writeNumber(BigDecimal v) throws JacksonException {
      delegate.writeNumber(number(v.doubleValue()));
      return this;
    }
  }
}
