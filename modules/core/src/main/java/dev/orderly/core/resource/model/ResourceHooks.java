package dev.orderly.core.resource.model;

import dev.orderly.core.resource.engine.TransitionContext;
import dev.orderly.core.resource.engine.WriteContext;
import io.vertx.core.Future;

/**
 * Rules of a resource that span fields or rows (purchase orders: numbering, lines, totals, state).
 * Each runs inside the write transaction; a {@link dev.orderly.core.bus.ServiceError} fails the write.
 */
public interface ResourceHooks {
  /** Whether an existing record may still be changed or deleted; fail with 409 if not. */
  default Future<Void> checkWritable(RecordValues existing) {
    return Future.succeededFuture();
  }

  /** After field validation and before the row is written: compute fields, check cross-field rules. */
  default Future<Void> beforeWrite(WriteContext write) {
    return Future.succeededFuture();
  }

  /**
   * Inside a transition's transaction, after the state and actor checks and before the row is written:
   * check what the transition needs (a purchase order's lines) and set the fields it fills in.
   */
  default Future<Void> beforeTransition(TransitionContext transition) {
    return Future.succeededFuture();
  }
}
