package dev.orderly.gateway;

import static dev.orderly.gateway.OpenApiParts.error;
import static dev.orderly.gateway.OpenApiParts.json;
import static dev.orderly.gateway.OpenApiParts.ref;
import static dev.orderly.gateway.OpenApiParts.response;
import static dev.orderly.gateway.OpenApiParts.type;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The document of {@code /api/schema}: the gateway's own paths (health, this document and its Swagger UI, the event
 * stream, export jobs and attachments from {@link FilePaths}, authentication from {@link AuthPaths}) merged with the
 * fragments the services generate from their resource definitions, then completed from the {@link RouteTable}, so
 * that the router and the document read the same rows:
 * <ul>
 *   <li>an operation whose row needs no credentials ({@link RouteTable.Access#OPEN}, {@link RouteTable.Access#PUBLIC})
 *   has {@code "security": []}; every other one takes the document's (a bearer token, or the session cookie);</li>
 *   <li>a path whose GET row shares its template with an {@code OPTIONS} row (a resource's list and detail) gets an
 *   {@code options} operation: DRF's metadata, {@link ResourceOptions};</li>
 *   <li>an operation whose row honours {@code Idempotency-Key} ({@link RouteTable#readsIdempotencyKey}: an authenticated
 *   write) takes the header, may answer 400 for a malformed key and 422 for a key reused with another request, and
 *   its successes may carry {@code Idempotent-Replayed};</li>
 *   <li>where a {@code HEAD} row shares the GET's template, the GET says that HEAD answers it without the body. HEAD
 *   is not listed as an operation of its own: it would repeat each GET, and OpenAPI documents (DRF's generators
 *   among them) leave it out.</li>
 * </ul>
 * A path's parameters are matched against the rows with each {@code {name}} taken as {@value #SAMPLE}.
 */
final class OpenApiDocument {
  /** What a path parameter stands for when a documented path is matched against the rows. */
  static final String SAMPLE = "1";
  static final String METADATA = "Metadata";
  private static final Pattern PARAMETER = Pattern.compile("\\{[^}/]+}");
  private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final String HEAD_NOTE = " HEAD answers the same, without the body.";

  private OpenApiDocument() {}

  /** The document of a gateway of {@code version} whose router serves {@code routes}, with the services' {@code fragments}. */
  static JsonObject assemble(String version, List<JsonObject> fragments, RouteTable routes) {
    JsonObject doc = base(version);
    for (JsonObject fragment : fragments) {
      doc.getJsonObject("paths").mergeIn(fragment.getJsonObject("paths"));
      doc.getJsonObject("components").getJsonObject("schemas").mergeIn(fragment.getJsonObject("schemas"));
    }
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) complete(paths.getJsonObject(path), sample(path), routes);
    return doc;
  }

  /** {@code /api/purchase-orders/{id}/submit/} → {@code /api/purchase-orders/1/submit/}: a path the rows can match. */
  static String sample(String documentedPath) {
    return PARAMETER.matcher(documentedPath).replaceAll(SAMPLE);
  }

  /** The method of an operation key of a path item ({@code get} → GET), or null for another key ({@code parameters}). */
  static HttpMethod method(String key) {
    return OPERATIONS.contains(key) ? HttpMethod.valueOf(key.toUpperCase(Locale.ROOT)) : null;
  }

  private static void complete(JsonObject item, String path, RouteTable routes) {
    for (String key : item.fieldNames()) {
      HttpMethod method = method(key);
      RouteTable.Entry row = method == null ? null : routes.serving(method, path);
      if (row != null && (row.access() == RouteTable.Access.OPEN || row.access() == RouteTable.Access.PUBLIC)) {
        item.getJsonObject(key).put("security", new JsonArray());
      }
      if (row != null && RouteTable.readsIdempotencyKey(row)) keyed(item.getJsonObject(key));
    }
    JsonObject get = item.getJsonObject("get");
    RouteTable.Entry getRow = routes.serving(HttpMethod.GET, path);
    if (get == null || getRow == null) return;
    if (sameTemplate(getRow, routes.serving(HttpMethod.OPTIONS, path)) && !item.containsKey("options")) {
      item.put("options", options(get));
    }
    if (sameTemplate(getRow, routes.serving(HttpMethod.HEAD, path))) {
      get.put("description", get.getString("description", get.getString("summary") + ".") + HEAD_NOTE);
    }
  }

  /** An operation that honours {@code Idempotency-Key}: the header, its 400 and 422, and the replay mark on its successes. */
  private static void keyed(JsonObject operation) {
    // copies: a path's operations may share their parts, and only this one changes
    operation.put("parameters", operation.getJsonArray("parameters", new JsonArray()).copy()
        .add(new JsonObject().put("$ref", "#/components/parameters/" + OpenApiParts.IDEMPOTENCY_KEY)));
    JsonObject responses = operation.getJsonObject("responses", new JsonObject()).copy();
    operation.put("responses", responses);
    for (String status : responses.fieldNames()) {
      if (!status.startsWith("2")) continue;
      JsonObject response = responses.getJsonObject(status);
      JsonObject headers = response.getJsonObject("headers", new JsonObject());
      response.put("headers", headers);
      headers.put("Idempotent-Replayed", new JsonObject().put("description", "true when this is the stored response of an earlier"
          + " request with the same Idempotency-Key").put("schema", type("string").put("enum", new JsonArray().add("true"))));
    }
    if (!responses.containsKey("400")) responses.put("400", error("Invalid request, or a malformed Idempotency-Key (invalid_idempotency_key)"));
    responses.put("422", error("The Idempotency-Key was used with another request (idempotency_key_reused)"));
  }

  private static boolean sameTemplate(RouteTable.Entry a, RouteTable.Entry b) {
    return b != null && a.template().equals(b.template());
  }

  /** {@code OPTIONS} beside this GET: its tags and path parameters, DRF's metadata as the answer. */
  private static JsonObject options(JsonObject get) {
    JsonArray parameters = new JsonArray();
    get.getJsonArray("parameters", new JsonArray()).forEach(p -> {
      if ("path".equals(((JsonObject) p).getString("in"))) parameters.add(p);
    });
    JsonObject ok = response("DRF's metadata; actions only for a caller who may write (POST on a list: add; PUT on a"
        + " record: change, and the record visible)", ref(METADATA))
        .put("headers", new JsonObject().put("Allow", new JsonObject().put("description", "The methods the route serves")
            .put("schema", type("string"))));
    return new JsonObject().put("operationId", get.getString("operationId") + "_metadata")
        .put("summary", "What the route serves and which fields the caller may write")
        .put("tags", get.getJsonArray("tags", new JsonArray()).copy()).put("parameters", parameters)
        .put("responses", new JsonObject().put("200", ok).put("401", error("Not authenticated"))
            .put("403", error("No view permission")).put("404", error("Not found")).put("429", error("Throttled"))
            .put("503", error("A backing service is unavailable")));
  }

  private static JsonObject base(String version) {
    JsonObject errorBody = new JsonObject().put("type", "object").put("required", new JsonArray().add("detail").add("code"))
        .put("properties", new JsonObject().put("detail", type("string")).put("code", type("string")).put("request_id", type("string")));
    JsonObject validation = new JsonObject().put("type", "object").put("description", "{field: [messages]}, non_field_errors for the whole body")
        .put("additionalProperties", new JsonObject().put("type", "array").put("items", type("string")));
    JsonObject health = new JsonObject().put("type", "object").put("properties", new JsonObject()
        .put("status", type("string").put("enum", new JsonArray().add("UP").add("DOWN")))
        .put("checks", type("array")));
    JsonObject paths = new JsonObject()
        .put("/health/live", operations("get", "health_live", "Liveness: 200 while the process serves", json(health)))
        .put("/health/ready", operations("get", "health_ready", "Readiness: 200 when the database, Redis (if configured) and every"
            + " service this node relies on answer, else 503 naming the failed checks (shutdown while the node drains)", json(health)))
        .put(MetricsEndpoint.PATH, operations("get", "metrics", "This node's metrics in Prometheus text (see the README)",
            new JsonObject().put("text/plain", new JsonObject().put("schema", type("string")))))
        .put("/api/schema", operations("get", "schema", "This document: OpenAPI 3.1, from the services' resource definitions and"
            + " the gateway's route table", json(type("object"))))
        .put("/api/docs", operations("get", "docs", "Swagger UI on this document, served from the jar",
            new JsonObject().put("text/html", new JsonObject().put("schema", type("string")))));
    paths.put("/static/{path}", staticPath());
    paths.mergeIn(EventPaths.all()).mergeIn(FilePaths.all()).mergeIn(AuthPaths.all());
    JsonObject schemas = new JsonObject().put(OpenApiParts.ERROR, errorBody).put(OpenApiParts.VALIDATION_ERROR, validation)
        .put("Health", health).put(METADATA, metadata()).mergeIn(AuthPaths.schemas());
    JsonObject securitySchemes = new JsonObject()
        .put("bearer", new JsonObject().put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
            .put("description", "The access token of a login; Authorization: Token <access> is accepted too"))
        .put("session", new JsonObject().put("type", "apiKey").put("in", "cookie").put("name", Authentication.SESSION_COOKIE)
            .put("description", "The cookie of a session login; unsafe methods must send " + Csrf.HEADER + " equal to the "
                + Csrf.COOKIE + " cookie"));
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put("info", new JsonObject().put("title", "Orderly API").put("version", version)
            .put("description", "Suppliers, products and purchase orders; DRF-compatible routes, errors and list parameters."
                + " Every route answers with or without the trailing slash."))
        .put("paths", paths)
        .put("components", new JsonObject().put("schemas", schemas).put("securitySchemes", securitySchemes)
            .put("parameters", new JsonObject().put(OpenApiParts.IDEMPOTENCY_KEY, OpenApiParts.idempotencyKeyParameter())))
        .put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray()))
            .add(new JsonObject().put("session", new JsonArray())));
  }

  /** {@code GET /static/{path}}: a file of STATIC_ROOT (StaticFiles). */
  private static JsonObject staticPath() {
    JsonObject path = new JsonObject().put("name", "path").put("in", "path").put("required", true)
        .put("description", "The file's path under STATIC_ROOT, e.g. css/site.css").put("schema", type("string"));
    return new JsonObject().put("get", new JsonObject().put("operationId", "static").put("summary", "A file of STATIC_ROOT,"
            + " with Cache-Control and Last-Modified; no listing, no hidden files")
        .put("tags", new JsonArray().add("operations")).put("parameters", new JsonArray().add(path))
        .put("responses", new JsonObject()
            .put("200", new JsonObject().put("description", "The file").put("content",
                new JsonObject().put("*/*", new JsonObject().put("schema", type("string").put("format", "binary")))))
            .put("304", new JsonObject().put("description", "Not modified since If-Modified-Since"))
            .put("404", new JsonObject().put("description", "No such file").put("content", json(new JsonObject().put("$ref", "#/components/schemas/" + OpenApiParts.ERROR))))));
  }

  /** A path item of one operation with no parameters, tagged {@code operations}, answering 200 with {@code content}. */
  private static JsonObject operations(String method, String operationId, String summary, JsonObject content) {
    return new JsonObject().put(method, new JsonObject().put("operationId", operationId).put("summary", summary)
        .put("tags", new JsonArray().add("operations")).put("parameters", new JsonArray())
        .put("responses", new JsonObject().put("200", new JsonObject().put("description", "Success").put("content", content))));
  }

  /** DRF's {@code SimpleMetadata} answer: {@code {name, description, renders, parses, actions?}}. */
  private static JsonObject metadata() {
    JsonObject strings = type("array").put("items", type("string"));
    JsonObject field = type("object").put("properties", new JsonObject()
        .put("type", type("string")).put("required", type("boolean")).put("read_only", type("boolean")).put("label", type("string"))
        .put("max_length", type("integer")).put("min_value", type("integer")).put("max_value", type("integer"))
        .put("max_digits", type("integer")).put("decimal_places", type("integer"))
        .put("choices", type("array").put("items", type("object").put("properties", new JsonObject()
            .put("value", type("string")).put("display_name", type("string")))))
        .put("child", type("object")));
    JsonObject fields = type("object").put("description", "{field: its description}").put("additionalProperties", field);
    return type("object").put("required", new JsonArray().add("name").add("description").add("renders").add("parses"))
        .put("properties", new JsonObject().put("name", type("string")).put("description", type("string"))
            .put("renders", strings).put("parses", strings.copy())
            .put("actions", type("object").put("properties", new JsonObject().put("POST", fields).put("PUT", fields.copy()))));
  }
}
