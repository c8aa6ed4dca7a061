package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.security.Permissions;
import io.vertx.core.http.HttpMethod;

/**
 * What a resource route of the {@link RouteTable} needs of an authenticated caller, checked by
 * {@link PermissionCheck} before the route is throttled: the codename {@code <table>.<action>} of the
 * resource in its path ({@link #of}), or nothing ({@link #SERVICE_DECIDES}) when the owning service
 * decides from the record (submit and cancel: the order's requester may lack {@code change}). Users and
 * groups need {@code is_staff} too, on every route; a superuser passes always.
 *
 * @param action the action of the codename, or null for {@link #SERVICE_DECIDES}
 */
record Permission(String action) {
  /** Authenticated only: the service answers 403 itself. */
  static final Permission SERVICE_DECIDES = new Permission(null);

  /** {@code action} (one of {@link Permissions#ACTIONS}) on the route's resource. */
  static Permission of(String action) {
    if (!Permissions.ACTIONS.contains(action)) throw new IllegalArgumentException("no such permission action: " + action);
    return new Permission(action);
  }

  /** The CRUD default: GET view, POST add, PUT/PATCH change, DELETE delete. */
  static Permission ofMethod(HttpMethod method) {
    String action = Permissions.actionOf(method);
    if (action == null) throw new IllegalArgumentException("no default permission for " + method + ": name one");
    return of(action);
  }

  /** Whether {@code caller} may call a route of {@code resource} (its URL name) with this permission. */
  boolean allows(Caller caller, String resource) {
    if (caller.superuser()) return true;
    if (AuthClient.RESOURCES.contains(resource) && !caller.staff()) return false;
    return action == null ? !caller.anonymous() : caller.has(Permissions.codename(resource, action));
  }
}
