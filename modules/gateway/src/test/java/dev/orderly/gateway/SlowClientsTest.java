package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.orderly.core.test.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that send too little, too slowly or nothing, and clients that leave: each is answered (408) or cut off
 * within its timeout, and leaving is no error of the gateway's. The timeouts here are short; the elapsed times are
 * printed, not asserted.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class SlowClientsTest {
  private static final int REQUEST_TIMEOUT_MS = 300;
  private static final int IDLE_TIMEOUT_MS = 400;
  private static final JsonObject TIMEOUT_BODY = new JsonObject()
      .put("detail", "The request body did not arrive in time.").put("code", "request_timeout");

  private LogEvents logs;

  @AfterEach
  void detachLogs() {
    if (logs != null) logs.detach();
  }

  private static GatewayFixture gateway(Vertx vertx) {
    return gateway(vertx, IDLE_TIMEOUT_MS);
  }

  private static GatewayFixture gateway(Vertx vertx, int idleTimeoutMs) {
    return GatewayFixture.withEntities(vertx, new JsonObject()
        .put("HTTP_REQUEST_TIMEOUT_MS", String.valueOf(REQUEST_TIMEOUT_MS)).put("HTTP_IDLE_TIMEOUT_MS", String.valueOf(idleTimeoutMs)));
  }

  private static String post(GatewayFixture gateway, String requestId, String framing) {
    return "POST /api/suppliers/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Request-Id: " + requestId + "\r\n"
        + "Authorization: Bearer " + gateway.token(FakeAuth.SUPERUSER) + "\r\n" + framing + "\r\n";
  }

  @Test
  void aBodyShorterThanItsContentLengthGets408WithinTheRequestTimeoutThenTheConnectionCloses(Vertx vertx) throws Exception {
    GatewayFixture gateway = gateway(vertx);
    AccessLines access = AccessLines.attach();
    try (RawHttp.Connection connection = new RawHttp.Connection(gateway.port)) {
      long start = System.nanoTime();
      connection.send(post(gateway, "short-body-1", "Content-Length: 100\r\n") + "{\"name\": \"Ac");

      RawHttp.Response response = connection.read();
      System.out.printf("short body answered after %d ms (HTTP_REQUEST_TIMEOUT_MS=%d)%n", (System.nanoTime() - start) / 1_000_000,
          REQUEST_TIMEOUT_MS);

      assertThat(response.status()).isEqualTo(408);
      assertThat(response.json()).isEqualTo(TIMEOUT_BODY);
      assertThat(response.headers()).containsEntry("x-request-id", "short-body-1").containsEntry("connection", "close")
          .containsEntry("content-type", "application/json").containsEntry("x-content-type-options", "nosniff")
          .containsEntry("x-frame-options", "DENY").containsKey("content-security-policy");
      assertThat(connection.closedByServer()).as("the rest of the body could not be framed").isTrue();
      assertThat(access.next("short-body-1")).contains("POST /api/{resource} 408");
    } finally {
      access.detach();
    }
    assertThat(gateway.entities.count()).as("nothing forwarded").isZero();
  }

  @Test
  void aChunkedBodyThatNeverEndsGets408Too(Vertx vertx) throws Exception {
    GatewayFixture gateway = gateway(vertx);
    try (RawHttp.Connection connection = new RawHttp.Connection(gateway.port)) {
      connection.send(post(gateway, "chunked-1", "Transfer-Encoding: chunked\r\n") + "4\r\n{\"na\r\n");

      RawHttp.Response response = connection.read();

      assertThat(response.status()).isEqualTo(408);
      assertThat(response.json()).isEqualTo(TIMEOUT_BODY);
      assertThat(connection.closedByServer()).isTrue();
    }
  }

  @Test
  void aWholeBodyIsServedAsBefore(Vertx vertx) throws Exception {
    GatewayFixture gateway = gateway(vertx, 60_000);
    gateway.entities.replies("{\"id\": 1, \"version\": 1}", "1", "1");
    try (RawHttp.Connection connection = new RawHttp.Connection(gateway.port)) {
      String body = "{\"name\": \"Acme\"}";
      connection.send(post(gateway, "whole-1", "Content-Length: " + body.length() + "\r\n") + body);

      assertThat(connection.read().status()).isEqualTo(201);
      Thread.sleep(REQUEST_TIMEOUT_MS * 2);
      // the same connection still carries the next request: no timer of the first one fired
      connection.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(connection.read().status()).isEqualTo(200);
    }
  }

  @Test
  void aClientThatLeavesMidBodyIsLoggedAtDebugAndNeverAsAnError(Vertx vertx) throws Exception {
    GatewayFixture gateway = gateway(vertx);
    logs = LogEvents.attach(FailureHandlers.class);
    AccessLines access = AccessLines.attach();
    try {
      try (RawHttp.Connection connection = new RawHttp.Connection(gateway.port)) {
        connection.send(post(gateway, "gone-1", "Content-Length: 100\r\n") + "{\"name\":");
        Thread.sleep(100);
      }

      assertThat(access.next("gone-1")).as("the access log says the client closed").contains("POST /api/{resource} 499");
      // the failure reaches the failure handler after the access line is written
      Eventually.until("the failure handler's DEBUG line", () -> logs.of(FailureHandlers.class, Level.DEBUG).stream()
          .anyMatch(line -> line.startsWith("rid=gone-1 POST /api/suppliers/: the client went away")));
      assertThat(logs.atLeast(Level.WARN)).as("a client that leaves is no warning or error").isEmpty();
    } finally {
      access.detach();
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout(Vertx vertx) throws Exception {
    GatewayFixture gateway = gateway(vertx);
    try (RawHttp.Connection connection = new RawHttp.Connection(gateway.port)) {
      long start = System.nanoTime();
      assertThat(connection.closedByServer()).isTrue();
      System.out.printf("silent connection closed after %d ms (HTTP_IDLE_TIMEOUT_MS=%d)%n", (System.nanoTime() - start) / 1_000_000,
          IDLE_TIMEOUT_MS);
    }
  }

  @Test
  void aHeadTrickledByteByByteIsCutOffTooThoughBytesKeepComing(Vertx vertx) throws Exception {
    GatewayFixture gateway = gateway(vertx);
    String head = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "x".repeat(200) + "\r\n\r\n";
    try (RawHttp.Connection connection = new RawHttp.Connection(gateway.port)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      boolean cut = false;
      for (int i = 0; i < head.length() && System.nanoTime() < deadline; i++) {
        try {
          connection.send(head.substring(i, i + 1));
        } catch (java.io.IOException closed) {
          cut = true;
          break;
        }
        Thread.sleep(IDLE_TIMEOUT_MS / 8);
      }
      assertThat(cut || connection.closedByServer()).as("closed before the head was complete").isTrue();
    }
  }

  @Test
  void aKeepAliveConnectionIsClosedWhenIdleButNotWhileItsRequestWaitsForItsAnswer(Vertx vertx) throws Exception {
    GatewayFixture gateway = gateway(vertx);
    // the service answers after three idle timeouts: the request is in progress all that while
    gateway.entities.answers(msg -> vertx.setTimer(IDLE_TIMEOUT_MS * 3L,
        t -> msg.reply(Buffer.buffer("{\"count\": 0, \"next\": null, \"previous\": null, \"results\": []}"))));
    try (RawHttp.Connection connection = new RawHttp.Connection(gateway.port)) {
      connection.send("GET /api/suppliers/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + gateway.token(FakeAuth.SUPERUSER)
          + "\r\n\r\n");

      RawHttp.Response slow = connection.read();
      assertThat(slow.status()).isEqualTo(200);
      assertThat(slow.headers()).doesNotContainKey("connection");

      long idleFrom = System.nanoTime();
      assertThat(connection.closedByServer()).as("idle after its response").isTrue();
      System.out.printf("keep-alive connection closed %d ms after its response%n", (System.nanoTime() - idleFrom) / 1_000_000);
    }
  }
}
