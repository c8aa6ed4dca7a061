package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.test.CacheBackend;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The response cache end to end, with two gateway instances on one port sharing the cache service. */
class ResponseCacheIT {
  /** A new connection per request, so that consecutive requests land on alternating gateway instances. */
  private static HttpResponse<Buffer> send(RunningOrderly app, HttpMethod method, String path, JsonObject body) {
    WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setKeepAlive(false)
        .setDefaultHost("localhost").setDefaultPort(app.port()));
    try {
      var request = client.request(method, path).putHeader("Authorization", "Bearer " + app.adminToken());
      return RunningOrderly.await(body == null ? request.send() : request.sendJsonObject(body));
    } finally {
      client.close();
    }
  }

  @ParameterizedTest
  @EnumSource(CacheBackend.class)
  void aMissThenAHitAndAWriteThroughAnyInstanceIsSeenAtOnce(CacheBackend backend, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, backend.overrides().put("HTTP_INSTANCES", "2"))) {
      JsonObject created = send(app, HttpMethod.POST, "/api/suppliers/", new JsonObject().put("code", "ACME").put("name", "Acme"))
          .bodyAsJsonObject();
      String path = "/api/suppliers/" + created.getLong("id") + "/";

      HttpResponse<Buffer> miss = send(app, HttpMethod.GET, path, null);
      HttpResponse<Buffer> hit = send(app, HttpMethod.GET, path, null);
      assertThat(miss.getHeader("X-Cache")).isEqualTo("MISS");
      assertThat(hit.getHeader("X-Cache")).isEqualTo("HIT");
      assertThat(hit.bodyAsJsonObject()).isEqualTo(miss.bodyAsJsonObject());
      assertThat(hit.getHeader("ETag")).isEqualTo("\"1\"");
      assertThat(send(app, HttpMethod.GET, "/api/suppliers/", null).getHeader("X-Cache")).isEqualTo("MISS");
      assertThat(send(app, HttpMethod.GET, "/api/suppliers/", null).getHeader("X-Cache")).isEqualTo("HIT");

      for (int i = 0; i < 4; i++) {
        String name = "Acme " + i;
        assertThat(send(app, HttpMethod.PATCH, path, new JsonObject().put("name", name)).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> read = send(app, HttpMethod.GET, path, null);
        assertThat(read.bodyAsJsonObject().getString("name")).as("the read right after the write").isEqualTo(name);
        assertThat(read.getHeader("ETag")).isEqualTo("\"" + (i + 2) + "\"");
        assertThat(send(app, HttpMethod.GET, "/api/suppliers/", null).bodyAsJsonObject().getJsonArray("results")
            .getJsonObject(0).getString("name")).isEqualTo(name);
      }
    }
  }

  @Test
  void errorsAreNeverCached(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir)) {
      for (int i = 0; i < 2; i++) {
        HttpResponse<Buffer> missing = app.testRequest(HttpMethod.GET, "/api/suppliers/4242/", null, 404);
        assertThat(missing.getHeader("X-Cache")).isEqualTo("MISS");
      }
      app.testRequest(HttpMethod.POST, "/api/suppliers/", new JsonObject().put("code", "B").put("name", "B"), 201);
      assertThat(app.testRequest(HttpMethod.GET, "/api/suppliers/?bogus=1", null, 400).getHeader("X-Cache")).isEqualTo("MISS");
      assertThat(app.testRequest(HttpMethod.GET, "/api/suppliers/?bogus=1", null, 400).getHeader("X-Cache")).isEqualTo("MISS");
    }
  }

  @ParameterizedTest
  @EnumSource(CacheBackend.class)
  void aWriteThatDidNotPassTheGatewayDropsTheEntriesThroughItsChangeEvent(CacheBackend backend, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, backend.overrides())) {
      String id = app.testRequest(HttpMethod.POST, "/api/suppliers/", new JsonObject().put("code", "EV").put("name", "Before"), 201)
          .bodyAsJsonObject().getLong("id").toString();
      // the create's own change event may arrive after the first GET stored the entry, and drop it: a GET
      // that hits comes once that event is through
      Eventually.until("a cached detail", () -> "HIT".equals(
          app.testRequest(HttpMethod.GET, "/api/suppliers/" + id + "/", null, 200).getHeader("X-Cache")));

      RunningOrderly.await(new ResourceClient(app.vertx(), 5_000)
          .update(new ResourceRequest.Update("suppliers", id, new JsonObject().put("name", "After"), true, null), RequestContext.anonymous("batch", CallerSigning.fromSecret(app.settings().secretKey()))));

      Eventually.until("the change event drops the cached detail", () -> "After".equals(
          app.testRequest(HttpMethod.GET, "/api/suppliers/" + id + "/", null, 200).bodyAsJsonObject().getString("name")));
    }
  }

  @Test
  void cacheEnabledFalseTurnsTheResponseCacheOff(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("CACHE_ENABLED", "false"))) {
      app.testRequest(HttpMethod.GET, "/api/suppliers/", null, 200);
      HttpResponse<Buffer> again = app.testRequest(HttpMethod.GET, "/api/suppliers/", null, 200);
      assertThat(again.getHeader("X-Cache")).isNull();
      assertThat(again.getHeader("RateLimit-Limit")).as("rate limits still apply").isNotNull();
    }
  }
}
