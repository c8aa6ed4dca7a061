package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /health/*} against stand-ins for the services: which checks there are, what each says, and that readiness
 * is 503 naming what failed and 200 again once it answers.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class HealthRoutesTest {
  private static final JsonObject PONG = new ServiceClient.Pong(true).toJson();
  private static final JsonObject NO_DATABASE = new ServiceClient.Pong(false).toJson();
  private static final String REDIS_DOWN = "Redis at redis://127.0.0.1:6379 is unreachable: serving from memory; ... nodes x rate";

  private static JsonObject up(String id) {
    return new JsonObject().put("id", id).put("status", "UP");
  }

  private static JsonObject down(String id, String detail) {
    return new JsonObject().put("id", id).put("status", "DOWN").put("detail", detail);
  }

  private static JsonObject cache(String backend) {
    return up("cache").put("backend", backend);
  }

  private static JsonObject readiness(String status, JsonObject... checks) {
    return new JsonObject().put("status", status).put("checks", new JsonArray(java.util.List.of((Object[]) checks)));
  }

  /** The export service's stand-in: answers its ping with {@code pong} (null: fails it, as a service that is not UP). */
  private static final class FakeExport {
    final AtomicReference<JsonObject> pong = new AtomicReference<>(PONG);
    final MessageConsumer<JsonObject> consumer;

    FakeExport(Vertx vertx) {
      consumer = vertx.eventBus().consumer(ExportClient.ADDRESS, msg -> {
        if (ServiceClient.PING.equals(msg.headers().get(Actions.HEADER))) msg.reply(pong.get());
        else msg.fail(501, "not faked");
      });
      consumer.completion().await();
    }
  }

  /** A gateway whose entity and export services answer their pings with the database UP, as the auth and cache fakes do. */
  private static GatewayFixture allUp(Vertx vertx, JsonObject overrides) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, overrides);
    gateway.entities.answers(msg -> msg.reply(PONG));
    new FakeExport(vertx);
    return gateway;
  }

  @Test
  void liveIsUpWithNoServiceAtAll(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.deploy(vertx);

    HttpResponse<Buffer> response = gateway.send(GET, "/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
    assertThat(gateway.send(GET, "/health/live/").statusCode()).isEqualTo(200);
  }

  @Test
  void readyIsUpWhenTheDatabaseAndEveryServiceAnswer(Vertx vertx) {
    GatewayFixture gateway = allUp(vertx, new JsonObject());

    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(readiness("UP", up("database"), up("entities"), up("auth"), up("export"), cache("memory")));
    assertThat(gateway.entities.last().headers().get(Actions.HEADER)).isEqualTo("ping");
    assertThat(gateway.entities.last().headers().get(RequestContext.REQUEST_ID_HEADER)).isEqualTo(response.getHeader("X-Request-Id"));

    // a service may reply a rendered buffer
    gateway.entities.answers(msg -> msg.reply(PONG.toBuffer()));
    assertThat(gateway.send(GET, "/health/ready/").statusCode()).isEqualTo(200);
  }

  @Test
  void readyIs503NamingEachServiceThatIsNotRunning(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.deploy(vertx);

    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    assertThat(response.bodyAsJsonObject()).isEqualTo(readiness("DOWN", up("database"),
        down("entities", "no instance of the service is running"), up("auth"),
        down("export", "no instance of the service is running"), cache("memory")));
  }

  @Test
  void readyIs503NamingTheDatabaseWhileAServiceCannotReachItAnd200WhenItAnswersAgain(Vertx vertx) {
    GatewayFixture gateway = allUp(vertx, new JsonObject());
    gateway.entities.answers(msg -> msg.reply(NO_DATABASE));
    FakeAuth.on(vertx).answers(AuthClient.PING, NO_DATABASE);

    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject()).isEqualTo(readiness("DOWN",
        down("database", "it does not answer the entities, auth services"), up("entities"), up("auth"), up("export"), cache("memory")));

    gateway.entities.answers(msg -> msg.reply(PONG));
    FakeAuth.on(vertx).answers(AuthClient.PING, PONG);
    assertThat(gateway.send(GET, "/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void theDatabaseIsDownWhenNoServiceThatUsesItAnswers(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.deploy(vertx);
    FakeAuth.on(vertx).answers(AuthClient.PING, new JsonObject().put("status", "DOWN"));

    JsonObject body = gateway.send(GET, "/health/ready").bodyAsJsonObject();

    assertThat(body.getJsonArray("checks").getJsonObject(0)).isEqualTo(down("database", "unknown: no service that uses it answered"));
    assertThat(body.getJsonArray("checks").getJsonObject(2)).isEqualTo(down("auth", "the service says it is not UP"));
  }

  @Test
  void readyIs503WhenTheEntityServiceFails(Vertx vertx) {
    GatewayFixture gateway = allUp(vertx, new JsonObject());
    gateway.entities.fails(503, new JsonObject().put("detail", "The service is unavailable.").put("code", "service_unavailable"));

    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getJsonArray("checks").getJsonObject(1))
        .isEqualTo(down("entities", "the service failed with 503"));
  }

  @Test
  void withRedisConfiguredReadyIs503NamingRedisWhileTheCacheServiceServesFromMemoryAnd200WhenItIsBack(Vertx vertx) {
    GatewayFixture gateway = allUp(vertx, new JsonObject().put("REDIS_URL", "redis://127.0.0.1:6379"));
    gateway.cache.status(new JsonObject().put("status", "UP").put("backend", "redis"));

    HttpResponse<Buffer> ready = gateway.send(GET, "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject()).isEqualTo(readiness("UP", up("database"), up("redis"), up("entities"), up("auth"),
        up("export"), cache("redis")));

    gateway.cache.status(new JsonObject().put("status", "DEGRADED").put("backend", "memory").put("detail", REDIS_DOWN));
    HttpResponse<Buffer> lost = gateway.send(GET, "/health/ready");
    assertThat(lost.statusCode()).isEqualTo(503);
    assertThat(lost.bodyAsJsonObject()).isEqualTo(readiness("DOWN", up("database"), down("redis", REDIS_DOWN), up("entities"),
        up("auth"), up("export"), cache("memory")));

    gateway.cache.status(new JsonObject().put("status", "UP").put("backend", "redis"));
    assertThat(gateway.send(GET, "/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void withRedisConfiguredAnAbsentCacheServiceLeavesRedisUnknown(Vertx vertx) {
    GatewayFixture gateway = allUp(vertx, new JsonObject().put("REDIS_URL", "redis://127.0.0.1:6379"));
    gateway.cache.unregister();

    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject()).isEqualTo(readiness("DOWN", up("database"),
        down("redis", "unknown: the cache service did not answer"), up("entities"), up("auth"), up("export"),
        down("cache", "no instance of the service is running")));
  }

  @Test
  void withoutRedisThereIsNoRedisCheckAndAnAbsentCacheServiceIs503(Vertx vertx) {
    GatewayFixture gateway = allUp(vertx, new JsonObject());
    gateway.cache.unregister();

    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject()).isEqualTo(readiness("DOWN", up("database"), up("entities"), up("auth"), up("export"),
        down("cache", "no instance of the service is running")));
  }

  @Test
  void aServiceThatDoesNotAnswerInTimeIsDownSayingSo(Vertx vertx) {
    GatewayFixture gateway = allUp(vertx, new JsonObject());
    gateway.entities.answers(msg -> { });

    HttpResponse<Buffer> response = gateway.send(GET, "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getJsonArray("checks").getJsonObject(1))
        .isEqualTo(down("entities", "no answer within " + GatewayRouter.READINESS_TIMEOUT_MS + " ms"));
  }
}
