package dev.orderly.entities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.test.TcpProxy;
import dev.orderly.core.test.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away: requests get a 503 reply (not a send timeout, not a queue without end),
 * and the pool reconnects when the database is back.
 */
class DatabaseOutageIT {
  private Vertx vertx;
  private TcpProxy proxy;
  private String schema;
  private ResourceClient client;

  @BeforeEach
  void start() {
    TestServices.assumePostgres();
    vertx = Vertx.vertx();
    proxy = new TcpProxy(vertx, TestServices.PG_HOST, TestServices.PG_PORT, TestServices.freePort());
    proxy.restore();
    schema = TestServices.newSchemaName();
    JsonObject overrides = TestServices.postgres(schema).put("POSTGRES_PORT", String.valueOf(proxy.port()))
        .put("DB_POOL_SIZE", "1").put("DB_POOL_QUEUE", "2").put("DB_CONNECT_TIMEOUT_MS", "500").put("DB_ACQUIRE_TIMEOUT_MS", "1000");
    JsonObject config = ConfigLoader.load(vertx, ConfigLoader.Sources.only(overrides)).await();
    vertx.deployVerticle(EntityServiceVerticle.class, new DeploymentOptions().setConfig(config)).await();
    client = new ResourceClient(vertx, 15_000);
  }

  @AfterEach
  void stop() {
    if (vertx == null) return;
    proxy.close();
    vertx.close().await();
    TestServices.dropSchema(schema);
  }

  private int listStatus() {
    try {
      client.list(new ResourceRequest.ListPage("suppliers", new JsonObject(), "http://localhost/api/suppliers/"), RequestContext.anonymous("outage", TestServices.SIGNING)).await();
      return 200;
    } catch (ReplyException e) {
      assertThat(e.failureType()).as("the service answers; the caller never waits out its send timeout")
          .isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
      return e.failureCode();
    }
  }

  @Test
  void databaseGoneIs503AndThePoolReconnects() {
    assertThat(listStatus()).isEqualTo(200);
    proxy.cut();
    assertThat(listStatus()).isEqualTo(503);
    proxy.restore();
    int status = 503;
    for (int attempt = 0; attempt < 5 && status != 200; attempt++) status = listStatus();
    assertThat(status).isEqualTo(200);
  }

  @Test
  void hungDatabaseAndFullQueueAre503ForEveryWaitingRequest() {
    assertThat(listStatus()).isEqualTo(200);
    proxy.blackHole();
    List<Future<?>> calls = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(client.list(new ResourceRequest.ListPage("suppliers", new JsonObject(), "http://localhost/api/suppliers/"), RequestContext.anonymous("hung-" + i, TestServices.SIGNING))
          .transform(ar -> {
            synchronized (statuses) {
              if (ar.succeeded()) {
                statuses.add(200);
              } else {
                ReplyException re = (ReplyException) ar.cause();
                statuses.add(re.failureType() == ReplyFailure.RECIPIENT_FAILURE ? re.failureCode() : -1);
              }
            }
            return Future.succeededFuture();
          }));
    }
    Future.all(calls).await();
    assertThat(statuses).hasSize(8).containsOnly(503);
    ServiceError body = Consumers.toServiceError(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 503,
        ServiceError.unavailable("x").body().encode()));
    assertThat(body.body().getString("code")).isEqualTo("service_unavailable");
  }
}
