package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import dev.orderly.core.test.TestServices;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands through {@link Main#execute}, as the jar runs them, without ending the JVM. */
class MainIT {
  static String[] args(String command, JsonObject overrides, String... more) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(Db.arguments(overrides)));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void migrateTwiceOnTheSameDataSucceeds(Db db, @TempDir Path dir) {
    JsonObject overrides = db.overrides(dir);
    try {
      MainTest.Result first = MainTest.execute(args("migrate", overrides));
      MainTest.Result second = MainTest.execute(args("migrate", overrides));

      assertThat(first.status()).as(first.err()).isZero();
      assertThat(second.status()).as(second.err()).isZero();
      assertThat(second.out()).startsWith("Migrations applied: 0 (" + (db == Db.SQLITE ? "sqlite " : "postgresql "));
      if (db == Db.SQLITE) assertThat(dir.resolve("data/db.sqlite3")).exists();
    } finally {
      db.cleanup(overrides);
    }
  }

  @Test
  void runWithDemoStartsEvenWhenTheDataCannotBeLoaded(@TempDir Path dir) {
    // no entity service on this node: the demo data has nowhere to go
    JsonObject overrides = Db.SQLITE.overrides(dir).put("HTTP_PORT", String.valueOf(TestServices.freePort()))
        .put("ROLES", "gateway,auth,cache");

    MainTest.Result r = MainTest.execute(args("run", overrides, "--demo"));

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"run|Cannot start: ", "migrate|Cannot migrate: "})
  void anUnreachableDatabaseIsOneClearLineAndStatus1(String testCase, @TempDir Path dir) {
    String[] parts = testCase.split("\\|");
    JsonObject overrides = TestServices.postgres("nowhere").put("DATA_DIR", dir.toString())
        .put("POSTGRES_PORT", String.valueOf(TestServices.freePort())).put("DB_CONNECT_TIMEOUT_MS", "500");

    MainTest.Result r = MainTest.execute(args(parts[0], overrides));

    assertThat(r.status()).isEqualTo(Main.FAILURE);
    assertThat(r.err()).startsWith(parts[1] + "migrating entities on postgresql " + TestServices.PG_HOST + ":");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void aBusyPortIsOneClearLineNamingHttpPort(@TempDir Path dir) throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
      JsonObject overrides = Db.SQLITE.overrides(dir).put("HTTP_PORT", String.valueOf(busy.getLocalPort()));

      MainTest.Result r = MainTest.execute(args("run", overrides));

      assertThat(r.status()).isEqualTo(Main.FAILURE);
      assertThat(r.err()).isEqualTo("Cannot start: HTTP_PORT " + busy.getLocalPort()
          + " is already in use on 0.0.0.0; stop the other process or set HTTP_PORT to a free port." + System.lineSeparator());
    }
  }

  @Test
  void aBusyMetricsPortIsOneClearLineNamingMetricsPort(@TempDir Path dir) throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
      JsonObject overrides = Db.SQLITE.overrides(dir).put("HTTP_PORT", String.valueOf(TestServices.freePort()))
          .put("METRICS_PORT", String.valueOf(busy.getLocalPort()));

      MainTest.Result r = MainTest.execute(args("run", overrides));

      assertThat(r.status()).isEqualTo(Main.FAILURE);
      assertThat(r.err()).isEqualTo("Cannot start: METRICS_PORT " + busy.getLocalPort()
          + " is already in use on 0.0.0.0; stop the other process or set METRICS_PORT to a free port." + System.lineSeparator());
    }
  }
}
