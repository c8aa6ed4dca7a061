package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TcpProxy;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The smallest end-to-end test (and the README's example of {@link RunningOrderly}), then readiness with real services. */
@Timeout(120)
class HealthIT {
  @ParameterizedTest
  @EnumSource(Db.class)
  void liveAnswers200(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      app.testRequest(HttpMethod.GET, "/health/live", null, 200);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void readyChecksTheDatabaseAndEveryServiceTheGatewayReliesOn(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      HttpResponse<Buffer> ready = app.testRequest(HttpMethod.GET, "/health/ready", null, 200);

      assertThat(ready.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP").put("checks", new JsonArray()
          .add(up("database")).add(up("entities")).add(up("auth")).add(up("export")).add(up("cache").put("backend", "memory"))));
    }
  }

  @Test
  void readyIs503NamingTheDatabaseWhileItIsUnreachableAnd200WhenItIsBack(@TempDir Path dir) {
    TestServices.assumePostgres();
    Vertx relayVertx = Vertx.vertx();
    TcpProxy relay = new TcpProxy(relayVertx, TestServices.PG_HOST, TestServices.PG_PORT, TestServices.freePort());
    relay.restore();
    try (RunningOrderly app = RunningOrderly.start(Db.POSTGRES, dir, new JsonObject().put("POSTGRES_PORT", String.valueOf(relay.port())))) {
      app.testRequest(HttpMethod.GET, "/health/ready", null, 200);

      relay.cut();
      JsonObject down = Eventually.within(Duration.ofSeconds(30), () -> {
        JsonObject ready = app.testRequest(HttpMethod.GET, "/health/ready", null, 503).bodyAsJsonObject();
        assertThat(ready.getJsonArray("checks").getJsonObject(0)).isEqualTo(new JsonObject().put("id", "database")
            .put("status", "DOWN").put("detail", "it does not answer the entities, auth, export services"));
        return ready;
      });
      assertThat(down.getString("status")).isEqualTo("DOWN");
      assertThat(down.getJsonArray("checks").getJsonObject(1)).as("the service itself answers").isEqualTo(up("entities"));

      relay.restore();
      Eventually.until("readiness 200 once the database answers", Duration.ofSeconds(30),
          () -> app.testRequest(HttpMethod.GET, "/health/ready", null).statusCode() == 200);
    } finally {
      relay.close();
      relayVertx.close().await();
    }
  }

  private static JsonObject up(String id) {
    return new JsonObject().put("id", id).put("status", "UP");
  }
}
