package dev.orderly.gateway;

import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
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
 * {@code /api/schema}: the OpenAPI 3.1 document ({@link OpenApiDocument}), merged from the fragments the services
 * generate from their resource definitions and completed from the route table (built once per gateway instance,
 * when every service has answered). {@code /api/docs}: Swagger UI on it, served from the jar under a CSP that
 * allows its own scripts and styles and nothing from elsewhere.
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

  /** @param services the services whose resources the document describes (their {@link ServiceClient#SCHEMA} fragments) */
  ApiDocs(ServiceClient... services) {
    this.fragments = java.util.Arrays.stream(services).<Function<RequestContext, Future<JsonObject>>>map(s -> s::schema).toList();
    Properties versions = versions();
    this.assetRoot = "META-INF/resources/webjars/swagger-ui/" + versions.getProperty("swagger-ui.version");
    this.version = versions.getProperty("orderly.version");
  }

  /** The handler of {@code /api/schema} on a router serving {@code routes}. */
  Handler<RoutingContext> schema(RouteTable routes) {
    return ctx -> schema(ctx, routes);
  }

  private void schema(RoutingContext ctx, RouteTable routes) {
    if (document != null) {
      Responses.json(ctx, 200, document);
      return;
    }
    RequestContext context = Authentication.context(ctx);
    Future.all(fragments.stream().map(f -> f.apply(context)).toList())
        .onSuccess(all -> {
          document = OpenApiDocument.assemble(version, all.<JsonObject>list(), routes).toBuffer();
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
