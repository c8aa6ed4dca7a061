package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The permission a resource route needs, after {@link Authentication}: {@code <table>.<action>} with the
 * action of the method (GET view, POST add, PUT/PATCH change, DELETE delete); users and groups also need
 * {@code is_staff}. A superuser passes always. Refused: 403 {@code permission_denied}.
 */
final class PermissionCheck implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = Authentication.caller(ctx);
    String resource = ctx.pathParam("resource");
    String action = Permissions.actionOf(ctx.request().method());
    boolean staffOnly = resource != null && AuthClient.RESOURCES.contains(resource);
    if (caller.superuser() || action != null && caller.has(Permissions.codename(resource, action)) && (!staffOnly || caller.staff())) {
      ctx.next();
    } else {
      ctx.fail(Failures.permissionDenied());
    }
  }
}
