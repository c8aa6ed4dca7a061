package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /api/schema describes what the running services serve; /api/docs shows it from the jar alone. */
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
}
