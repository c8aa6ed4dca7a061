package dev.orderly.gateway;

import dev.orderly.core.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.BindException;

/**
 * The HTTP gateway: the REST API of API.md on {@code HTTP_HOST:HTTP_PORT}, forwarded to the services
 * over the event bus. Its config is the raw flat configuration ({@code HTTP_PORT}, {@code ALLOWED_HOSTS},
 * {@code MAX_BODY_SIZE}, {@code REQUEST_TIMEOUT_MS}, ...). Any number of instances may share one port.
 * It relies on the entity service and on the cache service (rate-limit counters, response cache).
 */
public final class HttpGatewayVerticle extends VerticleBase {
  private volatile HttpServer server;

  public HttpGatewayVerticle() {}

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    Router router = GatewayRouter.create(vertx, settings);
    return vertx.createHttpServer().requestHandler(router).listen(settings.httpPort(), settings.httpHost())
        .onSuccess(listening -> server = listening)
        .recover(e -> Future.failedFuture(portInUse(e)
            ? new IllegalStateException("HTTP_PORT " + settings.httpPort() + " is already in use on " + settings.httpHost(), e)
            : e));
  }

  /** The port this instance listens on (the real one when {@code HTTP_PORT} is 0), or -1 before it listens. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private static boolean portInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // the native transports report it as an IOException with this message
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) return true;
    }
    return false;
  }
}
