package dev.orderly.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.config.Settings;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  private static final String SERVICE = "migrationsprobe";

  @Test
  void aServiceIsMigratedOncePerVertxInstanceAndDatabase(@TempDir Path dir) throws Exception {
    Vertx first = Vertx.vertx();
    Vertx second = Vertx.vertx();
    try {
      Settings settings = Settings.from(ConfigLoader.load(first, ConfigLoader.Sources.only(TestServices.sqlite(dir))).await());
      assertThat(Migrations.migrate(first, settings, SERVICE).await()).isEqualTo(1);
      assertThat(tables(settings)).isEqualTo(1);

      // were Flyway to run again on this instance, it would create the table anew
      drop(settings);
      assertThat(Migrations.migrate(first, settings, SERVICE).await()).as("done already on this instance").isZero();
      assertThat(tables(settings)).isZero();

      assertThat(Migrations.migrate(second, settings, SERVICE).await()).as("another instance runs Flyway").isEqualTo(1);
      assertThat(tables(settings)).isEqualTo(1);
    } finally {
      first.close().await();
      second.close().await();
    }
  }

  private static int tables(Settings settings) throws Exception {
    try (Connection c = DriverManager.getConnection(Database.sqliteUrl(settings)); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'migrations_probe'")) {
      return r.next() ? r.getInt(1) : -1;
    }
  }

  private static void drop(Settings settings) throws Exception {
    try (Connection c = DriverManager.getConnection(Database.sqliteUrl(settings)); Statement s = c.createStatement()) {
      s.execute("DROP TABLE migrations_probe");
      s.execute("DROP TABLE flyway_" + SERVICE + "_history");
    }
  }
}
