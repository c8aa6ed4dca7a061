package dev.orderly.export;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Future;

/**
 * The export service acts only for a caller it can trust (signed by the gateway, see {@code CallerSigning})
 * and holding the permission on the resource: the gateway checks too, this holds for batch callers and any
 * other sender on the bus.
 */
final class Access {
  static final String EXPORT = Permissions.EXPORT;
  static final String IMPORT = Permissions.IMPORT;

  private Access() {}

  /** Succeeds when the caller holds {@code action} on {@code resource}; else 401 (anonymous) or 403. */
  static Future<Void> require(RequestContext context, String resource, String action) {
    return require(context.caller(), resource, action);
  }

  static Future<Void> require(Caller caller, String resource, String action) {
    if (caller.anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    if (!caller.has(Permissions.codename(resource, action))) return Future.failedFuture(ServiceError.permissionDenied());
    return Future.succeededFuture();
  }
}
