package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.orderly.core.test.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Requests the HTTP decoder refuses, which never reach the router: API.md's JSON errors all the same. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class InvalidRequestsTest {
  private GatewayFixture gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.withEntities(vertx);
  }

  private static void assertUsualHeaders(RawHttp.Response response) {
    assertThat(response.headers()).containsEntry("content-type", "application/json").containsEntry("connection", "close")
        .containsEntry("x-content-type-options", "nosniff").containsEntry("x-frame-options", "DENY")
        .containsEntry("referrer-policy", "same-origin").containsEntry("content-security-policy", SecurityHeaders.CSP)
        .containsKey("x-request-id");
    assertThat(response.headers().get("x-request-id")).matches("[A-Za-z0-9._-]{1,128}");
  }

  @Test
  void aRequestLineOverTheLimitIs414Json() throws Exception {
    AccessLines access = AccessLines.attach();
    try (RawHttp.Connection connection = new RawHttp.Connection(gateway.port)) {
      connection.send("GET /api/suppliers/?search=" + "x".repeat(InvalidRequests.MAX_REQUEST_LINE) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

      RawHttp.Response response = connection.read();

      assertThat(response.status()).isEqualTo(414);
      assertThat(response.json()).isEqualTo(new JsonObject().put("detail", "Request line is longer than 4096 bytes.")
          .put("code", "uri_too_long"));
      assertUsualHeaders(response);
      // the decoder never read the headers, so the id is new; and the status line is Netty's stand-in request's version
      assertThat(response.statusLine()).startsWith("HTTP/1.0 414");
      assertThat(access.next(response.headers().get("x-request-id"))).endsWith("GET - 414 0ms");
      assertThat(connection.closedByServer()).isTrue();
    } finally {
      access.detach();
    }
    assertThat(gateway.entities.count()).isZero();
  }

  @Test
  void headersOverTheLimitAre431Json() throws Exception {
    RawHttp.Response response = RawHttp.exchange(gateway.port, "GET /api/suppliers/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "X-Request-Id: big-headers-1\r\nX-Padding: " + "x".repeat(InvalidRequests.MAX_HEADERS) + "\r\n\r\n");

    assertThat(response.status()).isEqualTo(431);
    assertThat(response.statusLine()).startsWith("HTTP/1.1 431");
    assertThat(response.json()).isEqualTo(new JsonObject().put("detail", "Request headers are larger than 8192 bytes.")
        .put("code", "headers_too_large"));
    assertUsualHeaders(response);
    // the decoder hands over none of the headers it read: the client's id is lost, a new one names the refusal
    assertThat(response.headers().get("x-request-id")).isNotEqualTo("big-headers-1");
  }

  @Test
  void manyHeadersThatTogetherPassTheLimitAre431Too() throws Exception {
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < 100; i++) headers.append("X-H").append(i).append(": ").append("y".repeat(100)).append("\r\n");

    RawHttp.Response response = RawHttp.exchange(gateway.port, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n");

    assertThat(response.status()).isEqualTo(431);
    assertThat(response.json().getString("code")).isEqualTo("headers_too_large");
  }

  @Test
  void anUndecodableHeaderOrContentLengthIs400ParseError() throws Exception {
    for (String bad : new String[] {"Content-Length: twelve\r\n", "Content-Length: 5\r\nContent-Length: 6\r\n", "Bad Name: x\r\n"}) {
      RawHttp.Response response = RawHttp.exchange(gateway.port, "POST /api/suppliers/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "X-Request-Id: malformed-1\r\n" + bad + "\r\n");

      assertThat(response.status()).as(bad).isEqualTo(400);
      assertThat(response.json()).as(bad).isEqualTo(new JsonObject().put("detail", "Malformed request.").put("code", "parse_error"));
      assertUsualHeaders(response);
    }
    assertThat(gateway.entities.count()).isZero();
  }

  /**
   * The documented limit: a chunk the decoder cannot read arrives after the head, while the body is read, and Vert.x
   * closes the connection before anything written can go out. No answer, then, and no error of the gateway's logged.
   */
  @Test
  void aMalformedChunkClosesTheConnectionAndIsLoggedAtDebugOnly() throws Exception {
    LogEvents logs = LogEvents.attach(FailureHandlers.class);
    try (RawHttp.Connection connection = new RawHttp.Connection(gateway.port)) {
      connection.send("POST /api/suppliers/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: bad-chunk-1\r\nAuthorization: Bearer "
          + gateway.token(FakeAuth.SUPERUSER) + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");

      assertThat(connection.closedByServer()).isTrue();
      Eventually.until("the failure handler's DEBUG line", () -> logs.of(FailureHandlers.class, Level.DEBUG).stream()
          .anyMatch(line -> line.startsWith("rid=bad-chunk-1 POST /api/suppliers/: the client broke the connection")));
      assertThat(logs.atLeast(Level.WARN)).isEmpty();
    } finally {
      logs.detach();
    }
    assertThat(gateway.entities.count()).isZero();
  }

  /**
   * The documented limit: Vert.x answers a version other than HTTP/1.0 and HTTP/1.1 itself, 501 with no body, before
   * any handler of the application runs. Should Vert.x let the application answer one day, this fails: then send
   * the JSON error there too.
   */
  @Test
  void anUnsupportedHttpVersionIsVertxsOwnEmpty501() throws Exception {
    for (String version : new String[] {"HTTP/1.2", "HTTP/2.0", "FOO/1.1"}) {
      RawHttp.Response response = RawHttp.exchange(gateway.port, "GET /api/suppliers/ " + version + "\r\nHost: 127.0.0.1\r\n\r\n");

      assertThat(response.status()).as(version).isEqualTo(501);
      assertThat(response.body()).isEmpty();
      assertThat(response.headers()).doesNotContainKey("x-request-id");
    }
  }
}
