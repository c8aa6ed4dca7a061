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
  public Future<ResourceReply> handle(ResourceRequest request, RequestContext context) {
    return allowed(context, request).compose(v -> engine.handle(request, context));
  }

  private static Future<Void> allowed(RequestContext context, ResourceRequest request) {
    Caller caller = context.caller();
    if (caller.anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    if (!caller.superuser() && (!caller.staff() || !caller.has(Permissions.codename(request.resource(), request.permission())))) {
      return Future.failedFuture(ServiceError.permissionDenied());
    }
    return Future.succeededFuture();
  }
}
