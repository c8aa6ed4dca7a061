package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.OPTIONS;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Django's security headers on every response, HSTS and the HTTPS redirect when configured, CORS for the listed origins only. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class SecurityHeadersTest {
  private static final Map<String, String> HEADERS = Map.of(
      "X-Content-Type-Options", "nosniff",
      "X-Frame-Options", "DENY",
      "Referrer-Policy", "same-origin",
      "Cross-Origin-Opener-Policy", "same-origin",
      "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  private static final String APP = "https://app.example";

  private static void assertSecurityHeaders(MultiMap headers, String what) {
    HEADERS.forEach((name, value) -> assertThat(headers.get(name)).as("%s: %s", what, name).isEqualTo(value));
    assertThat(headers.get("Strict-Transport-Security")).as(what).isNull();
  }

  @Test
  void successAndErrorResponsesAllCarryThem(Vertx vertx) throws IOException {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx);
    gateway.entities.replies("{}", "1", "1");
    assertSecurityHeaders(gateway.send(GET, "/api/suppliers/1/").headers(), "200");
    assertSecurityHeaders(gateway.send(GET, "/health/live").headers(), "health");
    assertSecurityHeaders(gateway.send(GET, "/nowhere").headers(), "404");
    assertSecurityHeaders(gateway.send(DELETE, "/api/suppliers/").headers(), "405");
    assertSecurityHeaders(gateway.send(POST, "/api/suppliers/", "application/json", "{\"x\":\"" + "y".repeat(2000) + "\"}").headers(), "413");
    assertSecurityHeaders(gateway.request(GET, "/api/suppliers/").virtualHost("evil.example").send().await().headers(), "400 bad host");
    gateway.entities.fails(500, new JsonObject().put("detail", "boom").put("code", "error"));
    assertSecurityHeaders(gateway.send(GET, "/api/suppliers/").headers(), "500");
    gateway.cache.refuses(5.0);
    assertSecurityHeaders(gateway.send(GET, "/api/suppliers/").headers(), "429");

    RawHttp.Response noHost = RawHttp.exchange(gateway.port, "GET /api/suppliers/ HTTP/1.1\r\n\r\n");
    assertThat(noHost.status()).isEqualTo(400);
    assertThat(noHost.headers()).containsEntry("x-frame-options", "DENY").containsEntry("x-content-type-options", "nosniff");
  }

  @Test
  void hstsGoesOnHttpsResponsesOnlyAndHttpsIsTrustedOnlyFromProxies(Vertx vertx) {
    GatewayFixture direct = GatewayFixture.deploy(vertx, new JsonObject().put("SECURE_HSTS_SECONDS", "31536000"));
    assertThat(direct.request(GET, "/health/live").putHeader("X-Forwarded-Proto", "https").send().await()
        .getHeader("Strict-Transport-Security")).as("no trusted proxy: the client's X-Forwarded-Proto counts for nothing").isNull();

    GatewayFixture proxied = GatewayFixture.deploy(vertx, new JsonObject().put("SECURE_HSTS_SECONDS", "31536000").put("NUM_PROXIES", "1"));
    assertThat(proxied.request(GET, "/health/live").putHeader("X-Forwarded-Proto", "https").send().await()
        .getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000");
    assertThat(proxied.send(GET, "/health/live").getHeader("Strict-Transport-Security")).isNull();
  }

  @Test
  void plainHttpIsRedirectedToHttpsWhenConfigured(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.deploy(vertx, new JsonObject().put("SECURE_SSL_REDIRECT", "true").put("NUM_PROXIES", "1"));
    HttpResponse<Buffer> redirected = gateway.request(GET, "/api/suppliers/?page=2").virtualHost("localhost")
        .followRedirects(false).send().await();
    assertThat(redirected.statusCode()).isEqualTo(301);
    assertThat(redirected.getHeader("Location")).isEqualTo("https://localhost:" + gateway.port + "/api/suppliers/?page=2");
    assertThat(gateway.cache.requests("throttle")).as("redirected before anything else").isEmpty();

    FakeEntities.register(vertx).replies("{}", null, null);
    assertThat(gateway.request(GET, "/api/suppliers/").putHeader("X-Forwarded-Proto", "https").send().await().statusCode()).isEqualTo(200);
    assertThat(gateway.send(GET, "/health/live").statusCode()).as("load balancers probe over HTTP").isEqualTo(200);
  }

  @Test
  void anAllowedOriginGetsCorsWithCredentialsAndTheExposedHeaders(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, new JsonObject().put("CORS_ALLOWED_ORIGINS", APP + ",http://localhost:3000"));
    gateway.entities.replies("{}", "1", "1");

    HttpResponse<Buffer> preflight = gateway.request(OPTIONS, "/api/suppliers/1/").putHeader("Origin", APP)
        .putHeader("Access-Control-Request-Method", "PATCH").putHeader("Access-Control-Request-Headers", "authorization, if-match")
        .send().await();
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(preflight.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(preflight.getHeader("Access-Control-Allow-Methods")).contains("PATCH");
    assertThat(preflight.getHeader("Access-Control-Allow-Headers")).contains("authorization").contains("if-match");
    assertThat(gateway.cache.requests("throttle")).as("a preflight is not throttled").isEmpty();

    HttpResponse<Buffer> get = gateway.request(GET, "/api/suppliers/1/").putHeader("Origin", APP).send().await();
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.getHeader("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(get.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(get.getHeader("Access-Control-Expose-Headers").split(",")).contains("X-Request-Id", "ETag", "Location",
        "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "X-Cache");
    assertThat(get.getHeader("Vary")).containsIgnoringCase("origin");
  }

  @Test
  void aForeignOriginGetsNoCorsHeaderAtAll(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, new JsonObject().put("CORS_ALLOWED_ORIGINS", APP));
    gateway.entities.replies("{}", "1", "1");

    HttpResponse<Buffer> preflight = gateway.request(OPTIONS, "/api/suppliers/1/").putHeader("Origin", "https://evil.example")
        .putHeader("Access-Control-Request-Method", "DELETE").send().await();
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));

    HttpResponse<Buffer> get = gateway.request(GET, "/api/suppliers/1/").putHeader("Origin", "https://evil.example").send().await();
    assertThat(get.statusCode()).as("served, but the browser keeps it from the page").isEqualTo(200);
    assertThat(get.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));

    GatewayFixture none = GatewayFixture.deploy(vertx);
    HttpResponse<Buffer> nothingListed = none.request(GET, "/api/suppliers/1/").putHeader("Origin", APP).send().await();
    assertThat(nothingListed.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
  }
}
