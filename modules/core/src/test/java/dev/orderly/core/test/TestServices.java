package dev.orderly.core.test;

import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real PostgreSQL and Redis for tests, from {@code TEST_PG_*} / {@code TEST_REDIS_URL} (defaults: the
 * project machines' 127.0.0.1 servers). Absent servers skip the test with a reason, or fail it when
 * {@code REQUIRE_SERVICES=true} (as {@code .ci/run} sets).
 */
public final class TestServices {
  public static final String PG_HOST = env("TEST_PG_HOST", "127.0.0.1");
  public static final int PG_PORT = Integer.parseInt(env("TEST_PG_PORT", "5432"));
  public static final String PG_DB = env("TEST_PG_DB", "test");
  public static final String PG_USER = env("TEST_PG_USER", "postgres");
  public static final String PG_PASSWORD = env("TEST_PG_PASSWORD", "");
  public static final String REDIS_URL = env("TEST_REDIS_URL", "redis://127.0.0.1:6379");

  /** A secret strong enough for DEBUG=false. */
  public static final String SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ";
  /** What every node of {@link #SECRET} signs its requests and events with. */
  public static final CallerSigning SIGNING = CallerSigning.fromSecret(SECRET);

  private TestServices() {}

  public static boolean requireServices() {
    String v = System.getProperty("REQUIRE_SERVICES");
    if (v == null || v.isBlank() || v.startsWith("${")) v = System.getenv("REQUIRE_SERVICES");
    return v != null && v.trim().toLowerCase(Locale.ROOT).equals("true");
  }

  /** Skips (or fails, under REQUIRE_SERVICES=true) when PostgreSQL does not answer. */
  public static void assumePostgres() {
    assumeReachable("PostgreSQL", PG_HOST, PG_PORT);
  }

  public static void assumeRedis() {
    java.net.URI uri = java.net.URI.create(REDIS_URL);
    assumeReachable("Redis", uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
  }

  private static void assumeReachable(String what, String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 1000);
    } catch (IOException e) {
      String reason = what + " is not reachable at " + host + ":" + port + " (" + e.getMessage() + ")";
      if (requireServices()) Assertions.fail(reason + " and REQUIRE_SERVICES=true");
      Assumptions.abort(reason + "; skipped");
    }
  }

  /**
   * Overrides for the cache service on the test Redis under a key prefix of its own (so concurrent test
   * runs never share counters); skips (or fails) when Redis does not answer.
   */
  public static JsonObject redis() {
    assumeRedis();
    return new JsonObject().put("REDIS_URL", REDIS_URL).put("CACHE_KEY_PREFIX", newCachePrefix());
  }

  /** A fresh Redis key prefix, {@code t<16 hex>:}. */
  public static String newCachePrefix() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + ":";
  }

  /** Overrides of a production node: {@code DEBUG=false} and the strong {@link #SECRET}. */
  public static JsonObject production() {
    return new JsonObject().put("DEBUG", "false").put("SECRET_KEY", SECRET);
  }

  /** Overrides for SQLite in {@code dir}. */
  public static JsonObject sqlite(Path dir) {
    return production().put("DATA_DIR", dir.toString());
  }

  /** Overrides for a fresh PostgreSQL schema of its own (drop it with {@link #dropSchema}). */
  public static JsonObject postgres(String schema) {
    return production()
        .put("POSTGRES_DB", PG_DB).put("POSTGRES_HOST", PG_HOST).put("POSTGRES_PORT", String.valueOf(PG_PORT))
        .put("POSTGRES_USER", PG_USER).put("POSTGRES_PASSWORD", PG_PASSWORD).put("POSTGRES_SCHEMA", schema);
  }

  public static String newSchemaName() {
    return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  public static void dropSchema(String schema) {
    String url = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + PG_DB;
    try (Connection c = DriverManager.getConnection(url, PG_USER, PG_PASSWORD); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema, e);
    }
  }

  /** Defaults plus {@code overrides}, as a verticle is deployed with them (environment ignored). */
  public static JsonObject config(Vertx vertx, JsonObject overrides) {
    return ConfigLoader.load(vertx, ConfigLoader.Sources.only(overrides)).await();
  }

  /** Defaults plus {@code overrides}, checked, as a node would see them (environment ignored). */
  public static Settings settings(Vertx vertx, JsonObject overrides) {
    return ConfigLoader.settings(vertx, ConfigLoader.Sources.only(overrides)).await();
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String env(String key, String fallback) {
    String v = System.getenv(key);
    return v == null || v.isBlank() ? fallback : v;
  }
}
