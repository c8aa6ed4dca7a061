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
    if (allows(Authentication.caller(ctx), ctx.pathParam("resource"), Permissions.actionOf(ctx.request().method()))) {
      ctx.next();
    } else {
      ctx.fail(Failures.permissionDenied());
    }
  }

  /** Whether {@code caller} may do {@code action} (null: none) on {@code resource} (its URL name). */
  static boolean allows(Caller caller, String resource, String action) {
    boolean staffOnly = resource != null && AuthClient.RESOURCES.contains(resource);
    return caller.superuser() || action != null && caller.has(Permissions.codename(resource, action)) && (!staffOnly || caller.staff());
  }
}
