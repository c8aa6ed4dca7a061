package dev.orderly.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Placeholder until the gateway lands. */
public final class HttpGatewayVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
