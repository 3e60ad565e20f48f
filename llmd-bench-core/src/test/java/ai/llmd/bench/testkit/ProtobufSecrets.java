package ai.llmd.bench.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes the Kubernetes protobuf encoding of a {@code v1.Secret}, the only protobuf body Helm
 * sends (its release records), into the JSON the CRUD mock understands. Field numbers from
 * k8s.io/api/core/v1/generated.proto and apimachinery's runtime.Unknown.
 */
final class ProtobufSecrets {
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private ProtobufSecrets() {}

  static boolean isEnvelope(byte[] body) {
    if (body.length < 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if (body[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /** The Secret in an envelope, as a JSON-ready map. */
  static Map<String, Object> secret(byte[] envelope) {
    Reader unknown = new Reader(envelope, 4, envelope.length);
    byte[] raw = null;
    while (unknown.more()) {
      int key = (int) unknown.varint();
      if (key >>> 3 == 2 && (key & 7) == 2) {
        raw = unknown.bytes();
      } else {
        unknown.skip(key & 7);
      }
    }
    if (raw == null) {
      throw new IllegalArgumentException("protobuf envelope without raw object");
    }
    Map<String, Object> secret = new LinkedHashMap<>();
    secret.put("apiVersion", "v1");
    secret.put("kind", "Secret");
    Map<String, Object> data = new LinkedHashMap<>();
    Reader r = new Reader(raw, 0, raw.length);
    while (r.more()) {
      int key = (int) r.varint();
      int field = key >>> 3;
      if (field == 1 && (key & 7) == 2) {
        secret.put("metadata", objectMeta(r.bytes()));
      } else if (field == 2 && (key & 7) == 2) {
        Map.Entry<String, byte[]> e = entry(r.bytes());
        data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue()));
      } else if (field == 3 && (key & 7) == 2) {
        secret.put("type", new String(r.bytes(), StandardCharsets.UTF_8));
      } else if (field == 5 && (key & 7) == 0) {
        secret.put("immutable", r.varint() != 0);
      } else {
        r.skip(key & 7);
      }
    }
    secret.put("data", data);
    return secret;
  }

  private static Map<String, Object> objectMeta(byte[] bytes) {
    Map<String, Object> meta = new LinkedHashMap<>();
    Map<String, Object> labels = new LinkedHashMap<>();
    Map<String, Object> annotations = new LinkedHashMap<>();
    Reader r = new Reader(bytes, 0, bytes.length);
    while (r.more()) {
      int key = (int) r.varint();
      int field = key >>> 3;
      if ((key & 7) != 2) {
        r.skip(key & 7);
        continue;
      }
      byte[] v = r.bytes();
      switch (field) {
        case 1 -> meta.put("name", utf8(v));
        case 3 -> meta.put("namespace", utf8(v));
        case 6 -> meta.put("resourceVersion", utf8(v));
        case 11 -> {
          var e = entry(v);
          labels.put(e.getKey(), utf8(e.getValue()));
        }
        case 12 -> {
          var e = entry(v);
          annotations.put(e.getKey(), utf8(e.getValue()));
        }
        default -> {}
      }
    }
    if (!labels.isEmpty()) {
      meta.put("labels", labels);
    }
    if (!annotations.isEmpty()) {
      meta.put("annotations", annotations);
    }
    return meta;
  }

  private static Map.Entry<String, byte[]> entry(byte[] bytes) {
    Reader r = new Reader(bytes, 0, bytes.length);
    String k = "";
    byte[] v = new byte[0];
    while (r.more()) {
      int key = (int) r.varint();
      if ((key & 7) != 2) {
        r.skip(key & 7);
      } else if (key >>> 3 == 1) {
        k = utf8(r.bytes());
      } else if (key >>> 3 == 2) {
        v = r.bytes();
      } else {
        r.bytes();
      }
    }
    return Map.entry(k, v);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A protobuf wire-format reader over a byte range. */
  private static final class Reader {
    private final byte[] buf;
    private int pos;
    private final int end;

    Reader(byte[] buf, int from, int to) {
      this.buf = buf;
      this.pos = from;
      this.end = to;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long result = 0;
      int shift = 0;
      while (true) {
        byte b = buf[pos++];
        result |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
        shift += 7;
      }
    }

    byte[] bytes() {
      int length = (int) varint(); // read the length first: varint() moves pos
      ByteArrayOutputStream out = new ByteArrayOutputStream(length);
      out.write(buf, pos, length);
      pos += length;
      return out.toByteArray();
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 2 -> {
          int length = (int) varint();
          pos += length;
        }
        case 5 -> pos += 4;
        default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType);
      }
    }
  }
}
