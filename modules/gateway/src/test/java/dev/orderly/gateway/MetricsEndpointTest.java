package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /metrics} on the gateway: open, never throttled, Prometheus text of the node's registry (here
 * Orderly's meters only: the fixture's Vert.x records none of its own). The Vert.x meters are checked end to end
 * in the app module.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class MetricsEndpointTest {
  @Test
  void metricsNeedNoTokenAskNoQuotaAndCountTheRefusedRequests(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, new JsonObject().put("THROTTLE_RATES", "user=1/minute"));
    gateway.cache.refuses(30.0);
    assertThat(gateway.send(GET, "/api/suppliers/").statusCode()).isEqualTo(429);
    assertThat(gateway.send(GET, "/api/suppliers/").statusCode()).isEqualTo(429);
    int checks = gateway.cache.requests("throttle").size();

    HttpResponse<Buffer> metrics = gateway.anonymous(GET, "/metrics").send().await();

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.getHeader("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.getHeader("RateLimit-Limit")).isNull();
    assertThat(metrics.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(gateway.cache.requests("throttle")).as("no throttle check for /metrics, while every check is refused").hasSize(checks);
    assertThat(metrics.bodyAsString().lines()).contains(
        "orderly_throttled_requests_total{scope=\"user\"} 2.0",
        "orderly_throttled_requests_total{scope=\"anon\"} 0.0",
        "orderly_response_cache_requests_total{result=\"hit\"} 0.0",
        "orderly_sse_clients 0.0");
  }

  @Test
  void metricsStayOnPlainHttpWhenHttpsIsEnforced(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.deploy(vertx, new JsonObject().put("SECURE_SSL_REDIRECT", "true"));
    assertThat(gateway.request(GET, "/api/suppliers/").followRedirects(false).send().await().statusCode()).isEqualTo(301);
    assertThat(gateway.request(GET, "/metrics").followRedirects(false).send().await().statusCode())
        .as("the Prometheus scraper asks over HTTP").isEqualTo(200);
  }
}
