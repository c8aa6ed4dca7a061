package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /api/schema describes what the running services serve, merged from the entity and auth services' fragments and the
 * gateway's route table; /api/docs shows it from the jar alone. ({@code DocumentedRoutesIT} walks the route table and
 * the document both ways.)
 */
class ApiDocsIT {
  @Test
  void schemaAndSwaggerUi(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir)) {
      JsonObject schema = app.testRequest(GET, "/api/schema", null, 200).bodyAsJsonObject();
      assertThat(schema.getString("openapi")).isEqualTo("3.1.0");
      assertThat(schema.getJsonObject("paths").fieldNames()).contains("/api/suppliers/", "/api/products/{id}/",
          "/api/purchase-orders/", "/health/ready");
      assertThat(schema.getJsonObject("components").getJsonObject("schemas").fieldNames()).contains("Product", "ProductWrite", "Error",
          "HistoryEntry");
      JsonObject paths = schema.getJsonObject("paths");
      assertThat(paths.fieldNames()).contains("/api/suppliers/{id}/history/", "/api/purchase-orders/{id}/history/",
          "/api/purchase-orders/{id}/submit/", "/api/purchase-orders/{id}/approve/", "/api/purchase-orders/{id}/reject/",
          "/api/purchase-orders/{id}/cancel/").doesNotContain("/api/suppliers/{id}/approve/");
      JsonObject reject = paths.getJsonObject("/api/purchase-orders/{id}/reject/").getJsonObject("post");
      assertThat(reject.getJsonObject("requestBody").getBoolean("required")).isTrue();
      assertThat(reject.getJsonObject("responses").fieldNames()).contains("200", "400", "403", "404", "409", "412", "429");
      assertThat(paths.getJsonObject("/api/purchase-orders/{id}/approve/").getJsonObject("post").getJsonObject("requestBody")
          .getBoolean("required")).isFalse();
      JsonObject events = paths.getJsonObject("/api/events").getJsonObject("get");
      assertThat(events.getJsonObject("responses").getJsonObject("200").getJsonObject("content").fieldNames())
          .containsExactly("text/event-stream");
      assertThat(events.getJsonArray("parameters").stream().map(p -> ((JsonObject) p).getString("name")))
          .contains("resources", "since", "Last-Event-ID");

      assertUsersGroupsAndAuthRoutes(schema);
      assertTheRouteTableSaysWhoMayCallAndWhereOptionsAnswers(paths);

      HttpResponse<Buffer> page = app.testRequest(GET, "/api/docs", null, 200);
      assertThat(page.getHeader("Content-Type")).startsWith("text/html");
      assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe");
      assertThat(page.bodyAsString()).contains("/api/docs/assets/swagger-ui-bundle.js");

      HttpResponse<Buffer> bundle = app.testRequest(GET, "/api/docs/assets/swagger-ui-bundle.js", null, 200);
      assertThat(bundle.getHeader("Content-Type")).startsWith("text/javascript");
      assertThat(bundle.bodyAsString()).contains("SwaggerUIBundle");
      assertThat(app.testRequest(GET, "/api/docs/init.js", null, 200).bodyAsString()).contains("/api/schema");
      app.testRequest(GET, "/api/docs/assets/..%2F..%2Fpom.xml", null, 404);
      app.testRequest(GET, "/api/docs/assets/index.html", null, 404);
    }
  }

  /** The auth service's fragment (users, groups) and the auth routes, their bodies read from the auth message records. */
  private static void assertUsersGroupsAndAuthRoutes(JsonObject schema) {
    JsonObject paths = schema.getJsonObject("paths");
    JsonObject schemas = schema.getJsonObject("components").getJsonObject("schemas");
    assertThat(paths.fieldNames()).contains("/api/users/", "/api/users/{id}/", "/api/users/{id}/history/", "/api/groups/",
        "/api/groups/{id}/", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout", "/api/auth/me", "/api/auth/password",
        "/api/auth/session").doesNotContain("/api/users/{id}/approve/");
    JsonObject user = schemas.getJsonObject("User").getJsonObject("properties");
    for (String links : List.of("groups", "permissions")) {
      assertThat(user.getJsonObject(links).getString("type")).as(links).isEqualTo("array");
      assertThat(user.getJsonObject(links).getJsonObject("items").getString("type")).as(links).isEqualTo("string");
    }
    assertThat(schemas.getJsonObject("Group").getJsonObject("properties").getJsonObject("permissions").getString("type")).isEqualTo("array");
    assertThat(user.fieldNames()).as("a password is never rendered").doesNotContain("password");
    JsonObject password = schemas.getJsonObject("UserWrite").getJsonObject("properties").getJsonObject("password");
    assertThat(password.getBoolean("writeOnly")).isTrue();

    JsonObject login = paths.getJsonObject("/api/auth/login").getJsonObject("post");
    assertThat(refOf(login.getJsonObject("requestBody"))).isEqualTo("#/components/schemas/Credentials");
    assertThat(refOf(login.getJsonObject("responses").getJsonObject("200"))).isEqualTo("#/components/schemas/TokenPair");
    assertThat(schemas.getJsonObject("TokenPair").getJsonObject("properties").fieldNames())
        .containsExactly("access", "refresh", "token_type", "expires_in");
    assertThat(schemas.getJsonObject("Credentials").getJsonArray("required")).containsExactly("username", "password");
    assertThat(schemas.getJsonObject("PasswordChange").getJsonObject("properties").fieldNames()).containsExactly("old_password", "new_password");
    JsonObject me = schemas.getJsonObject("Me").getJsonObject("properties");
    assertThat(me.fieldNames()).containsExactly("id", "username", "email", "first_name", "last_name", "is_staff", "is_superuser",
        "groups", "permissions");
    assertThat(me.getJsonObject("groups").getString("type")).isEqualTo("array");
    JsonObject session = paths.getJsonObject("/api/auth/session");
    assertThat(session.fieldNames()).contains("post", "delete");
    assertThat(session.getJsonObject("post").getJsonObject("responses").getJsonObject("204").getJsonObject("headers").fieldNames())
        .contains("Set-Cookie");
    assertThat(paths.getJsonObject("/api/auth/logout").getJsonObject("post").getJsonObject("responses").fieldNames())
        .contains("204", "400", "401", "403");
  }

  /** Whether a route needs credentials, and where OPTIONS and HEAD answer, come from the route table. */
  private static void assertTheRouteTableSaysWhoMayCallAndWhereOptionsAnswers(JsonObject paths) {
    for (String open : List.of("/health/live", "/health/ready", "/api/schema", "/api/docs")) {
      assertThat(paths.getJsonObject(open).getJsonObject("get").getJsonArray("security")).as(open).isEmpty();
    }
    for (String login : List.of("/api/auth/login", "/api/auth/refresh", "/api/auth/session")) {
      assertThat(paths.getJsonObject(login).getJsonObject("post").getJsonArray("security")).as(login).isEmpty();
    }
    assertThat(paths.getJsonObject("/api/auth/session").getJsonObject("delete").containsKey("security")).isFalse();
    assertThat(paths.getJsonObject("/api/auth/me").getJsonObject("get").containsKey("security")).as("the document's: a login").isFalse();
    assertThat(paths.getJsonObject("/api/suppliers/").getJsonObject("get").containsKey("security")).isFalse();
    for (String path : List.of("/api/suppliers/", "/api/suppliers/{id}/", "/api/users/", "/api/groups/{id}/")) {
      JsonObject options = paths.getJsonObject(path).getJsonObject("options");
      assertThat(options).as(path).isNotNull();
      assertThat(refOf(options.getJsonObject("responses").getJsonObject("200"))).isEqualTo("#/components/schemas/Metadata");
      assertThat(options.getJsonObject("responses").getJsonObject("200").getJsonObject("headers").fieldNames()).containsExactly("Allow");
      assertThat(paths.getJsonObject(path).getJsonObject("get").getString("description")).as(path).contains("HEAD");
    }
    JsonObject detailOptions = paths.getJsonObject("/api/suppliers/{id}/").getJsonObject("options");
    assertThat(detailOptions.getJsonArray("parameters").stream().map(p -> ((JsonObject) p).getString("name"))).containsExactly("id");
    for (String notAResource : List.of("/api/docs", "/api/schema", "/api/suppliers/{id}/history/", "/api/exports/", "/api/auth/me")) {
      assertThat(paths.getJsonObject(notAResource).containsKey("options")).as(notAResource).isFalse();
    }
  }

  /** The {@code $ref} of a request body's or response's JSON content. */
  private static String refOf(JsonObject bodyOrResponse) {
    return bodyOrResponse.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema").getString("$ref");
  }
}
