package dev.orderly.auth;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Future;

/**
 * Users and groups as the bus serves them: staff with the resource's permission (superusers: always), as
 * the gateway checks too, so a request that bypasses the gateway gets no further. 401 for an anonymous
 * (or unsigned) caller, 403 otherwise.
 */
final class StaffResources implements ResourceService {
  private final ResourceService engine;

  StaffResources(ResourceService engine) {
    this.engine = engine;
  }

  @Override
  public Future<ResourceReply> list(ResourceRequest.ListPage request, RequestContext context) {
    return allowed(context, request, "view").compose(v -> engine.list(request, context));
  }

  @Override
  public Future<ResourceReply> get(ResourceRequest.Get request, RequestContext context) {
    return allowed(context, request, "view").compose(v -> engine.get(request, context));
  }

  @Override
  public Future<ResourceReply> create(ResourceRequest.Create request, RequestContext context) {
    return allowed(context, request, "add").compose(v -> engine.create(request, context));
  }

  @Override
  public Future<ResourceReply> update(ResourceRequest.Update request, RequestContext context) {
    return allowed(context, request, "change").compose(v -> engine.update(request, context));
  }

  @Override
  public Future<ResourceReply> delete(ResourceRequest.Delete request, RequestContext context) {
    return allowed(context, request, "delete").compose(v -> engine.delete(request, context));
  }

  @Override
  public Future<ResourceReply> transition(ResourceRequest.Transition request, RequestContext context) {
    return allowed(context, request, "change").compose(v -> engine.transition(request, context));
  }

  @Override
  public Future<ResourceReply> history(ResourceRequest.History request, RequestContext context) {
    return allowed(context, request, "view").compose(v -> engine.history(request, context));
  }

  private static Future<Void> allowed(RequestContext context, ResourceRequest request, String action) {
    Caller caller = context.caller();
    if (caller.anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    if (!caller.superuser() && (!caller.staff() || !caller.has(Permissions.codename(request.resource(), action)))) {
      return Future.failedFuture(ServiceError.permissionDenied());
    }
    return Future.succeededFuture();
  }
}
