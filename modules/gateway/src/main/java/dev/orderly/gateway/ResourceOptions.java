package dev.orderly.gateway;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.stream.Collectors;

/**
 * {@code OPTIONS} on a resource's list and detail routes, as DRF's {@code SimpleMetadata} answers it: 200, {@code Allow}
 * (the methods the route serves, as a 405 lists them) and {@code {"name", "description", "renders", "parses"}}, plus
 * {@code "actions"} when the caller may write: {@code POST} on the list (the {@code add} permission), {@code PUT} on a
 * detail (the {@code change} permission, and the record must exist for the caller, as DRF's {@code get_object}
 * decides). Each action is the resource's fields as its service describes them from its definition
 * ({@link ResourceRequest.Describe}). The route itself needs {@code view}, like a GET.
 */
record ResourceOptions(ResourceService resources, RouteTable routes) {
  void list(RoutingContext ctx) {
    boolean mayAdd = Permission.of(Permissions.ADD).allows(caller(ctx), RouteTable.resource(ctx));
    describe(ctx).onComplete(Responses.then(ctx, described -> answer(ctx, metadata(described, " List",
        "The " + described.getString("plural") + ": GET lists them (filtered, searched, ordered, paged), POST creates one."),
        mayAdd ? "POST" : null, described)));
  }

  void detail(RoutingContext ctx) {
    boolean mayChange = Permission.of(Permissions.CHANGE).allows(caller(ctx), RouteTable.resource(ctx));
    Future<JsonObject> described = describe(ctx);
    Future<Boolean> withPut = mayChange ? described.compose(d -> visible(ctx)) : described.map(false);
    withPut.onComplete(Responses.then(ctx, put -> answer(ctx, metadata(described.result(), " Instance", "One "
        + described.result().getString("singular") + ": GET reads it, PUT replaces it, PATCH changes some of its fields,"
        + " DELETE deletes it."), put ? "PUT" : null, described.result())));
  }

  private Future<JsonObject> describe(RoutingContext ctx) {
    return resources.describe(new ResourceRequest.Describe(RouteTable.resource(ctx)), context(ctx)).map(reply -> reply.json());
  }

  /** Whether the record exists for the caller; a 404 is a no, any other failure stays one. */
  private Future<Boolean> visible(RoutingContext ctx) {
    return resources.get(new ResourceRequest.Get(RouteTable.resource(ctx), RouteTable.id(ctx), new JsonObject()), context(ctx))
        .map(true)
        .recover(e -> Failures.toResponse(e, RequestTracking.requestId(ctx)).status() == 404
            ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  private static JsonObject metadata(JsonObject described, String suffix, String description) {
    return new JsonObject()
        .put("name", described.getString("name") + suffix)
        .put("description", description)
        // what the CRUD routes write and read: JSON only
        .put("renders", new JsonArray().add(JsonBodies.JSON))
        .put("parses", new JsonArray().add(JsonBodies.JSON));
  }

  /** The metadata, with the {@code method}'s action when the caller may write (null: none). */
  private void answer(RoutingContext ctx, JsonObject metadata, String method, JsonObject described) {
    if (method != null) metadata.put("actions", new JsonObject().put(method, described.getJsonObject("fields")));
    ctx.response().putHeader(HttpHeaders.ALLOW, routes.allowed(RequestTracking.path(ctx)).stream()
        .map(HttpMethod::name).collect(Collectors.joining(", ")));
    Responses.json(ctx, 200, metadata);
  }

  private static Caller caller(RoutingContext ctx) {
    return Authentication.caller(ctx);
  }

  private static RequestContext context(RoutingContext ctx) {
    return Authentication.context(ctx);
  }
}
