package dev.orderly.entities;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Placeholder until the entity service lands. */
public final class EntityServiceVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
