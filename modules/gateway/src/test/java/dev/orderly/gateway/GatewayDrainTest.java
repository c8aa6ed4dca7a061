package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.EventFeed;
import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.SseClient;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying the gateway drains it: readiness 503 at once while it still serves for {@code SHUTDOWN_DELAY_MS},
 * then no new connection, the requests in progress finishing within {@code SHUTDOWN_TIMEOUT_MS} and cut after it,
 * event streams ended rather than left to hold the shutdown. The entity service's stand-in holds the requests the
 * test wants in progress until it answers them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class GatewayDrainTest {
  /** Long enough for the test to see readiness answer 503 before the gateway stops accepting. */
  private static final String DELAY_MS = "5000";

  /** Entity service requests held unanswered, but pings, which it answers UP. */
  private static List<Message<JsonObject>> holdRequests(GatewayFixture gateway) {
    List<Message<JsonObject>> held = new CopyOnWriteArrayList<>();
    gateway.entities.answers(msg -> {
      if (ServiceClient.PING.equals(msg.headers().get(Actions.HEADER))) msg.reply(new ServiceClient.Pong(true).toJson());
      else held.add(msg);
    });
    return held;
  }

  /** A client that opens a connection per request, as a load balancer's probe does. */
  private static WebClient freshConnections(Vertx vertx) {
    return WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
  }

  private static boolean refused(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(GatewayFixture.HOST, port), 1_000);
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException other) {
      return false;
    }
  }

  private static <T> AsyncResult<T> outcome(Future<T> future) {
    return future.<AsyncResult<T>>transform(Future::succeededFuture).await();
  }

  @Test
  void readinessIs503AtOnceThenNoNewConnectionIsAcceptedAndTheRequestInProgressStillCompletes(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, new JsonObject().put("SHUTDOWN_DELAY_MS", DELAY_MS)
        .put("SHUTDOWN_TIMEOUT_MS", "30000").put("REQUEST_TIMEOUT_MS", "60000"));
    List<Message<JsonObject>> held = holdRequests(gateway);
    Future<HttpResponse<Buffer>> inProgress = gateway.request(GET, "/api/suppliers/").send();
    Eventually.until("the list reached the entity service", () -> held.size() == 1);

    Future<Void> undeployed = vertx.undeploy(gateway.deploymentId);

    WebClient probe = freshConnections(vertx);
    HttpResponse<Buffer> ready = probe.get(gateway.port, GatewayFixture.HOST, "/health/ready").send().await();
    assertThat(ready.statusCode()).as("readiness while draining").isEqualTo(503);
    assertThat(ready.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "DOWN").put("checks", new JsonArray()
        .add(new JsonObject().put("id", "shutdown").put("status", "DOWN").put("detail", "the node is shutting down"))));
    assertThat(probe.get(gateway.port, GatewayFixture.HOST, "/health/live").send().await().statusCode())
        .as("still alive while draining").isEqualTo(200);

    Eventually.until("no new connection is accepted", Duration.ofSeconds(30), () -> refused(gateway.port));
    assertThat(inProgress.isComplete()).as("the list waits for its answer").isFalse();
    held.get(0).reply(Buffer.buffer("{\"count\":0,\"next\":null,\"previous\":null,\"results\":[]}"));

    HttpResponse<Buffer> listed = inProgress.await();
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsJsonObject().getInteger("count")).isZero();
    undeployed.await();
  }

  @Test
  void requestsStillInProgressAtTheTimeoutAreCutAndTheGatewayStops(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, new JsonObject().put("SHUTDOWN_TIMEOUT_MS", "500")
        .put("REQUEST_TIMEOUT_MS", "60000"));
    List<Message<JsonObject>> held = holdRequests(gateway);
    Future<HttpResponse<Buffer>> inProgress = gateway.request(GET, "/api/suppliers/").send();
    Eventually.until("the list reached the entity service", () -> held.size() == 1);
    LogEvents logs = LogEvents.attach();
    try {
      vertx.undeploy(gateway.deploymentId).await();

      AsyncResult<HttpResponse<Buffer>> cut = outcome(inProgress);
      assertThat(cut.failed()).as("the connection was closed without a response: %s", cut.succeeded() ? cut.result().statusCode() : "")
          .isTrue();
      assertThat(logs.of(HttpGatewayVerticle.class, Level.WARN))
          .containsExactly("SHUTDOWN_TIMEOUT_MS (500 ms) passed with requests still in progress: their connections were closed");
      assertThat(refused(gateway.port)).isTrue();
    } finally {
      logs.detach();
    }
  }

  @Test
  void anEventStreamEndsWhenTheServerShutsDownInsteadOfHoldingItUntilTheTimeout(Vertx vertx) {
    // a timeout far past this test's own: the undeploy below ends only because the stream does
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, new JsonObject().put("SHUTDOWN_TIMEOUT_MS", "600000"));
    gateway.entities.answers(msg -> {
      if (EventFeed.EVENTS.equals(msg.headers().get(Actions.HEADER))) msg.reply(new EventFeed.Page(List.of(), false, 7).toJson());
      else msg.reply(new ServiceClient.Pong(true).toJson());
    });
    try (SseClient stream = SseClient.start(vertx, gateway.port, "/api/events?resources=products",
        Map.of("Authorization", "Bearer " + gateway.token(FakeAuth.SUPERUSER)))) {
      assertThat(stream.status()).isEqualTo(200);

      vertx.undeploy(gateway.deploymentId).await();

      stream.awaitEnd(Duration.ofSeconds(10));
      assertThat(stream.ended()).isTrue();
    }
  }
}
