package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.CacheClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway's side of the response cache: what it stores, under which key, and when it drops it. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class ResponseCacheTest {
  private FakeEntities entities;
  private GatewayFixture gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    entities = FakeEntities.register(vertx);
    gateway = GatewayFixture.serve(vertx, new JsonObject(), routes -> { });
    gateway.cache.storeEntries();
  }

  private HttpResponse<Buffer> get(String path, String user) {
    var request = gateway.request(GET, path);
    if (user != null) request.putHeader(GatewayFixture.TEST_USER, user);
    return request.send().await();
  }

  @Test
  void aDetailIsAMissThenAHitWithItsETag() {
    entities.replies("{\"id\":1,\"name\":\"Acme\"}", "4", null);

    HttpResponse<Buffer> miss = get("/api/suppliers/1/", null);
    HttpResponse<Buffer> hit = get("/api/suppliers/1", null);

    assertThat(miss.getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(hit.getHeader("X-Cache")).isEqualTo("HIT");
    assertThat(hit.bodyAsString()).isEqualTo(miss.bodyAsString());
    assertThat(hit.getHeader("ETag")).isEqualTo("\"4\"");
    assertThat(hit.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(entities.count()).isOne();
    assertThat(gateway.cache.requests(CacheClient.LOOKUP).get(0).getJsonArray(CacheClient.REQUESTS).getJsonObject(0).getString(CacheClient.NAMESPACE)).isEqualTo("suppliers");
  }

  @Test
  void theQueryIsNormalizedButStillPartOfTheKey() {
    entities.replies("{\"count\":0,\"results\":[]}", null, null);
    get("/api/purchase-orders/?status=draft&ordering=-id", null);
    assertThat(get("/api/purchase-orders/?ordering=-id&status=draft", null).getHeader("X-Cache")).isEqualTo("HIT");
    assertThat(get("/api/purchase-orders/?ordering=id&status=draft", null).getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(gateway.cache.requests(CacheClient.LOOKUP).get(0).getJsonArray(CacheClient.REQUESTS).getJsonObject(0).getString(CacheClient.NAMESPACE)).isEqualTo("purchase_orders");
    assertThat(entities.count()).isEqualTo(2);
  }

  @Test
  void twoCallersNeverShareAnEntry() {
    entities.replies("{\"count\":1,\"results\":[{\"id\":1}]}", null, null);
    assertThat(get("/api/suppliers/", "1").getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(get("/api/suppliers/", "2").getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(get("/api/suppliers/", "3").getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(get("/api/suppliers/", "1").getHeader("X-Cache")).isEqualTo("HIT");
    assertThat(get("/api/suppliers/", "2").getHeader("X-Cache")).isEqualTo("HIT");
    assertThat(gateway.cache.entryCount()).isEqualTo(3);
  }

  @Test
  void errorsAreNeverCached() {
    entities.fails(404, new JsonObject().put("detail", "Not found.").put("code", "not_found"));
    assertThat(get("/api/suppliers/9/", null).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> again = get("/api/suppliers/9/", null);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(gateway.cache.entryCount()).isZero();
    assertThat(entities.count()).isEqualTo(2);
  }

  @Test
  void aSuccessfulWriteDropsTheResourcesEntriesBeforeItAnswers() {
    entities.replies("{\"id\":1,\"name\":\"Acme\"}", "4", null);
    get("/api/suppliers/1/", null);
    entities.replies("{\"id\":1,\"name\":\"Acme Ltd\"}", "5", null);

    HttpResponse<Buffer> patched = gateway.request(PATCH, "/api/suppliers/1/").sendJsonObject(new JsonObject().put("name", "Acme Ltd")).await();

    assertThat(patched.statusCode()).isEqualTo(200);
    List<JsonObject> bumps = gateway.cache.requests(CacheClient.BUMP);
    assertThat(bumps).as("bumped by the time the client has its answer").hasSize(1);
    assertThat(bumps.get(0).getString(CacheClient.NAMESPACE)).isEqualTo("suppliers");
    HttpResponse<Buffer> after = get("/api/suppliers/1/", null);
    assertThat(after.getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(after.bodyAsJsonObject().getString("name")).isEqualTo("Acme Ltd");
    assertThat(after.getHeader("ETag")).isEqualTo("\"5\"");
  }

  @Test
  void aFailedWriteDropsNothing() {
    entities.fails(412, new JsonObject().put("detail", "stale").put("code", "precondition_failed"));
    assertThat(gateway.request(PATCH, "/api/suppliers/1/").sendJsonObject(new JsonObject()).await().statusCode()).isEqualTo(412);
    assertThat(gateway.cache.requests(CacheClient.BUMP)).isEmpty();
  }
}
