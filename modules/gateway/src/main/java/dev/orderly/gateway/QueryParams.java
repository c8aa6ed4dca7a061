package dev.orderly.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Parses a raw query string the way Django fills {@code request.GET}: names are case-sensitive, every
 * value is kept in order, {@code +} is a space, a name without {@code =} has the value "", and a
 * malformed escape is kept as written rather than rejected.
 */
final class QueryParams {
  private QueryParams() {}

  /** {@code {name: [values...]}} in order of first appearance; {@code query} may be null. */
  static JsonObject parse(String query) {
    JsonObject params = new JsonObject();
    if (query == null || query.isEmpty()) return params;
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      JsonArray values = params.getJsonArray(name);
      if (values == null) params.put(name, values = new JsonArray());
      values.add(value);
    }
    return params;
  }

  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
        out.write(hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    return Character.digit(b, 16);
  }
}
