package dev.orderly.core.test;

import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Positional shorthands over {@link ResourceClient}'s typed requests, so that a test's call reads as one line. */
public final class ResourceCalls {
  private final ResourceClient resources;

  public ResourceCalls(Vertx vertx, long timeoutMs) {
    this.resources = new ResourceClient(vertx, timeoutMs);
  }

  public Future<ResourceReply> list(String resource, JsonObject params, String url, RequestContext context) {
    return resources.list(new ResourceRequest.ListPage(resource, params, url), context);
  }

  public Future<ResourceReply> get(String resource, String id, JsonObject params, RequestContext context) {
    return resources.get(new ResourceRequest.Get(resource, id, params), context);
  }

  public Future<ResourceReply> create(String resource, JsonObject data, RequestContext context) {
    return resources.create(new ResourceRequest.Create(resource, data), context);
  }

  public Future<ResourceReply> update(String resource, String id, JsonObject data, boolean partial, String ifMatch,
                                      RequestContext context) {
    return resources.update(new ResourceRequest.Update(resource, id, data, partial, ifMatch), context);
  }

  public Future<ResourceReply> delete(String resource, String id, String ifMatch, RequestContext context) {
    return resources.delete(new ResourceRequest.Delete(resource, id, ifMatch), context);
  }

  public Future<ResourceReply> transition(String resource, String id, String transition, String comment, String ifMatch,
                                          RequestContext context) {
    return resources.transition(new ResourceRequest.Transition(resource, id, transition, comment, ifMatch), context);
  }

  public Future<ResourceReply> history(String resource, String id, RequestContext context) {
    return resources.history(new ResourceRequest.History(resource, id), context);
  }

  public Future<ResourceReply> rows(String resource, JsonObject params, JsonArray after, int limit, RequestContext context) {
    return resources.rows(new ResourceRequest.Rows(resource, params, after, limit), context);
  }

  public Future<ResourceReply> importRows(String resource, String stream, boolean dryRun, RequestContext context) {
    return resources.importRows(new ResourceRequest.Import(resource, stream, dryRun), context);
  }
}
