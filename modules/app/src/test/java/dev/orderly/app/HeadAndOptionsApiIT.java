package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.HEAD;
import static io.vertx.core.http.HttpMethod.OPTIONS;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HEAD and OPTIONS on the list and detail routes of a started node, as DRF answers them: HEAD is GET without its
 * body; OPTIONS is the metadata the services derive from their resource definitions, with {@code actions} only for
 * a caller who may write. On SQLite and PostgreSQL.
 */
class HeadAndOptionsApiIT {
  private static final String PASSWORD = "Head-and-0ptions";
  private static final Map<Db, RunningOrderly> APPS = new EnumMap<>(Db.class);
  private static final AtomicInteger SEQ = new AtomicInteger();

  static synchronized RunningOrderly app(Db db) {
    return APPS.computeIfAbsent(db, d -> {
      try {
        return RunningOrderly.start(d, Files.createTempDirectory("orderly-options-"));
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

  private static long supplier(RunningOrderly app) {
    return app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "HO-" + System.nanoTime() % 1_000_000 + "-"
        + SEQ.incrementAndGet()).put("name", "Acme"), 201).bodyAsJsonObject().getLong("id");
  }

  private static String user(RunningOrderly app, String name, String... permissions) {
    return app.user(name + "-" + SEQ.incrementAndGet(), PASSWORD, new JsonObject().put("permissions", new JsonArray(List.of((Object[]) permissions))));
  }

  private static HttpResponse<Buffer> as(RunningOrderly app, String token, io.vertx.core.http.HttpMethod method, String path) {
    return app.send(app.requestAs(token, method, path), null);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void headIsGetWithoutTheBody(Db db) {
    RunningOrderly app = app(db);
    long id = supplier(app);
    for (String path : List.of("/api/suppliers/" + id + "/", "/api/suppliers/?ordering=-id", "/api/suppliers/999999/")) {
      HttpResponse<Buffer> get = app.send(app.request(GET, path), null);
      HttpResponse<Buffer> head = app.send(app.request(HEAD, path), null);

      assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
      assertThat(head.body()).as(path).isNull();
      assertThat(head.getHeader("Content-Length")).as(path).isEqualTo(String.valueOf(get.body().length()));
      for (String header : List.of("Content-Type", "ETag", "X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy")) {
        assertThat(head.getHeader(header)).as(path + " " + header).isEqualTo(get.getHeader(header));
      }
    }
    assertThat(app.send(app.request(HEAD, "/api/suppliers/" + id), null).getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(app.send(app.anonymous(HEAD, "/api/suppliers/"), null).statusCode()).isEqualTo(401);
    assertThat(as(app, user(app, "no-view"), HEAD, "/api/suppliers/" + id).statusCode()).isEqualTo(403);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void optionsDescribesTheFieldsFromTheResourceDefinitions(Db db) {
    RunningOrderly app = app(db);
    HttpResponse<Buffer> products = app.send(app.request(OPTIONS, "/api/products/"), null);

    assertThat(products.statusCode()).isEqualTo(200);
    assertThat(products.getHeader("Allow")).isEqualTo("GET, POST, HEAD, OPTIONS");
    JsonObject body = products.bodyAsJsonObject();
    assertThat(body.getString("name")).isEqualTo("Product List");
    assertThat(body.getJsonArray("renders")).containsExactly("application/json");
    JsonObject fields = body.getJsonObject("actions").getJsonObject("POST");
    assertThat(fields.fieldNames()).startsWith("id", "sku", "name").contains("supplier_id", "version", "created_at", "updated_at");
    assertThat(fields.getJsonObject("sku")).isEqualTo(new JsonObject().put("type", "string").put("required", true)
        .put("read_only", false).put("label", "Sku").put("max_length", 64));
    assertThat(fields.getJsonObject("unit").getString("type")).isEqualTo("choice");
    assertThat(fields.getJsonObject("unit").getJsonArray("choices").getJsonObject(0))
        .isEqualTo(new JsonObject().put("value", "pcs").put("display_name", "pcs"));
    assertThat(fields.getJsonObject("unit_price")).isEqualTo(new JsonObject().put("type", "decimal").put("required", true)
        .put("read_only", false).put("label", "Unit price").put("min_value", 0).put("max_digits", 12).put("decimal_places", 2));
    assertThat(fields.getJsonObject("stock_quantity").getLong("max_value")).isEqualTo(2147483647L);
    assertThat(fields.getJsonObject("id").getBoolean("read_only")).isTrue();

    JsonObject lines = app.send(app.request(OPTIONS, "/api/purchase-orders"), null).bodyAsJsonObject()
        .getJsonObject("actions").getJsonObject("POST").getJsonObject("lines");
    assertThat(lines.getJsonObject("child").getString("type")).isEqualTo("nested object");
    assertThat(lines.getJsonObject("child").getJsonObject("children").fieldNames()).contains("product_id", "quantity", "line_total");
    JsonObject status = app.send(app.request(OPTIONS, "/api/purchase-orders"), null).bodyAsJsonObject()
        .getJsonObject("actions").getJsonObject("POST").getJsonObject("status");
    assertThat(status).as("read-only: no choices").isEqualTo(new JsonObject().put("type", "choice").put("required", false)
        .put("read_only", true).put("label", "Status"));

    // users and groups come from the auth service's definitions, through its staff rules
    JsonObject users = app.send(app.request(OPTIONS, "/api/users/"), null).bodyAsJsonObject();
    assertThat(users.getString("name")).isEqualTo("User List");
    assertThat(users.getJsonObject("actions").getJsonObject("POST").getJsonObject("email").getString("type")).isEqualTo("email");
    assertThat(users.getJsonObject("actions").getJsonObject("POST").getJsonObject("password").getString("type")).isEqualTo("string");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void actionsAppearOnlyForACallerWhoMayWriteAndPutOnlyForARecordThatExists(Db db) {
    RunningOrderly app = app(db);
    long id = supplier(app);
    String viewer = user(app, "viewer", "suppliers.view");
    String adder = user(app, "adder", "suppliers.view", "suppliers.add");
    String changer = user(app, "changer", "suppliers.view", "suppliers.change");

    HttpResponse<Buffer> detail = as(app, changer, OPTIONS, "/api/suppliers/" + id + "/");
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(detail.getHeader("Allow")).isEqualTo("GET, PUT, PATCH, DELETE, HEAD, OPTIONS");
    assertThat(detail.bodyAsJsonObject().getString("name")).isEqualTo("Supplier Instance");
    assertThat(detail.bodyAsJsonObject().getJsonObject("actions").fieldNames()).containsExactly("PUT");
    assertThat(detail.bodyAsJsonObject().getJsonObject("actions").getJsonObject("PUT").getJsonObject("code").getInteger("max_length"))
        .isEqualTo(32);

    assertThat(as(app, changer, OPTIONS, "/api/suppliers/999999/").bodyAsJsonObject().containsKey("actions"))
        .as("no PUT where get_object finds nothing").isFalse();
    assertThat(as(app, changer, OPTIONS, "/api/suppliers/").bodyAsJsonObject().containsKey("actions")).as("change is not add").isFalse();
    assertThat(as(app, adder, OPTIONS, "/api/suppliers/").bodyAsJsonObject().getJsonObject("actions").fieldNames()).containsExactly("POST");
    assertThat(as(app, adder, OPTIONS, "/api/suppliers/" + id).bodyAsJsonObject().containsKey("actions")).isFalse();
    JsonObject readOnly = as(app, viewer, OPTIONS, "/api/suppliers/").bodyAsJsonObject();
    assertThat(readOnly.fieldNames()).containsExactly("name", "description", "renders", "parses");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void optionsNeedsWhatGetNeeds(Db db) {
    RunningOrderly app = app(db);
    HttpResponse<Buffer> anonymous = app.send(app.anonymous(OPTIONS, "/api/suppliers/"), null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(anonymous.bodyAsJsonObject().getString("code")).isEqualTo("not_authenticated");

    HttpResponse<Buffer> denied = as(app, user(app, "products-only", "products.view"), OPTIONS, "/api/suppliers/1/");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.bodyAsJsonObject().getString("code")).isEqualTo("permission_denied");
    assertThat(as(app, user(app, "not-staff", "users.view"), OPTIONS, "/api/users/").statusCode()).as("users need staff").isEqualTo(403);
    assertThat(app.send(app.request(OPTIONS, "/api/no-such-resource/"), null).statusCode()).isEqualTo(404);
  }
}
