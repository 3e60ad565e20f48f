package ai.llmd.bench.harness.loadgen;

/**
 * Checks that a streamed event's {@code data:} payload is one well-formed JSON object (RFC 8259
 * syntax: strings with their escapes, numbers, literals, nesting) and picks out the few fields the
 * load generator measures, in one pass over the bytes without building anything. This is the
 * per-token work of the load generator, so it is kept allocation-free; a general JSON parser costs
 * several times more per event.
 *
 * <p>Reads: {@code choices} (whether the first choice carries non-empty {@code text} or {@code
 * delta.content}), {@code usage.prompt_tokens} and {@code usage.completion_tokens} (integers), and
 * whether an {@code error} member is present. Not thread-safe: one per exchange.
 */
final class EventScanner {
  private static final int MAX_DEPTH = 64;
  private static final byte[] CHOICES = ascii("choices");
  private static final byte[] USAGE = ascii("usage");
  private static final byte[] ERROR = ascii("error");
  private static final byte[] TEXT = ascii("text");
  private static final byte[] DELTA = ascii("delta");
  private static final byte[] CONTENT = ascii("content");
  private static final byte[] PROMPT_TOKENS = ascii("prompt_tokens");
  private static final byte[] COMPLETION_TOKENS = ascii("completion_tokens");

  /** Thrown (without a stack trace) at the first byte that is not valid JSON. */
  private static final class Malformed extends Exception {
    Malformed() {
      super(null, null, false, false);
    }
  }

  private static final Malformed MALFORMED = new Malformed();

  private byte[] b;
  private int p;
  private int end;
  private int depth;
  private long number;
  private boolean integral;

  boolean hasChoices;
  boolean token;
  boolean error;
  int promptTokens;
  int completionTokens;

  /**
   * Scans {@code buf[from, to)}; false when it is not exactly one JSON object. The fields above are
   * set from what was read ({@code -1} for token counts not present).
   */
  boolean scan(byte[] buf, int from, int to) {
    b = buf;
    p = from;
    end = to;
    depth = 0;
    hasChoices = false;
    token = false;
    error = false;
    promptTokens = -1;
    completionTokens = -1;
    try {
      ws();
      if (p >= end || b[p] != '{') {
        return false;
      }
      topObject();
      ws();
      return p == end;
    } catch (Malformed e) {
      return false;
    }
  }

  private void topObject() throws Malformed {
    p++;
    ws();
    if (peek() == '}') {
      p++;
      return;
    }
    while (true) {
      ws();
      int keyStart = p + 1;
      string();
      int keyEnd = p - 1;
      ws();
      expect(':');
      ws();
      if (is(keyStart, keyEnd, CHOICES) && peek() == '[') {
        hasChoices = true;
        token = choices();
      } else if (is(keyStart, keyEnd, USAGE) && peek() == '{') {
        usage();
      } else {
        if (is(keyStart, keyEnd, ERROR)) {
          error = true;
        }
        value();
      }
      if (!nextMember('}')) {
        return;
      }
    }
  }

  /** After a member or element: true after a comma, false after {@code close}. */
  private boolean nextMember(char close) throws Malformed {
    ws();
    byte c = next();
    if (c == ',') {
      return true;
    }
    if (c == close) {
      return false;
    }
    throw MALFORMED;
  }

  /** A choices array; true when its first element has non-empty text or delta content. */
  private boolean choices() throws Malformed {
    p++;
    ws();
    if (peek() == ']') {
      p++;
      return false;
    }
    boolean text = false;
    boolean first = true;
    while (true) {
      ws();
      if (first && peek() == '{') {
        text = firstChoice();
      } else {
        value();
      }
      first = false;
      if (!nextMember(']')) {
        return text;
      }
    }
  }

  private boolean firstChoice() throws Malformed {
    p++;
    ws();
    if (peek() == '}') {
      p++;
      return false;
    }
    boolean text = false;
    while (true) {
      ws();
      int keyStart = p + 1;
      string();
      int keyEnd = p - 1;
      ws();
      expect(':');
      ws();
      if (is(keyStart, keyEnd, TEXT) && peek() == '"') {
        text = string() > 0;
      } else if (is(keyStart, keyEnd, DELTA) && peek() == '{') {
        text = delta();
      } else {
        value();
      }
      if (!nextMember('}')) {
        return text;
      }
    }
  }

