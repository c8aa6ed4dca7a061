package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The resource routes: each forwards its request to the service that owns the resource through
 * {@link ResourceClient} and writes the reply body as the service rendered it. List and detail GETs go through the
 * {@link ResponseCache} (a history is never cached); a successful write, workflow transitions included, drops
 * the resource's cached responses before it answers.
 * A write replayed under its {@code Idempotency-Key} answers as the first did, with {@code Idempotent-Replayed: true}
 * ({@link Idempotency}); {@code Location} is the record's URL on the host this request named.
 * A failure goes to {@code ctx.fail}, where {@link FailureHandlers} maps it.
 *
 * @param principalsChanged what a successful write of a user or group runs before it answers (cached principals are stale)
 */
record ResourceHandlers(ResourceService resources, ResponseCache cache, Runnable principalsChanged) {
  void list(RoutingContext ctx) {
    cache.read(ctx, RouteTable.resource(ctx), null,
            () -> resources.list(new ResourceRequest.ListPage(RouteTable.resource(ctx), QueryParams.parse(ctx.request().query()),
                ctx.request().absoluteURI()), Authentication.context(ctx)))
        .onComplete(Responses.then(ctx, cached -> Responses.json(ctx, 200, cached.body())));
  }

  void create(RoutingContext ctx) {
    written(ctx, resources.create(new ResourceRequest.Create(RouteTable.resource(ctx), JsonBodies.object(ctx)), Authentication.context(ctx)))
        .onComplete(Responses.then(ctx, reply -> {
          if (reply.id() != null) ctx.response().putHeader(HttpHeaders.LOCATION, recordUrl(ctx, reply.id()));
          Responses.json(withETag(Idempotency.replayed(ctx, reply), reply), 201, reply.body());
        }));
  }

  void get(RoutingContext ctx) {
    cache.read(ctx, RouteTable.resource(ctx), RouteTable.id(ctx),
            () -> resources.get(new ResourceRequest.Get(RouteTable.resource(ctx), RouteTable.id(ctx), QueryParams.parse(ctx.request().query())), Authentication.context(ctx)))
        .onComplete(Responses.then(ctx, cached -> Responses.json(withETag(ctx, cached.version()), 200, cached.body())));
  }

  /** PUT: every writable field. */
  void replace(RoutingContext ctx) {
    update(ctx, false);
  }

  /** PATCH: only the fields sent. */
  void patch(RoutingContext ctx) {
    update(ctx, true);
  }

  void delete(RoutingContext ctx) {
    written(ctx, resources.delete(new ResourceRequest.Delete(RouteTable.resource(ctx), RouteTable.id(ctx), ifMatch(ctx)), Authentication.context(ctx)))
        .onComplete(Responses.then(ctx, reply -> Responses.noContent(Idempotency.replayed(ctx, reply))));
  }

  /**
   * {@code POST /api/R/{id}/<name>}: the workflow transition {@code name}, with the body's optional
   * {@code comment} and {@code If-Match}; 200 with the whole record and its {@code ETag}.
   */
  Handler<RoutingContext> transition(String name) {
    return ctx -> written(ctx, resources.transition(new ResourceRequest.Transition(RouteTable.resource(ctx), RouteTable.id(ctx), name,
            comment(ctx), ifMatch(ctx)), Authentication.context(ctx)))
        .onComplete(Responses.then(ctx, reply -> Responses.json(withETag(Idempotency.replayed(ctx, reply), reply), 200, reply.body())));
  }

  /** {@code GET /api/R/{id}/history}: the record's audit trail, oldest first, read from the service each time. */
  void history(RoutingContext ctx) {
    resources.history(new ResourceRequest.History(RouteTable.resource(ctx), RouteTable.id(ctx)), Authentication.context(ctx))
        .onComplete(Responses.then(ctx, reply -> Responses.json(ctx, 200, reply.body())));
  }

  private void update(RoutingContext ctx, boolean partial) {
    written(ctx, resources.update(new ResourceRequest.Update(RouteTable.resource(ctx), RouteTable.id(ctx), JsonBodies.object(ctx), partial, ifMatch(ctx)),
            Authentication.context(ctx)))
        .onComplete(Responses.then(ctx, reply -> Responses.json(withETag(Idempotency.replayed(ctx, reply), reply), 200, reply.body())));
  }

  /** A write's reply, once the resource's cached responses are dropped (only after a success). */
  private Future<ResourceReply> written(RoutingContext ctx, Future<ResourceReply> write) {
    return write.compose(reply -> {
      if (AuthClient.RESOURCES.contains(RouteTable.resource(ctx))) principalsChanged.run();
      return cache.written(ctx, RouteTable.resource(ctx)).map(reply);
    });
  }




  /** The body's {@code comment}: absent or null is none, a number its text, anything else a 400 on {@code comment}. */
  private static String comment(RoutingContext ctx) {
    Object comment = JsonBodies.object(ctx).getValue("comment");
    if (comment == null || comment instanceof String) return (String) comment;
    if (comment instanceof Number) return comment.toString();
    throw Failures.notAString("comment");
  }

  private static String ifMatch(RoutingContext ctx) {
    return ctx.request().getHeader(HttpHeaders.IF_MATCH);
  }

  private static RoutingContext withETag(RoutingContext ctx, ResourceReply reply) {
    return withETag(ctx, reply.version() == null ? null : String.valueOf(reply.version()));
  }

  private static RoutingContext withETag(RoutingContext ctx, String version) {
    if (version != null) ctx.response().putHeader(HttpHeaders.ETAG, "\"" + version + "\"");
    return ctx;
  }

  /** {@code <scheme>://<host>/api/<resource>/<id>/}, from the request's scheme and (checked) host. */
  private static String recordUrl(RoutingContext ctx, long id) {
    return ctx.request().scheme() + "://" + HostCheck.hostOf(ctx.request()) + "/api/" + RouteTable.resource(ctx) + "/" + id + "/";
  }
}
