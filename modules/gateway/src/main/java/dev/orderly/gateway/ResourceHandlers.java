package dev.orderly.gateway;

import dev.orderly.core.bus.EntitiesClient;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The resource routes: each forwards its request to the service that owns the resource through
 * {@link ResourceClient} and writes the reply body as the service rendered it. List and detail GETs go through the
 * {@link ResponseCache}; a successful write drops the resource's cached responses before it answers.
 * A failure goes to {@code ctx.fail}, where {@link FailureHandlers} maps it.
 */
final class ResourceHandlers {
  private final ResourceClient entities;
  private final ResponseCache cache;

  ResourceHandlers(ResourceClient entities, ResponseCache cache) {
    this.entities = entities;
    this.cache = cache;
  }

  void list(RoutingContext ctx) {
    cache.read(ctx, resource(ctx), null,
            () -> entities.list(resource(ctx), QueryParams.parse(ctx.request().query()), ctx.request().absoluteURI(), context(ctx)))
        .onComplete(Responses.then(ctx, cached -> Responses.json(ctx, 200, cached.body())));
  }

  void create(RoutingContext ctx) {
    written(ctx, entities.create(resource(ctx), JsonBodies.object(ctx), context(ctx)))
        .onComplete(Responses.then(ctx, reply -> {
          String id = reply.headers().get(EntitiesClient.ID_HEADER);
          if (id != null) ctx.response().putHeader(HttpHeaders.LOCATION, recordUrl(ctx, id));
          Responses.json(withETag(ctx, reply), 201, reply.body());
        }));
  }

  void get(RoutingContext ctx) {
    cache.read(ctx, resource(ctx), id(ctx),
            () -> entities.get(resource(ctx), id(ctx), QueryParams.parse(ctx.request().query()), context(ctx)))
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
    written(ctx, entities.delete(resource(ctx), id(ctx), ifMatch(ctx), context(ctx)))
        .onComplete(Responses.then(ctx, reply -> Responses.noContent(ctx)));
  }

  private void update(RoutingContext ctx, boolean partial) {
    written(ctx, entities.update(resource(ctx), id(ctx), JsonBodies.object(ctx), partial, ifMatch(ctx), context(ctx)))
        .onComplete(Responses.then(ctx, reply -> Responses.json(withETag(ctx, reply), 200, reply.body())));
  }

  /** A write's reply, once the resource's cached responses are dropped (only after a success). */
  private Future<Message<Buffer>> written(RoutingContext ctx, Future<Message<Buffer>> write) {
    return write.compose(reply -> cache.written(ctx, resource(ctx)).map(reply));
  }

  /** Who asks: the authenticated caller, signed. */
  private static RequestContext context(RoutingContext ctx) {
    return Authentication.context(ctx);
  }

  private static String resource(RoutingContext ctx) {
    return ctx.pathParam("resource");
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  private static String ifMatch(RoutingContext ctx) {
    return ctx.request().getHeader(HttpHeaders.IF_MATCH);
  }

  private static RoutingContext withETag(RoutingContext ctx, Message<Buffer> reply) {
    return withETag(ctx, reply.headers().get(EntitiesClient.VERSION_HEADER));
  }

  private static RoutingContext withETag(RoutingContext ctx, String version) {
    if (version != null) ctx.response().putHeader(HttpHeaders.ETAG, "\"" + version + "\"");
    return ctx;
  }

  /** {@code <scheme>://<host>/api/<resource>/<id>/}, from the request's scheme and (checked) host. */
  private static String recordUrl(RoutingContext ctx, String id) {
    return ctx.request().scheme() + "://" + HostCheck.hostOf(ctx.request()) + "/api/" + resource(ctx) + "/" + id + "/";
  }
}
