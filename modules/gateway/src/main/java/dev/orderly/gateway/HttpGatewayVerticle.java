package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.config.Settings;
import dev.orderly.core.security.JwtTokens;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.BindException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP gateway: the REST API of API.md on {@code HTTP_HOST:HTTP_PORT}, forwarded to the services
 * over the event bus. Its config is the raw flat configuration ({@code HTTP_PORT}, {@code ALLOWED_HOSTS},
 * {@code MAX_BODY_SIZE}, {@code REQUEST_TIMEOUT_MS}, {@code HTTP_IDLE_TIMEOUT_MS}, ...). Any number of instances may share one port.
 * It relies on the entity, auth and export services and on the cache service (rate-limit counters, response cache).
 *
 * <p>Undeploying it drains it ({@link #stop}).
 */
public final class HttpGatewayVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(HttpGatewayVerticle.class);
  private final EventStreams.Options streams;
  private volatile HttpServer server;
  private Settings settings;
  private HealthHandlers health;
  private Denylist denylist;
  private Principals principals;
  private ClientConnections connections;

  public HttpGatewayVerticle() {
    this(EventStreams.Options.DEFAULT);
  }

  private HttpGatewayVerticle(EventStreams.Options streams) {
    this.streams = streams;
  }

  /** A gateway whose event streams behave as {@code streams} says (tests: a short heartbeat, small bounds). */
  static HttpGatewayVerticle withStreams(EventStreams.Options streams) {
    return new HttpGatewayVerticle(streams);
  }

  @Override
  public Future<?> start() {
    settings = Settings.from(config());
    health = new HealthHandlers(Readiness.forNode(vertx, settings, GatewayRouter.READINESS_TIMEOUT_MS));
    AuthClient auth = new AuthClient(vertx, settings.requestTimeoutMs());
    CallerSigning signing = CallerSigning.fromSecret(settings.secretKey());
    denylist = new Denylist(vertx, auth, signing);
    principals = new Principals(vertx, auth, signing);
    connections = new ClientConnections(vertx, settings.httpTimeouts().idleMs());
    return JwtTokens.create(vertx, settings)
        .compose(tokens -> principals.start().compose(v -> denylist.start()).map(tokens))
        .compose(tokens -> {
          Authentication authentication = new Authentication(tokens, denylist, principals, new Csrf(settings.csrfTrustedOrigins()), signing);
          EventStreams events = new EventStreams(vertx, principals, signing, settings.requestTimeoutMs(), settings.feed().sseMaxClients(), streams);
          AuthHandlers authRoutes = new AuthHandlers(auth, !settings.debug(), () -> Principals.Generation.of(vertx).next());
          Router router = GatewayRouter.create(vertx, settings, authRoutes, authentication, events, connections, health);
          return listen(settings, router);
        });
  }

  /**
   * The server: its decoder limits stated (Vert.x's defaults), its refusals answered by {@link InvalidRequests}, and
   * each connection watched by {@link ClientConnections} from the moment it is accepted. HTTP/2 over cleartext (h2c)
   * is off: while Vert.x waits to tell an h2c preface from HTTP/1.1 it hands the application no connection until
   * the first request's head is complete (so a client trickling that head could not be timed), and h2c upgrades are a
   * known way to smuggle requests past a proxy. HTTP/1.1 is what a proxy in front speaks to the gateway anyway.
   */
  private Future<HttpServer> listen(Settings settings, Router router) {
    HttpServerOptions options = new HttpServerOptions()
        .setHttp2ClearTextEnabled(false)
        .setMaxInitialLineLength(InvalidRequests.MAX_REQUEST_LINE)
        .setMaxHeaderSize(InvalidRequests.MAX_HEADERS);
    return vertx.createHttpServer(options)
        .requestHandler(router)
        .invalidRequestHandler(new InvalidRequests(new SecurityHeaders(settings.secureHstsSeconds(), settings.numProxies())))
        .connectionHandler(connections::opened)
        .listen(settings.httpPort(), settings.httpHost())
        .onSuccess(listening -> server = listening)
        .recover(e -> Future.failedFuture(portInUse(e)
            ? new IllegalStateException("HTTP_PORT " + settings.httpPort() + " is already in use on " + settings.httpHost(), e)
            : e));
  }

  /**
   * Drains, then stops. {@code /health/ready} answers 503 at once, while everything else is served as before for
   * {@code SHUTDOWN_DELAY_MS}; then the server takes no new connection, and the requests in progress have
   * {@code SHUTDOWN_TIMEOUT_MS} to finish ({@code HttpServer.shutdown}: an HTTP/1.1 connection closes after its
   * current response, an idle one at once, and those still busy at the timeout are closed). Event streams end at
   * that point ({@link EventStream}): their clients reconnect, to another node, from their last event id.
   */
  @Override
  public Future<?> stop() {
    if (health != null) health.drain();
    Future<Void> drained = server == null ? Future.succeededFuture() : drain(settings.shutdown());
    return drained.eventually(() -> Future.all(denylist == null ? Future.succeededFuture() : denylist.stop(),
        principals == null ? Future.succeededFuture() : principals.stop()));
  }

  private Future<Void> drain(Settings.Shutdown shutdown) {
    Future<Void> noticed = shutdown.delayMs() == 0 ? Future.succeededFuture() : vertx.timer(shutdown.delayMs(), TimeUnit.MILLISECONDS);
    return noticed.compose(v -> {
      int busy = connections.busy();
      long started = System.nanoTime();
      log.debug("no new connections on port {}; {} with a request in progress, given up to {} ms", server.actualPort(), busy,
          shutdown.timeoutMs());
      return server.shutdown(shutdown.timeoutMs(), TimeUnit.MILLISECONDS).onComplete(done -> {
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (busy > 0 && ms >= shutdown.timeoutMs()) {
          log.warn("SHUTDOWN_TIMEOUT_MS ({} ms) passed with requests still in progress: their connections were closed",
              shutdown.timeoutMs());
        }
      });
    });
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
