package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.RequestContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class HealthRoutesTest {
  private static final JsonObject CACHE_UP = new JsonObject().put("id", "cache").put("status", "UP").put("backend", "memory");
  private static final JsonObject READY = readiness("UP", "UP", CACHE_UP);
  private static final JsonObject NOT_READY = readiness("DOWN", "DOWN", CACHE_UP);

  private GatewayFixture gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.deploy(vertx);
  }

  @Test
  void liveIsUpWithNoServiceAtAll() {
    HttpResponse<Buffer> response = gateway.send(GET, "/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
    assertThat(gateway.send(GET, "/health/live/").statusCode()).isEqualTo(200);
  }

  @Test
  void readyIsUpWhenTheEntityServiceAnswersPing(Vertx vertx) {
    FakeEntities entities = FakeEntities.register(vertx);
    entities.answers(msg -> msg.reply(new JsonObject().put("status", "UP")));

    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject()).isEqualTo(READY);
    assertThat(entities.last().headers().get(Actions.HEADER)).isEqualTo("ping");
    assertThat(entities.last().headers().get(RequestContext.REQUEST_ID_HEADER)).isEqualTo(response.getHeader("X-Request-Id"));

    entities.answers(msg -> msg.reply(Buffer.buffer("{\"status\":\"UP\"}")));
    assertThat(gateway.send(GET, "/health/ready/").bodyAsJsonObject()).isEqualTo(READY);
  }

  @Test
  void readyIs503NamingTheCheckWhenTheEntityServiceIsAbsent() {
    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    assertThat(response.bodyAsJsonObject()).isEqualTo(NOT_READY);
  }

  @Test
  void readyIs503WhenTheEntityServiceFailsOrIsNotUp(Vertx vertx) {
    FakeEntities entities = FakeEntities.register(vertx);
    entities.fails(503, new JsonObject().put("detail", "The database is unavailable, try again shortly.").put("code", "service_unavailable"));
    assertThat(gateway.send(GET, "/health/ready").bodyAsJsonObject()).isEqualTo(NOT_READY);

    entities.answers(msg -> msg.reply(new JsonObject().put("status", "DOWN")));
    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject()).isEqualTo(NOT_READY);
  }

  @Test
  void readyIs503NamingAuthWhenTheAuthServiceIsNotUp(Vertx vertx) {
    FakeEntities entities = FakeEntities.register(vertx);
    entities.answers(msg -> msg.reply(new JsonObject().put("status", "UP")));
    FakeAuth.on(vertx).answers(AuthClient.PING, new JsonObject().put("status", "DOWN"));

    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getJsonArray("checks").getJsonObject(1))
        .isEqualTo(new JsonObject().put("id", "auth").put("status", "DOWN"));
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
  }

  @Test
  void readyIs200AndDegradedWhenTheCacheServiceLostRedis(Vertx vertx) {
    FakeEntities entities = FakeEntities.register(vertx);
    entities.answers(msg -> msg.reply(new JsonObject().put("status", "UP")));
    String detail = "Redis at redis://127.0.0.1:6379 is unreachable: serving from memory; ... nodes x rate";
    gateway.cache.status(new JsonObject().put("status", "DEGRADED").put("backend", "memory").put("detail", detail));

    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject()).isEqualTo(readiness("DEGRADED", "UP",
        new JsonObject().put("id", "cache").put("status", "DEGRADED").put("backend", "memory").put("degraded", detail)));
  }

  @Test
  void readyIs503WhenTheCacheServiceIsAbsent(Vertx vertx) {
    FakeEntities entities = FakeEntities.register(vertx);
    entities.answers(msg -> msg.reply(new JsonObject().put("status", "UP")));
    gateway.cache.unregister();

    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject()).isEqualTo(readiness("DOWN", "UP", new JsonObject().put("id", "cache").put("status", "DOWN")));
  }

  private static JsonObject readiness(String status, String entities, JsonObject cache) {
    return new JsonObject().put("status", status)
        .put("checks", new JsonArray().add(new JsonObject().put("id", "entities").put("status", entities))
            .add(new JsonObject().put("id", "auth").put("status", "UP")).add(cache));
  }
}
