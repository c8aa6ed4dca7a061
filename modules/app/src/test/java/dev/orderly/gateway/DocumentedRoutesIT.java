package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.HEAD;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.app.RunningOrderly;
import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.test.Db;
import dev.orderly.entities.resources.Resources;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's route table ({@link GatewayRouter#routes}) and the document of {@code /api/schema} on a started node,
 * walked both ways: every documented operation is served by a row, every row is documented (but for
 * {@link #UNDOCUMENTED}), and for each resource the node serves, every route of a resource row either is in the
 * document or is refused by the node (404, 405), while every documented operation of the resource is answered by its
 * service (neither 404 nor 405; the probes send a stale {@code If-Match} or an empty body, so nothing is written).
 * Lives in the gateway's package to build its route table; lives in this module because only here are the gateway
 * and every service together.
 */
@Timeout(120)
class DocumentedRoutesIT {
  /** Rows the document leaves out on purpose ({@code "METHOD template"}), each with why. */
  static final Map<String, String> UNDOCUMENTED = Map.of(
      "HEAD " + GatewayRouter.RESOURCE, "a list's GET without the body: the GET's description says so (OpenApiDocument)",
      "HEAD " + GatewayRouter.RECORD, "a record's GET without the body: the GET's description says so (OpenApiDocument)",
      "GET /api/docs/init.js", "Swagger UI's start script, part of the /api/docs page",
      "GET /api/docs/assets/{file}", "Swagger UI's own files, part of the /api/docs page");
  /** A stale version: a write that honours If-Match refuses it (412) before anything else is written. */
  private static final String STALE = "\"0\"";
  private static final String BOUNDARY = "documented-routes";

  @Test
  void everyServedRouteIsDocumentedAndEveryDocumentedOneServed(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir)) {
      RouteTable table = routeTable(app);
      JsonObject paths = app.testRequest(GET, "/api/schema", null, 200).bodyAsJsonObject().getJsonObject("paths");

      Set<RouteTable.Entry> documented = new HashSet<>();
      Set<String> operationIds = new HashSet<>();
      for (String path : paths.fieldNames()) {
        for (String key : paths.getJsonObject(path).fieldNames()) {
          HttpMethod method = OpenApiDocument.method(key);
          if (method == null) continue;
          RouteTable.Entry row = table.serving(method, OpenApiDocument.sample(path));
          assertThat(row).as("%s %s is documented but no row serves it", method, path).isNotNull();
          assertThat(row.template()).as("%s %s is documented on a path of another route", method, path)
              .isEqualTo(table.templateOf(OpenApiDocument.sample(path)));
          documented.add(row);
          assertThat(operationIds.add(paths.getJsonObject(path).getJsonObject(key).getString("operationId")))
              .as("operationId of %s %s is unique", method, path).isTrue();
        }
      }
      Set<String> rows = new TreeSet<>();
      for (RouteTable.Entry row : table.rows()) {
        String name = row.method() + " " + row.template();
        rows.add(name);
        if (UNDOCUMENTED.containsKey(name)) {
          assertThat(documented).as("%s is listed as undocumented but documented", name).doesNotContain(row);
        } else {
          assertThat(documented).as("%s is served but not documented", name).contains(row);
        }
      }
      assertThat(rows).as("every exception names a row").containsAll(UNDOCUMENTED.keySet());

      Map<String, String> records = records(app);
      for (Map.Entry<String, String> resource : records.entrySet()) {
        walkResource(app, table, paths, resource.getKey(), resource.getValue());
      }
    }
  }

  /**
   * The rows of {@code /api/{resource}...} for {@code resource}: what the document lists is answered (not 404 or 405),
   * what it does not list is refused; the trailing slash as the document writes it.
   */
  private static void walkResource(RunningOrderly app, RouteTable table, JsonObject paths, String resource, String id) {
    Set<String> listed = new HashSet<>();
    String prefix = "/api/" + resource + "/";
    for (String path : paths.fieldNames()) {
      if (!path.startsWith(prefix)) continue;
      for (String key : paths.getJsonObject(path).fieldNames()) {
        HttpMethod method = OpenApiDocument.method(key);
        if (method == null) continue;
        listed.add(method + " " + trimmed(OpenApiDocument.sample(path)));
        String concrete = path.replace("{id}", id);
        HttpResponse<Buffer> answer = probe(app, table.serving(method, concrete), concrete);
        assertThat(answer.statusCode()).as("documented %s %s answered %s %s", method, path, answer.statusCode(), answer.bodyAsString())
            .isNotIn(404, 405).isLessThan(500);
      }
    }
    for (RouteTable.Entry row : table.rows()) {
      if (!row.template().contains("{resource}") || UNDOCUMENTED.containsKey(row.method() + " " + row.template())) continue;
      String sample = row.template().replace("{resource}", resource).replace("{id}", OpenApiDocument.SAMPLE);
      if (listed.contains(row.method() + " " + sample)) continue;
      String path = row.template().replace("{resource}", resource).replace("{id}", id);
      HttpResponse<Buffer> answer = probe(app, row, path);
      assertThat(answer.statusCode()).as("undocumented %s %s answered %s %s", row.method(), path, answer.statusCode(), answer.bodyAsString())
          .isIn(404, 405);
    }
  }

  /**
   * A request that reaches the row's handler and writes nothing: a stale If-Match, an empty JSON body on unsafe methods
   * (a streamed row: a file of a header only, as a dry run).
   */
  private static HttpResponse<Buffer> probe(RunningOrderly app, RouteTable.Entry row, String path) {
    HttpMethod method = row.method();
    if (row.access() == RouteTable.Access.STREAMED) {
      Buffer file = Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"probe.csv\"\r\n\r\n"
          + "name\r\n\r\n--" + BOUNDARY + "--\r\n");
      return app.send(app.request(method, path + "?dry_run=true").putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY),
          file);
    }
    boolean bodiless = method == GET || method == HEAD || method == HttpMethod.OPTIONS || method == HttpMethod.DELETE;
    return app.send(app.request(method, path).putHeader("If-Match", STALE), bodiless ? null : new JsonObject());
  }

  private static String trimmed(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** A record of every resource the node serves: resource → its id. */
  private static Map<String, String> records(RunningOrderly app) {
    List<String> names = new ArrayList<>(Stream.concat(Resources.ALL.stream().map(ResourceDef::name), AuthClient.RESOURCES.stream()).toList());
    Map<String, String> ids = new LinkedHashMap<>();
    String supplier = id(app, "/api/suppliers/", new JsonObject().put("code", "DOC-1").put("name", "Documented"));
    String product = id(app, "/api/products/", new JsonObject().put("sku", "DOC-1").put("name", "Documented").put("unit_price", "1.00")
        .put("supplier_id", Long.parseLong(supplier)));
    ids.put("suppliers", supplier);
    ids.put("products", product);
    ids.put("purchase-orders", id(app, "/api/purchase-orders/", new JsonObject().put("supplier_id", Long.parseLong(supplier))
        .put("lines", new JsonArray().add(new JsonObject().put("product_id", Long.parseLong(product)).put("quantity", "1")))));
    ids.put("users", id(app, "/api/users/", new JsonObject().put("username", "documented").put("password", "Documented-Passw0rd")));
    ids.put("groups", id(app, "/api/groups/", new JsonObject().put("name", "documented")));
    assertThat(ids.keySet()).as("a record of every resource").containsExactlyInAnyOrderElementsOf(names);
    return ids;
  }

  private static String id(RunningOrderly app, String path, JsonObject body) {
    return String.valueOf(app.testRequest(POST, path, body, 201).bodyAsJsonObject().getLong("id"));
  }

  private static RouteTable routeTable(RunningOrderly app) {
    return GatewayRouter.routes(new ResourceHandlers(null, null, null), new HealthHandlers(new Readiness(app.vertx(), List.of(), null, false, 1_000)),
        new ApiDocs(),
        new AuthHandlers(null, false, () -> { }), new EventStreams(app.vertx(), null, CallerSigning.NONE, 1_000, 1, EventStreams.Options.DEFAULT),
        new FileHandlers(null, null, null, null, 0, 0), new MetricsEndpoint(app.vertx()),
        new StaticFiles(app.vertx(), java.nio.file.Path.of("static")));
  }
}
