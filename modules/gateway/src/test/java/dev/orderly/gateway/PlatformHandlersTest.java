package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.RequestContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every request passes: host check, request id, access log. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class PlatformHandlersTest {
  private static final JsonObject BAD_HOST = new JsonObject().put("detail", "Invalid host header.").put("code", "bad_host");

  private GatewayFixture gateway;
  private AccessLines accessLog;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.withEntities(vertx);
    accessLog = AccessLines.attach();
  }

  @AfterEach
  void detach() {
    accessLog.detach();
  }

  @Test
  void aSaneClientRequestIdIsKeptAndForwarded() {
    gateway.entities.replies("{}", "1", "1");

    HttpResponse<Buffer> response = gateway.request(GET, "/api/suppliers/1/").putHeader("X-Request-Id", "client-42.a_b").send().await();

    assertThat(response.getHeader("X-Request-Id")).isEqualTo("client-42.a_b");
    assertThat(gateway.entities.last().headers().get(RequestContext.REQUEST_ID_HEADER)).isEqualTo("client-42.a_b");
  }

  @Test
  void anInsaneClientRequestIdIsReplaced() {
    gateway.entities.replies("{}", "1", "1");
    String tooLong = "a".repeat(129);

    HttpResponse<Buffer> response = gateway.request(GET, "/api/suppliers/1/").putHeader("X-Request-Id", tooLong).send().await();

    String id = response.getHeader("X-Request-Id");
    assertThat(id).isNotEqualTo(tooLong);
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(gateway.entities.last().headers().get(RequestContext.REQUEST_ID_HEADER)).isEqualTo(id);
    String other = gateway.request(GET, "/nope").putHeader("X-Request-Id", "has spaces in it").send().await().getHeader("X-Request-Id");
    assertThat(other).isNotEqualTo("has spaces in it").isNotEqualTo(id);
  }

  @Test
  void anUnknownHostIs400BadHostBeforeAnythingElse() {
    HttpResponse<Buffer> response = gateway.request(POST, "/api/suppliers/").virtualHost("evil.example")
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("x")).await();

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(BAD_HOST);
    assertThat(response.getHeader("X-Request-Id")).isNotBlank();
    GatewayFixture.testRequest(gateway.request(GET, "/health/live").virtualHost("evil.example"), 400);
    assertThat(gateway.entities.count()).isZero();
  }

  @Test
  void allowedHostsFollowTheConfiguration(Vertx vertx) {
    GatewayFixture wildcard = GatewayFixture.deploy(vertx, new JsonObject().put("ALLOWED_HOSTS", ".example.com"));

    GatewayFixture.testRequest(wildcard.request(GET, "/health/live").virtualHost("api.EXAMPLE.com"), 200);
    GatewayFixture.testRequest(wildcard.request(GET, "/health/live").virtualHost("example.org"), 400);
    wildcard.testRequest(GET, "/health/live", 400);
  }

  @Test
  void aRequestWithoutHostIsABadHost() throws IOException {
    RawHttp.Response http10 = RawHttp.exchange(gateway.port, "GET /health/live HTTP/1.0\r\n\r\n");
    assertThat(http10.status()).isEqualTo(400);
    assertThat(http10.json()).isEqualTo(BAD_HOST);
    assertThat(http10.headers()).containsKey("x-request-id");

    RawHttp.Response http11 = RawHttp.exchange(gateway.port, "GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertThat(http11.status()).isEqualTo(400);
    assertThat(http11.headers()).containsEntry("content-type", "application/json").containsKey("x-request-id");
    assertThat(http11.json()).isEqualTo(BAD_HOST);
  }

  @Test
  void oneAccessLineNamesTheRouteTemplate() throws InterruptedException {
    gateway.entities.fails(404, new JsonObject().put("detail", "Not found.").put("code", "not_found"));

    gateway.request(GET, "/api/suppliers/7/?password=secret").putHeader("X-Request-Id", "log-1").send().await();
    gateway.request(POST, "/not/a/route").putHeader("X-Request-Id", "log-2").send().await();
    // a path that does not decode still names the template its raw path matches
    gateway.request(GET, "/api/docs/assets/%E0%A4%A").putHeader("X-Request-Id", "log-3").send().await();

    assertThat(accessLog.next("log-1")).matches("rid=log-1 GET /api/\\{resource}/\\{id} 404 \\d+ms");
    assertThat(accessLog.next("log-2")).matches("rid=log-2 POST - 404 \\d+ms");
    assertThat(accessLog.next("log-3")).matches("rid=log-3 GET /api/docs/assets/\\{file} 400 \\d+ms");
    gateway.request(GET, "/health/live/").putHeader("X-Request-Id", "log-4").send().await();
    gateway.anonymous(GET, "/api/suppliers/").putHeader("X-Request-Id", "log-5").send().await();
    assertThat(accessLog.next("log-4")).as("answered by its route").matches("rid=log-4 GET /health/live 200 \\d+ms");
    assertThat(accessLog.next("log-5")).as("answered before its route").matches("rid=log-5 GET /api/\\{resource} 401 \\d+ms");
    assertThat(accessLog.count("log-1")).isZero();
  }
}