  private boolean delta() throws Malformed {
    p++;
    ws();
    if (peek() == '}') {
      p++;
      return false;
    }
    boolean text = false;
    while (true) {
      ws();
      int keyStart = p + 1;
      string();
      int keyEnd = p - 1;
      ws();
      expect(':');
      ws();
      if (is(keyStart, keyEnd, CONTENT) && peek() == '"') {
        text = string() > 0;
      } else {
        value();
      }
      if (!nextMember('}')) {
        return text;
      }
    }
  }

  private void usage() throws Malformed {
    p++;
    ws();
    if (peek() == '}') {
      p++;
      return;
    }
    while (true) {
      ws();
      int keyStart = p + 1;
      string();
      int keyEnd = p - 1;
      ws();
      expect(':');
      ws();
      byte c = peek();
      if (c == '-' || (c >= '0' && c <= '9')) {
        number();
        if (integral) {
          int v = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number));
          if (is(keyStart, keyEnd, PROMPT_TOKENS)) {
            promptTokens = v;
          } else if (is(keyStart, keyEnd, COMPLETION_TOKENS)) {
            completionTokens = v;
          }
        }
      } else {
        value();
      }
      if (!nextMember('}')) {
        return;
      }
    }
  }

  /** Any JSON value, checked and skipped. */
  private void value() throws Malformed {
    byte c = peek();
    switch (c) {
      case '{' -> container('}');
      case '[' -> container(']');
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
        } else {
          throw MALFORMED;
        }
      }
    }
  }

  private void container(char close) throws Malformed {
    if (++depth > MAX_DEPTH) {
      throw MALFORMED;
    }
    p++;
    ws();
    if (peek() == close) {
      p++;
      depth--;
      return;
    }
    while (true) {
      ws();
      if (close == '}') {
        string();
        ws();
        expect(':');
        ws();
      }
      value();
      if (!nextMember(close)) {
        depth--;
        return;
      }
    }
  }

  /** A string; returns its length in bytes as written (0 only for {@code ""}). */
  private int string() throws Malformed {
    expect('"');
    byte[] buf = b;
    int i = p;
    int stop = end;
    int start = i;
    while (i < stop) {
      byte c = buf[i++];
      if (c == '"') {
        p = i;
        return i - 1 - start;
      }
      if (c == '\\') {
        p = i;
        escape();
        i = p;
      } else if (c >= 0 && c < 0x20) {
        throw MALFORMED;
      }
    }
    throw MALFORMED;
  }

  /** The rest of an escape sequence, after its backslash. */
  private void escape() throws Malformed {
    byte e = next();
    if (e == 'u') {
      for (int i = 0; i < 4; i++) {
        byte h = next();
        if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
          throw MALFORMED;
        }
      }
    } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
        && e != 't') {
      throw MALFORMED;
    }
  }

  private void number() throws Malformed {
    boolean negative = false;
    if (peek() == '-') {
      negative = true;
      p++;
    }
    byte c = next();
    if (c < '0' || c > '9') {
      throw MALFORMED;
    }
    long v = c - '0';
    if (c != '0') {
      while (p < end && b[p] >= '0' && b[p] <= '9') {
        v = v < Long.MAX_VALUE / 10 ? v * 10 + (b[p] - '0') : Long.MAX_VALUE;
        p++;
      }
    }
    integral = true;
    if (p < end && b[p] == '.') {
      integral = false;
      p++;
      digits();
    }
    if (p < end && (b[p] == 'e' || b[p] == 'E')) {
      integral = false;
      p++;
      if (p < end && (b[p] == '+' || b[p] == '-')) {
        p++;
      }
      digits();
    }
    number = negative ? -v : v;
  }

  private void digits() throws Malformed {
    int start = p;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
    if (p == start) {
      throw MALFORMED;
    }
  }

  private void literal(String word) throws Malformed {
    for (int i = 0; i < word.length(); i++) {
      if (next() != word.charAt(i)) {
        throw MALFORMED;
      }
    }
  }

  private void ws() {
    byte[] buf = b;
    int i = p;
    int stop = end;
    while (i < stop) {
      byte c = buf[i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    p = i;
  }

  private byte peek() throws Malformed {
    if (p >= end) {
      throw MALFORMED;
    }
    return b[p];
  }

  private byte next() throws Malformed {
    if (p >= end) {
      throw MALFORMED;
    }
    return b[p++];
  }

  private void expect(char c) throws Malformed {
    if (next() != c) {
      throw MALFORMED;
    }
  }

  /** Whether the key bytes {@code b[from, to)} (no escapes) are {@code name}. */
  private boolean is(int from, int to, byte[] name) {
    if (to - from != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (b[from + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
