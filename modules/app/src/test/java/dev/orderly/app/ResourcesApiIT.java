package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every resource route and every error row of API.md that the foundation covers, over real HTTP
 * against the whole application, on SQLite and PostgreSQL.
 */
class ResourcesApiIT {
  private static final Map<Db, RunningOrderly> APPS = new EnumMap<>(Db.class);
  private static final AtomicInteger SEQ = new AtomicInteger();

  static synchronized RunningOrderly app(Db db) {
    return APPS.computeIfAbsent(db, d -> {
      try {
        return RunningOrderly.start(d, Files.createTempDirectory("orderly-api-"), new JsonObject().put("MAX_BODY_SIZE", "4096"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @AfterAll
  static void stopAll() {
    APPS.values().forEach(RunningOrderly::close);
    APPS.clear();
  }

  private static String code() {
    return "S" + System.nanoTime() % 1_000_000_000L + "-" + SEQ.incrementAndGet();
  }

  private static JsonObject json(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject();
  }

  private static long supplier(RunningOrderly app) {
    return json(app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", code()).put("name", "Acme"), 201)).getLong("id");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void crudRoundTripWithLocationEtagAndVersions(Db db) {
    RunningOrderly app = app(db);
    HttpResponse<Buffer> created = app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", code()).put("name", "Acme"), 201);
    long id = json(created).getLong("id");
    assertThat(created.getHeader("Location")).isEqualTo(app.url("/api/suppliers/" + id + "/"));
    assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(created.getHeader("Content-Type")).startsWith("application/json");
    assertThat(created.getHeader("X-Request-Id")).isNotBlank();

    HttpResponse<Buffer> got = app.testRequest(GET, "/api/suppliers/" + id, null, 200);
    assertThat(got.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(json(got)).isEqualTo(json(created));

    HttpResponse<Buffer> stale = app.testRequest(PATCH, "/api/suppliers/" + id + "/", new JsonObject().put("name", "B"),
        MultiMap.caseInsensitiveMultiMap().add("If-Match", "\"7\""));
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(json(stale).getString("code")).isEqualTo("precondition_failed");

    HttpResponse<Buffer> patched = app.testRequest(PATCH, "/api/suppliers/" + id + "/", new JsonObject().put("name", "B"),
        MultiMap.caseInsensitiveMultiMap().add("If-Match", "\"1\""));
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(json(patched).getString("name")).isEqualTo("B");

    HttpResponse<Buffer> put = app.testRequest(PUT, "/api/suppliers/" + id, new JsonObject().put("name", "C"), 400);
    assertThat(json(put).getJsonArray("code")).containsExactly("This field is required.");

    app.testRequest(DELETE, "/api/suppliers/" + id + "/", null, 204);
    app.testRequest(GET, "/api/suppliers/" + id + "/", null, 404);
  }

  /** Optimistic locking under contention: 50 replacements read the same version, one wins, the 49 others get 412. */
  @ParameterizedTest
  @EnumSource(Db.class)
  void fiftyConcurrentPutsWithOneIfMatchHaveOneWinner(Db db) {
    RunningOrderly app = app(db);
    String code = code();
    long id = json(app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", code).put("name", "Contended"), 201)).getLong("id");
    int writers = 50;
    WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("localhost").setDefaultPort(app.port()),
        new PoolOptions().setHttp1MaxSize(writers));
    try {
      List<Future<HttpResponse<Buffer>>> puts = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        puts.add(client.put("/api/suppliers/" + id + "/").putHeader("Authorization", "Bearer " + app.adminToken())
            .putHeader("If-Match", "\"1\"").sendJson(new JsonObject().put("code", code).put("name", "Writer " + i)));
      }
      RunningOrderly.await(Future.join(puts));
      List<Integer> statuses = new ArrayList<>();
      String winner = null;
      for (Future<HttpResponse<Buffer>> put : puts) {
        HttpResponse<Buffer> r = put.result();
        statuses.add(r.statusCode());
        if (r.statusCode() == 200) winner = json(r).getString("name");
        else assertThat(json(r).getString("code")).isEqualTo("precondition_failed");
      }
      assertThat(statuses).as("one success, 49 stale").containsOnly(200, 412).filteredOn(s -> s == 200).hasSize(1);
      JsonObject after = json(app.testRequest(GET, "/api/suppliers/" + id + "/", null, 200));
      assertThat(after.getLong("version")).isEqualTo(2L);
      assertThat(after.getString("name")).isEqualTo(winner);
      JsonArray history = app.testRequest(GET, "/api/suppliers/" + id + "/history", null, 200).bodyAsJsonArray();
      assertThat(history).as("created, and updated once").hasSize(2);
    } finally {
      client.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void listFiltersPagesAndLinks(Db db) {
    RunningOrderly app = app(db);
    long s = supplier(app);
    for (String price : new String[] {"1.00", "2.00", "3.00"}) {
      app.testRequest(POST, "/api/products", new JsonObject().put("sku", code()).put("name", "Widget").put("unit_price", price)
          .put("supplier_id", s), 201);
    }
    JsonObject page = json(app.testRequest(GET, "/api/products/?supplier_id=" + s + "&unit_price__gte=2&page_size=1&ordering=-unit_price", null, 200));
    assertThat(page.getLong("count")).isEqualTo(2L);
    assertThat(page.getJsonArray("results").getJsonObject(0).getString("unit_price")).isEqualTo("3.00");
    assertThat(page.getString("next")).isEqualTo(app.url("/api/products/?ordering=-unit_price&page=2&page_size=1&supplier_id=" + s + "&unit_price__gte=2"));
    JsonObject second = json(app.testRequest(GET, "/api/products/?ordering=-unit_price&page=2&page_size=1&supplier_id=" + s + "&unit_price__gte=2", null, 200));
    assertThat(second.getString("previous")).isEqualTo(app.url("/api/products/?ordering=-unit_price&page_size=1&supplier_id=" + s + "&unit_price__gte=2"));
    assertThat(second.getString("next")).isNull();
    // a DRF client's ?format=json is ignored on lists
    assertThat(json(app.testRequest(GET, "/api/products/?supplier_id=" + s + "&format=json&fields=id,unit_price", null, 200))
        .getJsonArray("results").getJsonObject(0).fieldNames()).containsExactly("id", "unit_price");

    HttpResponse<Buffer> unknown = app.testRequest(GET, "/api/products/?suplier_id=1", null, 400);
    assertThat(json(unknown).fieldNames()).containsExactly("suplier_id");
    HttpResponse<Buffer> past = app.testRequest(GET, "/api/products/?supplier_id=" + s + "&page=9", null, 404);
    assertThat(json(past)).isEqualTo(new JsonObject().put("detail", "Invalid page.").put("code", "not_found"));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void purchaseOrdersWithLinesAndTheInUseRule(Db db) {
    RunningOrderly app = app(db);
    long s = supplier(app);
    long p = json(app.testRequest(POST, "/api/products/", new JsonObject().put("sku", code()).put("name", "Bolt")
        .put("unit_price", 0.5).put("supplier_id", s), 201)).getLong("id");
    JsonObject po = json(app.testRequest(POST, "/api/purchase-orders/", new JsonObject().put("supplier_id", s).put("notes", "urgent")
        .put("lines", new JsonArray().add(new JsonObject().put("product_id", p).put("quantity", 3))), 201));
    assertThat(po.getString("total_amount")).isEqualTo("1.50");
    assertThat(po.getString("status")).isEqualTo("draft");
    assertThat(po.getJsonArray("lines").getJsonObject(0).getString("unit_price")).isEqualTo("0.50");
    JsonObject found = json(app.testRequest(GET, "/api/purchase-orders/?search=urgent&supplier_id=" + s, null, 200));
    assertThat(found.getLong("count")).isEqualTo(1L);

    HttpResponse<Buffer> inUse = app.testRequest(DELETE, "/api/suppliers/" + s + "/", null, 409);
    assertThat(json(inUse).getString("code")).isEqualTo("in_use");
    app.testRequest(DELETE, "/api/products/" + p + "/", null, 409);
    app.testRequest(DELETE, "/api/purchase-orders/" + po.getLong("id") + "/", null, 204);
    app.testRequest(DELETE, "/api/products/" + p + "/", null, 204);
    app.testRequest(DELETE, "/api/suppliers/" + s + "/", null, 204);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void malformedBodiesAndRoutesGetDrfShapedErrors(Db db) {
    RunningOrderly app = app(db);
    HttpResponse<Buffer> parse = app.testRequest(POST, "/api/suppliers/", "{\"code\": ", 400);
    assertThat(json(parse).getString("code")).isEqualTo("parse_error");
    assertThat(parse.bodyAsString()).doesNotContain("Exception").doesNotContain("at io.");

    HttpResponse<Buffer> list = app.testRequest(POST, "/api/suppliers/", "[1, 2]", 400);
    assertThat(json(list).getJsonArray("non_field_errors").getString(0)).contains("Expected a dictionary");

    HttpResponse<Buffer> media = app.send(app.request(POST, "/api/suppliers/").putHeader("Content-Type", "text/plain"), "code=A");
    assertThat(media.statusCode()).isEqualTo(415);
    assertThat(json(media).getString("code")).isEqualTo("unsupported_media_type");

    HttpResponse<Buffer> big = app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "A").put("notes", "x".repeat(5000)), 413);
    assertThat(json(big).getString("code")).isEqualTo("too_large");

    assertThat(json(app.testRequest(GET, "/api/nothing-here/", null, 404)).getString("code")).isEqualTo("not_found");
    assertThat(json(app.testRequest(GET, "/api/suppliers/1/extra/deep", null, 404)).getString("code")).isEqualTo("not_found");
    assertThat(json(app.testRequest(GET, "/nowhere", null, 404)).getString("code")).isEqualTo("not_found");
    HttpResponse<Buffer> method = app.testRequest(POST, "/api/suppliers/1/", new JsonObject(), 405);
    assertThat(method.getHeader("Allow")).contains("GET").contains("PUT").contains("PATCH").contains("DELETE");

    HttpResponse<Buffer> host = app.send(app.request(GET, "/api/suppliers/").putHeader("Host", "evil.example"), null);
    assertThat(host.statusCode()).isEqualTo(400);
    assertThat(json(host)).isEqualTo(new JsonObject().put("detail", "Invalid host header.").put("code", "bad_host"));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void requestIdsAreKeptWhenSaneAndReplacedOtherwise(Db db) {
    RunningOrderly app = app(db);
    HttpResponse<Buffer> kept = app.testRequest(GET, "/api/suppliers/", null, MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "abc.123_x-y"));
    assertThat(kept.getHeader("X-Request-Id")).isEqualTo("abc.123_x-y");
    HttpResponse<Buffer> replaced = app.testRequest(GET, "/api/suppliers/", null, MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "bad id!"));
    assertThat(replaced.getHeader("X-Request-Id")).isNotEqualTo("bad id!").matches("[A-Za-z0-9._-]{1,128}");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aGatewayWithoutEntityServiceAnswers503(Db db, @org.junit.jupiter.api.io.TempDir Path dir) {
    try (RunningOrderly gatewayOnly = RunningOrderly.start(db, dir, new JsonObject().put("ROLES", "gateway").put("REQUEST_TIMEOUT_MS", "2000"))) {
      HttpResponse<Buffer> r = gatewayOnly.testRequest(GET, "/api/suppliers/", null, 503);
      assertThat(r.getHeader("Retry-After")).isNotBlank();
      assertThat(json(r).getString("code")).isEqualTo("service_unavailable");
      assertThat(gatewayOnly.testRequest(GET, "/health/ready", null).statusCode()).isEqualTo(503);
    }
  }
}
