package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The resource routes: each forwards its request to the service that owns the resource through
 * {@link ResourceClient} and writes the reply body as the service rendered it. List and detail GETs go through the
 * {@link ResponseCache}; a successful write drops the resource's cached responses before it answers.
 * A failure goes to {@code ctx.fail}, where {@link FailureHandlers} maps it.
 *
 * @param principalsChanged what a successful write of a user or group runs before it answers (cached principals are stale)
 */
record ResourceHandlers(ResourceService resources, ResponseCache cache, Runnable principalsChanged) {
  void list(RoutingContext ctx) {
    cache.read(ctx, resource(ctx), null,
            () -> resources.list(new ResourceRequest.ListPage(resource(ctx), QueryParams.parse(ctx.request().query()),
                ctx.request().absoluteURI()), context(ctx)))
        .onComplete(Responses.then(ctx, cached -> Responses.json(ctx, 200, cached.body())));
  }

  void create(RoutingContext ctx) {
    written(ctx, resources.create(new ResourceRequest.Create(resource(ctx), JsonBodies.object(ctx)), context(ctx)))
        .onComplete(Responses.then(ctx, reply -> {
          if (reply.id() != null) ctx.response().putHeader(HttpHeaders.LOCATION, recordUrl(ctx, reply.id()));
          Responses.json(withETag(ctx, reply), 201, reply.body());
        }));
  }

  void get(RoutingContext ctx) {
    cache.read(ctx, resource(ctx), id(ctx),
            () -> resources.get(new ResourceRequest.Get(resource(ctx), id(ctx), QueryParams.parse(ctx.request().query())), context(ctx)))
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
    written(ctx, resources.delete(new ResourceRequest.Delete(resource(ctx), id(ctx), ifMatch(ctx)), context(ctx)))
        .onComplete(Responses.then(ctx, reply -> Responses.noContent(ctx)));
  }

  private void update(RoutingContext ctx, boolean partial) {
    written(ctx, resources.update(new ResourceRequest.Update(resource(ctx), id(ctx), JsonBodies.object(ctx), partial, ifMatch(ctx)),
            context(ctx)))
        .onComplete(Responses.then(ctx, reply -> Responses.json(withETag(ctx, reply), 200, reply.body())));
  }

  /** A write's reply, once the resource's cached responses are dropped (only after a success). */
  private Future<ResourceReply> written(RoutingContext ctx, Future<ResourceReply> write) {
    return write.compose(reply -> {
      if (AuthClient.RESOURCES.contains(resource(ctx))) principalsChanged.run();
      return cache.written(ctx, resource(ctx)).map(reply);
    });
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

  private static RoutingContext withETag(RoutingContext ctx, ResourceReply reply) {
    return withETag(ctx, reply.version() == null ? null : String.valueOf(reply.version()));
  }

  private static RoutingContext withETag(RoutingContext ctx, String version) {
    if (version != null) ctx.response().putHeader(HttpHeaders.ETAG, "\"" + version + "\"");
    return ctx;
  }

  /** {@code <scheme>://<host>/api/<resource>/<id>/}, from the request's scheme and (checked) host. */
  private static String recordUrl(RoutingContext ctx, long id) {
    return ctx.request().scheme() + "://" + HostCheck.hostOf(ctx.request()) + "/api/" + resource(ctx) + "/" + id + "/";
  }
}
