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

/**
 * The HTTP gateway: the REST API of API.md on {@code HTTP_HOST:HTTP_PORT}, forwarded to the services
 * over the event bus. Its config is the raw flat configuration ({@code HTTP_PORT}, {@code ALLOWED_HOSTS},
 * {@code MAX_BODY_SIZE}, {@code REQUEST_TIMEOUT_MS}, {@code HTTP_IDLE_TIMEOUT_MS}, ...). Any number of instances may share one port.
 * It relies on the entity service and on the cache service (rate-limit counters, response cache).
 */
public final class HttpGatewayVerticle extends VerticleBase {
  private final EventStreams.Options streams;
  private volatile HttpServer server;
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
    Settings settings = Settings.from(config());
    AuthClient auth = new AuthClient(vertx, settings.requestTimeoutMs());
    denylist = new Denylist(vertx, auth);
    principals = new Principals(vertx, auth);
    connections = new ClientConnections(vertx, settings.httpTimeouts().idleMs());
    return JwtTokens.create(vertx, settings)
        .compose(tokens -> principals.start().compose(v -> denylist.start()).map(tokens))
        .compose(tokens -> {
          Authentication authentication = new Authentication(tokens, denylist, principals, new Csrf(settings.csrfTrustedOrigins()),
              CallerSigning.fromSecret(settings.secretKey()));
          EventStreams events = new EventStreams(vertx, principals, settings.requestTimeoutMs(), settings.feed().sseMaxClients(), streams);
          AuthHandlers authRoutes = new AuthHandlers(auth, !settings.debug(), () -> Principals.Generation.of(vertx).next());
          Router router = GatewayRouter.create(vertx, settings, authRoutes, authentication, events, connections);
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

  @Override
  public Future<?> stop() {
    return Future.all(denylist == null ? Future.succeededFuture() : denylist.stop(),
        principals == null ? Future.succeededFuture() : principals.stop());
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
