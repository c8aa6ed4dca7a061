package dev.orderly.app;

import dev.orderly.core.test.Db;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.config.ConfigException;
import dev.orderly.core.config.Role;
import dev.orderly.core.test.TestServices;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StartupIT {
  @ParameterizedTest
  @EnumSource(Db.class)
  void startsStopsAndStartsAgainOnTheSameData(Db db, @TempDir Path dir) {
    RunningOrderly first = RunningOrderly.start(db, dir);
    assertThat(first.settings().roles()).containsExactlyInAnyOrder(Role.values());
    assertThat(first.vertx().deploymentIDs()).hasSize(Service.values().length);
    assertThat(first.port()).isPositive();

    try (RunningOrderly second = first.restart()) {
      assertThat(second.port()).isEqualTo(first.port());
      assertThat(second.vertx().deploymentIDs()).hasSize(Service.values().length);
      // the first start migrated everything; the second found nothing left to do
      assertThat(RunningOrderly.await(Orderly.migrate(second.vertx(), second.settings()))).isZero();
    }
  }

  @Test
  void deploysSeveralGatewayInstances(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("HTTP_INSTANCES", "3"))) {
      assertThat(app.settings().httpInstances()).isEqualTo(3);
      assertThat(Service.GATEWAY.instances(app.settings())).isEqualTo(3);
      assertThat(app.vertx().deploymentIDs()).hasSize(Service.values().length);
    }
  }

  @Test
  void zeroGatewayInstancesMeansOnePerProcessor(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("HTTP_INSTANCES", "0"))) {
      assertThat(Service.GATEWAY.instances(app.settings())).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
  }

  @Test
  void aGatewayOnlyNodeNeedsNoDatabase(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("ROLES", "gateway"))) {
      assertThat(app.settings().roles()).containsExactly(Role.GATEWAY);
      assertThat(app.vertx().deploymentIDs()).hasSize(1);
      assertThat(app.settings().sqliteFile()).doesNotExist();
    }
  }

  @Test
  void anEntitiesOnlyNodeMigratesItsTables(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("ROLES", "entities"))) {
      assertThat(app.settings().roles()).containsExactly(Role.ENTITIES);
      assertThat(app.vertx().deploymentIDs()).hasSize(1);
      assertThat(app.settings().sqliteFile()).exists();
    }
  }

  @Test
  void aBadConfigurationFailsTheStartWithTheKey(@TempDir Path dir) {
    JsonObject overrides = TestServices.sqlite(dir).put("HTTP_PORT", "abc");

    assertThatThrownBy(() -> RunningOrderly.await(Orderly.start(overrides, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("HTTP_PORT: not a number: 'abc'");
  }

  @Test
  void closingTwiceIsHarmless(@TempDir Path dir) throws Exception {
    RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir);
    RunningOrderly.await(app.app().close());
    RunningOrderly.await(app.app().close());
    app.close();
    assertThat(Files.exists(dir.resolve("data/db.sqlite3"))).isTrue();
  }
}
