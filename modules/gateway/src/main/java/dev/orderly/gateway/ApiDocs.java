package dev.orderly.gateway;

import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.bus.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * {@code /api/schema}: the OpenAPI 3.1 document, merged from the fragments the services generate from
 * their resource definitions (built once per gateway instance). {@code /api/docs}: Swagger UI on it,
 * served from the jar under a CSP that allows its own scripts and styles and nothing from elsewhere.
 */
final class ApiDocs {
  static final String DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  private static final Map<String, String> ASSETS = Map.of(
      "swagger-ui.css", "text/css; charset=utf-8",
      "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
      "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
      "favicon-32x32.png", "image/png");
  private static final String PAGE = """
      <!doctype html>
      <html lang="en">
      <head><meta charset="utf-8"><title>Orderly API</title>
      <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
      <link rel="icon" href="/api/docs/assets/favicon-32x32.png"></head>
      <body><div id="ui"></div>
      <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
      <script src="/api/docs/init.js"></script></body>
      </html>
      """;
  private static final String INIT = "window.ui = SwaggerUIBundle({url: '/api/schema', dom_id: '#ui', deepLinking: true});\n";

  private final List<Function<RequestContext, Future<JsonObject>>> fragments;
  private final String assetRoot;
  private final String version;
  private Buffer document;

  /** @param services the services whose resources the document describes */
  ApiDocs(ServiceClient... services) {
    this.fragments = java.util.Arrays.stream(services).<Function<RequestContext, Future<JsonObject>>>map(s -> s::schema).toList();
    Properties versions = versions();
    this.assetRoot = "META-INF/resources/webjars/swagger-ui/" + versions.getProperty("swagger-ui.version");
    this.version = versions.getProperty("orderly.version");
  }

  void schema(RoutingContext ctx) {
    if (document != null) {
      Responses.json(ctx, 200, document);
      return;
    }
    RequestContext context = RequestContext.system(RequestTracking.requestId(ctx));
    Future.all(fragments.stream().map(f -> f.apply(context)).toList())
        .onSuccess(all -> {
          JsonObject doc = base();
          for (int i = 0; i < all.size(); i++) {
            JsonObject fragment = all.resultAt(i);
            doc.getJsonObject("paths").mergeIn(fragment.getJsonObject("paths"));
            doc.getJsonObject("components").getJsonObject("schemas").mergeIn(fragment.getJsonObject("schemas"));
          }
          document = doc.toBuffer();
          Responses.json(ctx, 200, document);
        })
        .onFailure(e -> Responses.error(ctx, Failures.schemaUnavailable()));
  }

  void page(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", DOCS_CSP)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(PAGE);
  }

  void init(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8").end(INIT);
  }

  /** Only the named files of Swagger UI: a client-supplied name never becomes a path. */
  void asset(RoutingContext ctx) {
    String name = ctx.pathParam("file");
    String type = ASSETS.get(name);
    if (type == null) {
      Responses.error(ctx, Failures.notFound());
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type).putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400")
        .sendFile(assetRoot + "/" + name);
  }

