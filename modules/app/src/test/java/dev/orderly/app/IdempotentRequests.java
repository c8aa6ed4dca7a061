package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** What the {@code Idempotency-Key} suites share: keys, keyed requests, the replay check, and rows counted in the database. */
final class IdempotentRequests {
  static final String KEY = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";

  private IdempotentRequests() {}

  /** A key no test used before. */
  static String key() {
    return "key-" + UUID.randomUUID();
  }

  /** {@code method path} as the superuser, under {@code key}, with {@code body} ({@link RunningOrderly#send}). */
  static HttpResponse<Buffer> keyed(RunningOrderly app, HttpMethod method, String path, String key, Object body) {
    return app.send(app.request(method, path).putHeader(KEY, key), body);
  }

  static JsonObject supplier(String code) {
    return new JsonObject().put("code", code).put("name", "Supplier " + code);
  }

  /** Rows of {@code table} that match {@code where} (a condition with one text parameter), read beside the node. */
  static long count(RunningOrderly app, String table, String where, String value) {
    try (Connection c = TableRows.connect(app); PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + where)) {
      st.setString(1, value);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code replay} is {@code first} again (status, body, Location, ETag), marked replayed; {@code first} is not. */
  static void assertReplayOf(HttpResponse<Buffer> replay, HttpResponse<Buffer> first) {
    assertThat(first.getHeader(REPLAYED)).as("a first answer is no replay").isNull();
    assertThat(replay.statusCode()).as(replay.bodyAsString()).isEqualTo(first.statusCode());
    assertThat(replay.bodyAsString()).isEqualTo(first.bodyAsString());
    assertThat(replay.getHeader("Location")).isEqualTo(first.getHeader("Location"));
    assertThat(replay.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
    assertThat(replay.getHeader(REPLAYED)).isEqualTo("true");
  }
}
