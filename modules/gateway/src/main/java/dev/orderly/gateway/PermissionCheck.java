package dev.orderly.gateway;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@link Permission} that resource routes need, after {@link Authentication}; {@link RouteTable#mount}
 * puts one in front of the rows that share it. Refused: 403 {@code permission_denied}.
 */
final class PermissionCheck implements Handler<RoutingContext> {
  private final Permission permission;

  PermissionCheck(Permission permission) {
    this.permission = permission;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (permission.allows(Authentication.caller(ctx), ctx.pathParam("resource"))) {
      ctx.next();
    } else {
      ctx.fail(Failures.permissionDenied());
    }
  }
}
