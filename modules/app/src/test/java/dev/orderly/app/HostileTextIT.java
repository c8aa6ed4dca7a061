package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Text and numbers no database stores, and the logout body, over HTTP on SQLite and PostgreSQL (issue 12,
 * points 1, 2 and 5): each is a 400 naming the field or parameter, never a 500, and nothing is written.
 */
class HostileTextIT {
  @ParameterizedTest
  @EnumSource(Db.class)
  void nulAndUnpairedSurrogatesAre400InBodiesFiltersAndCredentials(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      long supplier = app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "TXT-1").put("name", "Text Ltd"), 201)
          .bodyAsJsonObject().getLong("id");
      long before = count(app);
      HttpResponse<Buffer> nul = app.testRequest(POST, "/api/suppliers/", "{\"code\": \"TXT-2\", \"name\": \"Nul\\u0000here\"}", 400);
      assertThat(nul.bodyAsJsonObject().getJsonArray("name").getString(0)).isEqualTo("Null characters are not allowed.");
      HttpResponse<Buffer> surrogate = app.testRequest(POST, "/api/suppliers/", "{\"code\": \"TXT-3\", \"name\": \"half \\ud800\"}", 400);
      assertThat(surrogate.bodyAsJsonObject().getJsonArray("name").getString(0)).isEqualTo("Unpaired surrogate characters are not allowed.");
      HttpResponse<Buffer> child = app.testRequest(POST, "/api/products/", "{\"sku\": \"S\\u0000\", \"name\": \"P\", \"unit_price\": \"1\","
          + " \"supplier_id\": " + supplier + "}", 400);
      assertThat(child.bodyAsJsonObject().containsKey("sku")).isTrue();
      assertThat(count(app)).isEqualTo(before);

      HttpResponse<Buffer> filter = app.testRequest(GET, "/api/suppliers/?name__icontains=%00", null, 400);
      assertThat(filter.bodyAsJsonObject().getJsonArray("name__icontains").getString(0)).isEqualTo("Null characters are not allowed.");
      app.testRequest(GET, "/api/suppliers/?code=%00", null, 400);
      JsonObject searched = app.testRequest(GET, "/api/suppliers/?search=Text%00", null, 200).bodyAsJsonObject();
      assertThat(searched.getLong("count")).as("search drops NUL, as DRF's SearchFilter").isEqualTo(1);

      HttpResponse<Buffer> names = app.testRequest(POST, "/api/users/", "{\"username\": \"txt-user\", \"groups\": [\"st\\u0000aff\"]}", 400);
      assertThat(names.bodyAsJsonObject().getJsonArray("groups").getString(0)).as("a name to look up, too").isEqualTo("Null characters are not allowed.");
      for (String param : new String[] {"ordering", "fields"}) {
        HttpResponse<Buffer> named = app.testRequest(GET, "/api/suppliers/?" + param + "=%00", null, 400);
        assertThat(named.bodyAsJsonObject().containsKey(param)).as("a NUL names no field").isTrue();
      }

      HttpResponse<Buffer> login = app.send(app.anonymous(POST, "/api/auth/login"), "{\"username\": \"adm\\u0000in\", \"password\": \"x\"}");
      assertThat(login.statusCode()).isEqualTo(400);
      assertThat(login.bodyAsJsonObject().getJsonArray("username").getString(0)).isEqualTo("Null characters are not allowed.");
      HttpResponse<Buffer> number = app.send(app.anonymous(POST, "/api/auth/login"), new JsonObject().put("username", 42).put("password", "x"));
      assertThat(number.statusCode()).isEqualTo(400);
      assertThat(number.bodyAsJsonObject().getJsonArray("username").getString(0)).isEqualTo("Not a valid string.");
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void valuesOutsideDjangosRangesAre400InBodiesAndFilters(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      long supplier = app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "RNG-1").put("name", "Range Ltd"), 201)
          .bodyAsJsonObject().getLong("id");
      JsonObject product = new JsonObject().put("sku", "RNG-P").put("name", "P").put("unit_price", "1.00").put("supplier_id", supplier);
      HttpResponse<Buffer> big = app.testRequest(POST, "/api/products/", product.copy().put("stock_quantity", 2147483648L), 400);
      assertThat(big.bodyAsJsonObject().getJsonArray("stock_quantity").getString(0))
          .isEqualTo("Ensure this value is less than or equal to 2147483647.");
      app.testRequest(POST, "/api/products/", product.copy().put("stock_quantity", 2147483647L), 201);
      HttpResponse<Buffer> year0 = app.testRequest(POST, "/api/purchase-orders/", new JsonObject().put("supplier_id", supplier)
          .put("order_date", "0000-01-01"), 400);
      assertThat(year0.bodyAsJsonObject().containsKey("order_date")).isTrue();
      for (String query : new String[] {"unit_price__gt=1e999999", "stock_quantity__gt=2147483648", "created_at__gt=%2B999999999-12-31",
          "created_at__lt=0000-01-01T00:00:00Z", "supplier_id=2147483648", "supplier_id__in=1,-2147483649"}) {
        String name = query.substring(0, query.indexOf('='));
        HttpResponse<Buffer> r = app.testRequest(GET, "/api/products/?" + query, null, 400);
        assertThat(r.bodyAsJsonObject().containsKey(name)).as(query + ": " + r.bodyAsString()).isTrue();
      }
      app.testRequest(GET, "/api/purchase-orders/?order_date__gt=%2B999999999-12-31", null, 400);
      app.testRequest(GET, "/api/products/+1/", null, 404);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void logoutWithoutAValidRefreshIs400AndRevokesNothing(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      JsonObject pair = app.login(RunningOrderly.ADMIN, RunningOrderly.ADMIN_PASSWORD);
      String access = pair.getString("access");
      for (Object body : new Object[] {new JsonObject(), new JsonObject().put("refresh", "not-a-token")}) {
        HttpResponse<Buffer> out = app.send(app.requestAs(access, POST, "/api/auth/logout"), body);
        assertThat(out.statusCode()).as(String.valueOf(body)).isEqualTo(400);
        assertThat(out.bodyAsJsonObject().containsKey("refresh")).isTrue();
      }
      assertThat(app.send(app.requestAs(access, GET, "/api/auth/me"), null).statusCode()).as("the access token still works").isEqualTo(200);
      HttpResponse<Buffer> refreshed = app.send(app.anonymous(POST, "/api/auth/refresh"), new JsonObject().put("refresh", pair.getString("refresh")));
      assertThat(refreshed.statusCode()).as("the refresh token still works").isEqualTo(200);
    }
  }

  private static long count(RunningOrderly app) {
    return app.testRequest(GET, "/api/suppliers/", null, 200).bodyAsJsonObject().getLong("count")
        + app.testRequest(GET, "/api/products/", null, 200).bodyAsJsonObject().getLong("count");
  }
}
