package dev.orderly.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.test.TestServices;
import dev.orderly.core.test.TestVertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @RegisterExtension
  final TestVertx node = new TestVertx();

  private Settings load(JsonObject overrides) {
    return node.settings(overrides);
  }

  @Test
  void defaultsComeFromConfOrderlyJson() {
    Settings s = load(new JsonObject().put("DEBUG", "true"));
    assertThat(s.httpPort()).isEqualTo(8080);
    assertThat(s.usesPostgres()).isFalse();
    assertThat(s.sqliteFile()).isEqualTo(Path.of("./data").resolve("db.sqlite3"));
    assertThat(s.mediaRoot()).isEqualTo(Path.of("./data").resolve("media"));
    assertThat(s.allowedHosts()).containsExactly("localhost", "127.0.0.1", "[::1]");
    assertThat(s.roles()).containsExactlyInAnyOrder(Role.values());
    assertThat(s.maxBodySize()).isEqualTo(1024 * 1024);
  }

  @Test
  void productionRefusesAWeakOrMissingSecretKey() {
    for (String weak : new String[] {"", "short", "django-insecure-" + "x".repeat(60), "a".repeat(60)}) {
      assertThatThrownBy(() -> load(new JsonObject().put("DEBUG", "false").put("SECRET_KEY", weak)))
          .isInstanceOf(ConfigException.class).hasMessageStartingWith("SECRET_KEY:")
          .extracting(e -> ((ConfigException) e).key()).isEqualTo("SECRET_KEY");
    }
    assertThat(load(new JsonObject().put("DEBUG", "false").put("SECRET_KEY", TestServices.SECRET)).debug()).isFalse();
  }

  @Test
  void badValuesNameTheirKey() {
    assertKey(new JsonObject().put("HTTP_PORT", "eighty"), "HTTP_PORT");
    assertKey(new JsonObject().put("HTTP_PORT", "70000"), "HTTP_PORT");
    assertKey(new JsonObject().put("ROLES", "gateway,bogus"), "ROLES");
    assertKey(new JsonObject().put("DEBUG", "perhaps"), "DEBUG");
    assertKey(new JsonObject().put("DB_POOL_SIZE", "0"), "DB_POOL_SIZE");
    assertKey(new JsonObject().put("POSTGRES_DB", "x").put("POSTGRES_PORT", "p"), "POSTGRES_PORT");
    assertKey(new JsonObject().put("THROTTLE_RATES", "anon=lots/hour"), "THROTTLE_RATES");
    assertKey(new JsonObject().put("REDIS_URL", "127.0.0.1:6379"), "REDIS_URL");
    assertKey(new JsonObject().put("CACHE_TTL_SECONDS", "0"), "CACHE_TTL_SECONDS");
    assertKey(new JsonObject().put("CACHE_ENABLED", "maybe"), "CACHE_ENABLED");
    assertKey(new JsonObject().put("SHUTDOWN_DELAY_MS", "-1"), "SHUTDOWN_DELAY_MS");
    assertKey(new JsonObject().put("SHUTDOWN_TIMEOUT_MS", "soon"), "SHUTDOWN_TIMEOUT_MS");
    for (String origin : new String[] {"*", "example.com", "https://example.com/path", "https://"}) {
      assertKey(new JsonObject().put("CORS_ALLOWED_ORIGINS", "https://ok.example," + origin), "CORS_ALLOWED_ORIGINS");
    }
  }

  @Test
  void cacheAndProtectionSettingsParse() {
    Settings s = load(new JsonObject().put("DEBUG", "true").put("THROTTLE_RATES", "anon=3/minute")
        .put("CORS_ALLOWED_ORIGINS", "https://app.example, http://localhost:3000").put("REDIS_URL", "redis://127.0.0.1:6379/1"));
    assertThat(s.throttleRates().rate("anon")).contains(new ThrottleRates.Rate(3, 60));
    assertThat(s.corsAllowedOrigins()).containsExactly("https://app.example", "http://localhost:3000");
    assertThat(s.usesRedis()).isTrue();
    assertThat(s.cache()).isEqualTo(new Settings.Cache(true, 300, 10_000, "orderly:", 1000, 2000));
    assertThat(load(new JsonObject().put("DEBUG", "true")).usesRedis()).isFalse();
  }

  @Test
  void aProductionClusterNeedsMutualTlsOnItsEventBus() {
    JsonObject cluster = TestServices.production().put("CLUSTER", "true");
    assertKey(cluster, "CLUSTER_TLS_KEYSTORE");
    assertThat(load(cluster.copy().put("DEBUG", "true")).cluster().tls().enabled()).as("DEBUG: a plaintext bus").isFalse();
    assertThat(load(TestServices.production()).cluster().tls().enabled()).as("no cluster, no bus to protect").isFalse();
    assertKey(cluster.copy().put("CLUSTER_TLS_KEYSTORE", "node.p12"), "CLUSTER_TLS_TRUSTSTORE");
    assertKey(cluster.copy().put("CLUSTER_TLS_TRUSTSTORE", "trust.p12"), "CLUSTER_TLS_KEYSTORE");
    Settings.Tls tls = load(cluster.copy().put("CLUSTER_TLS_KEYSTORE", "node.p12").put("CLUSTER_TLS_KEYSTORE_PASSWORD", "s3cret-key")
        .put("CLUSTER_TLS_TRUSTSTORE", "trust.p12").put("CLUSTER_TLS_TRUSTSTORE_PASSWORD", "s3cret-trust")).cluster().tls();
    assertThat(tls).isEqualTo(new Settings.Tls("node.p12", "s3cret-key", "trust.p12", "s3cret-trust"));
    assertThat(tls.toString()).contains("node.p12").doesNotContain("s3cret");
  }

  @Test
  void shutdownDefaultsToNoDelayAndTenSecondsForRequestsInProgress() {
    assertThat(load(new JsonObject().put("DEBUG", "true")).shutdown()).isEqualTo(new Settings.Shutdown(0, 10_000));
    assertThat(load(new JsonObject().put("DEBUG", "true").put("SHUTDOWN_DELAY_MS", "5000").put("SHUTDOWN_TIMEOUT_MS", "0")).shutdown())
        .isEqualTo(new Settings.Shutdown(5000, 0));
  }

  private void assertKey(JsonObject overrides, String key) {
    assertThatThrownBy(() -> load(overrides.put("SECRET_KEY", TestServices.SECRET)))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith(key + ":");
  }

  @Test
  void rolesAndListsParse() {
    Settings s = load(new JsonObject().put("DEBUG", "true").put("ROLES", " Gateway , entities ").put("ALLOWED_HOSTS", "a.example, .b.example,,"));
    assertThat(s.roles()).containsExactlyInAnyOrder(Role.GATEWAY, Role.ENTITIES);
    assertThat(s.allowedHosts()).containsExactly("a.example", ".b.example");
    assertThat(load(new JsonObject().put("DEBUG", "true").put("ROLES", "gateway")).roles()).containsExactly(Role.GATEWAY);
  }

  @Test
  void envFileOverridesConfFileAndOverridesWinOverBoth(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("extra.json");
    Files.writeString(conf, "{\"HTTP_PORT\": \"9001\", \"DATA_DIR\": \"/from-conf\", \"DEBUG\": \"true\"}");
    Path env = dir.resolve(".env");
    Files.writeString(env, "# comment\nDATA_DIR=\"/from-env\"\nHTTP_PORT=9002\n");
    JsonObject raw = ConfigLoader.load(node.vertx(), new ConfigLoader.Sources(conf, env, false, new JsonObject().put("HTTP_PORT", "9003"))).await();
    Settings s = Settings.from(raw);
    assertThat(s.dataDir()).isEqualTo(Path.of("/from-env"));
    assertThat(s.httpPort()).isEqualTo(9003);
    assertThat(s.debug()).isTrue();
  }

  @Test
  void unreadableConfFileNamesItsKey(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(node.vertx(), new ConfigLoader.Sources(dir.resolve("missing.json"), null, false, null)).await())
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("ORDERLY_CONF:");
  }

  @Test
  void malformedConfFileIsAConfigError(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("bad.json");
    Files.writeString(conf, "{ not json");
    assertThatThrownBy(() -> ConfigLoader.load(node.vertx(), new ConfigLoader.Sources(conf, null, false, null)).await())
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("ORDERLY_CONF:");
  }
}
