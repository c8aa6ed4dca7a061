package dev.orderly.app;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One hostile HTTP request of a fuzz run: its kind, method, raw URI (percent-encoded as sent), headers and
 * body, and the statuses it may get ({@code expected}; empty: any that is not 5xx).
 */
record Hostile(String kind, HttpMethod method, String uri, Map<String, String> headers, Buffer body, Set<Integer> expected) {
  static Builder of(String kind, HttpMethod method, String uri) {
    return new Builder(kind, method, uri);
  }

  @Override
  public String toString() {
    String shown = body == null ? "" : body.length() > 200 ? body.getString(0, 200, "ISO-8859-1") + "...(" + body.length() + " bytes)"
        : body.toString(StandardCharsets.ISO_8859_1);
    String uriShown = uri.length() > 200 ? uri.substring(0, 200) + "...(" + uri.length() + ")" : uri;
    return kind + ": " + method + " " + uriShown + " " + headers.keySet() + " " + shown;
  }

  static final class Builder {
    private final String kind;
    private final HttpMethod method;
    private final String uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Buffer body;
    private Set<Integer> expected = Set.of();

    private Builder(String kind, HttpMethod method, String uri) {
      this.kind = kind;
      this.method = method;
      this.uri = uri;
    }

    Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** A JSON body (as text, so it may be malformed), typed {@code application/json} unless a type is set. */
    Builder json(String text) {
      return bytes(Buffer.buffer(text, "UTF-8"));
    }

    Builder bytes(Buffer raw) {
      body = raw;
      headers.putIfAbsent("Content-Type", "application/json");
      return this;
    }

    Builder expect(Integer... statuses) {
      expected = Set.of(statuses);
      return this;
    }

    Hostile build() {
      return new Hostile(kind, method, uri, Map.copyOf(headers), body, expected);
    }
  }
}
