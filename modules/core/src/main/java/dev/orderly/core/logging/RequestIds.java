package dev.orderly.core.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * The request id of the request being served, kept in the Vert.x context it runs on rather than in a
 * thread-local MDC: an event loop serves many requests at once, but each HTTP request and each event-bus
 * message runs on a duplicated context of its own, and every callback of its work (a query's result, a
 * reply) runs on that same context. So the logging layer ({@code %rid} in logback.xml) finds the id of the
 * request a line belongs to, on the gateway and on every node the request crossed (the id travels in the
 * {@code x-request-id} bus header). A context local must exist before Vert.x is built: this class is a
 * {@link VertxServiceProvider} (META-INF/services), which Vert.x loads first.
 */
public final class RequestIds implements VertxServiceProvider {
  private static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);

  @Override
  public void init(VertxBootstrap bootstrap) {
    // nothing to configure: loading this class registered the context local
  }

  /** Records {@code requestId} on the current context when it is one request's own (a duplicated context). */
  public static void set(String requestId) {
    Context context = Vertx.currentContext();
    if (requestId != null && context instanceof ContextInternal internal && internal.isDuplicate()) {
      context.putLocal(REQUEST_ID, requestId);
    }
  }

  /** The request id of the work running now, or null outside any request (start-up, timers). */
  public static String current() {
    Context context = Vertx.currentContext();
    return context instanceof ContextInternal internal && internal.isDuplicate() ? context.getLocal(REQUEST_ID) : null;
  }
}