  /** {@code GET /api/events}: the change events of some resources as Server-Sent Events (see the README). */
  private static JsonObject eventsPath() {
    JsonObject errorContent = new JsonObject().put("application/json",
        new JsonObject().put("schema", new JsonObject().put("$ref", "#/components/schemas/Error")));
    JsonArray parameters = new JsonArray()
        .add(new JsonObject().put("name", "resources").put("in", "query").put("required", true)
            .put("description", "Comma-separated resources of one service, e.g. purchase-orders,products")
            .put("schema", new JsonObject().put("type", "string")))
        .add(new JsonObject().put("name", "since").put("in", "query").put("required", false)
            .put("description", "Resume after this event id (Last-Event-ID wins when both are sent)")
            .put("schema", new JsonObject().put("type", "integer")))
        .add(new JsonObject().put("name", "Last-Event-ID").put("in", "header").put("required", false)
            .put("schema", new JsonObject().put("type", "integer")));
    JsonObject responses = new JsonObject()
        .put("200", new JsonObject().put("description", "id: <event_id>, event: <type>, data: <the event JSON>; a ': ping' comment every"
            + " 15 s; event: reset when the resume point is past retention")
            .put("content", new JsonObject().put("text/event-stream", new JsonObject().put("schema", new JsonObject().put("type", "string")))))
        .put("400", new JsonObject().put("description", "Unknown, missing or mixed resources").put("content", errorContent))
        .put("401", new JsonObject().put("description", "Not authenticated").put("content", errorContent))
        .put("403", new JsonObject().put("description", "No view permission on a resource").put("content", errorContent))
        .put("503", new JsonObject().put("description", "SSE_MAX_CLIENTS streams open on this node").put("content", errorContent));
    return new JsonObject().put("get", new JsonObject().put("summary", "Change events as Server-Sent Events")
        .put("operationId", "events").put("parameters", parameters).put("responses", responses));
  }

  private JsonObject base() {
    JsonObject error = new JsonObject().put("type", "object").put("required", new JsonArray().add("detail").add("code"))
        .put("properties", new JsonObject()
            .put("detail", new JsonObject().put("type", "string"))
            .put("code", new JsonObject().put("type", "string"))
            .put("request_id", new JsonObject().put("type", "string")));
    JsonObject validation = new JsonObject().put("type", "object").put("description", "{field: [messages]}, non_field_errors for the whole body")
        .put("additionalProperties", new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string")));
    JsonObject health = new JsonObject().put("type", "object").put("properties", new JsonObject()
        .put("status", new JsonObject().put("type", "string").put("enum", new JsonArray().add("UP").add("DOWN")))
        .put("checks", new JsonObject().put("type", "array")));
    JsonObject paths = new JsonObject()
        .put("/health/live", healthPath("Liveness: 200 while the process serves", health))
        .put("/health/ready", healthPath("Readiness: 200 when every service this node relies on answers, else 503", health))
        .put(MetricsEndpoint.PATH, metricsPath())
        .put("/api/events", eventsPath());
    FilePaths.all().forEach(e -> paths.put(e.getKey(), e.getValue()));
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put("info", new JsonObject().put("title", "Orderly API").put("version", version)
            .put("description", "Suppliers, products and purchase orders; DRF-compatible routes, errors and list parameters."))
        .put("paths", paths)
        .put("components", new JsonObject()
            .put("schemas", new JsonObject().put("Error", error).put("ValidationError", validation).put("Health", health))
            .put("securitySchemes", new JsonObject().put("bearer",
                new JsonObject().put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT"))))
        .put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray())));
  }

  private static JsonObject metricsPath() {
    return new JsonObject().put("get", new JsonObject().put("summary", "This node's metrics in Prometheus text (see the README)")
        .put("operationId", "metrics").put("security", new JsonArray()).put("tags", new JsonArray().add("operations"))
        .put("responses", new JsonObject().put("200", new JsonObject().put("description", "Prometheus text format 0.0.4")
            .put("content", new JsonObject().put("text/plain", new JsonObject().put("schema", new JsonObject().put("type", "string")))))));
  }

  private static JsonObject healthPath(String summary, JsonObject schema) {
    return new JsonObject().put("get", new JsonObject().put("summary", summary).put("security", new JsonArray())
        .put("tags", new JsonArray().add("operations"))
        .put("responses", new JsonObject().put("200", new JsonObject().put("description", "UP")
            .put("content", new JsonObject().put("application/json", new JsonObject().put("schema", schema))))));
  }

  private static Properties versions() {
    Properties p = new Properties();
    try (InputStream in = ApiDocs.class.getResourceAsStream("docs.properties")) {
      p.load(in);
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(new IOException("docs.properties is missing from the gateway jar", e));
    }
    return p;
  }
}
