package dev.orderly.core.bus;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gathers what an event loop submits during one turn and sends it as one batch once the turn's ready
 * I/O has been handled (the flush is a task queued on the same loop, which Netty runs after the ready
 * channels). Under load one event-bus message, and one round trip behind it, then carries the requests
 * of many connections instead of one each; an idle server sends batches of one with no added wait.
 * Outside an event loop (a worker, a test thread) an item goes alone, at once. Each item's result is delivered on
 * the context that submitted it, so what a request does next runs in that request's context.
 *
 * @param <I> what is submitted
 * @param <O> what each item gets back: {@code send} answers one result per item, in order
 */
public final class TickBatcher<I, O> {
  private final Function<List<I>, Future<List<O>>> send;
  private final int maxBatch;
  /** The key of the pending batch in each context's data, so one batcher serves any number of loops. */
  private final Object key = new Object();

  public TickBatcher(int maxBatch, Function<List<I>, Future<List<O>>> send) {
    if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1");
    this.maxBatch = maxBatch;
    this.send = send;
  }

  public Future<O> submit(I item) {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) return send(List.of(item)).map(results -> results.get(0));
    Batch<I, O> batch = context.get(key);
    if (batch == null) {
      batch = new Batch<>();
      context.put(key, batch);
      Batch<I, O> queued = batch;
      context.runOnContext(v -> flush(context, queued));
    }
    // bound to the submitter's context: each item's continuation then runs on its own request's (duplicated)
    // context, with that request's id for the logs, not on the context of the request that flushed the batch
    Promise<O> promise = ((ContextInternal) context).promise();
    batch.items.add(item);
    batch.promises.add(promise);
    if (batch.items.size() >= maxBatch) flush(context, batch);
    return promise.future();
  }

  private void flush(Context context, Batch<I, O> batch) {
    if (batch.sent) return;
    batch.sent = true;
    context.remove(key);
    send(batch.items).onComplete(ar -> {
      for (int i = 0; i < batch.promises.size(); i++) {
        if (ar.failed()) batch.promises.get(i).fail(ar.cause());
        else batch.promises.get(i).complete(ar.result().get(i));
      }
    });
  }

  private Future<List<O>> send(List<I> items) {
    try {
      return send.apply(items).map(results -> {
        if (results.size() != items.size()) {
          throw new IllegalStateException(items.size() + " items sent, " + results.size() + " results received");
        }
        return results;
      });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static final class Batch<I, O> {
    final List<I> items = new ArrayList<>();
    final List<Promise<O>> promises = new ArrayList<>();
    boolean sent;
  }
}
