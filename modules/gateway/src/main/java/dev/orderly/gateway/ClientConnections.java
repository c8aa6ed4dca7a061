package dev.orderly.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the server's connections, from the moment each is accepted to its close.
 *
 * <p>Idleness: a connection with no request in progress for {@code HTTP_IDLE_TIMEOUT_MS} is closed, whether its
 * first request's head never completes (a client that connects and sends nothing, or trickles its headers) or it
 * is a keep-alive connection left unused. A request in progress, from {@link RequestTracking}'s start to its
 * response's end, keeps its connection open however long it takes (an import may wait minutes for its summary).
 * That is why this is not {@code HttpServerOptions.setIdleTimeout}: Vert.x's idle timeout counts a connection whose
 * request waits for its answer, no bytes moving, as idle too. One timer per connection, re-armed at most once per
 * timeout.
 *
 * <p>Failures: what breaks a connection's byte stream (a reset, a chunk the decoder cannot read) is the client's
 * doing, logged at DEBUG here, and remembered so that {@link FailureHandlers} can tell it from a failure of the
 * gateway's when the same exception reaches the request being read ({@link #brokeWith}).
 *
 * <p>Each server instance has its own, used on the event loop that owns its connections; requests of connections
 * it was not told of are ignored.
 */
final class ClientConnections {
  private static final Logger log = LoggerFactory.getLogger(ClientConnections.class);

  private final Vertx vertx;
  private final long idleTimeoutMs;
  private final Map<HttpConnection, Usage> open = new HashMap<>();

  ClientConnections(Vertx vertx, long idleTimeoutMs) {
    this.vertx = vertx;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /** The server's connection handler: a new connection is idle until its first request's head is in. */
  void opened(HttpConnection connection) {
    Usage usage = new Usage(connection, System.nanoTime());
    open.put(connection, usage);
    // before the request being read hears of it: Vert.x tells the connection first
    connection.exceptionHandler(failure -> {
      usage.failure = failure;
      log.debug("the connection from {} broke: {}", connection.remoteAddress(), String.valueOf(failure));
    });
    connection.closeHandler(closed -> {
      vertx.cancelTimer(usage.timer);
      open.remove(connection);
    });
    usage.arm(idleTimeoutMs);
  }

  void started(HttpServerRequest request) {
    Usage usage = open.get(request.connection());
    if (usage != null) usage.inProgress++;
  }

  void ended(HttpServerRequest request) {
    Usage usage = open.get(request.connection());
    if (usage != null && --usage.inProgress == 0) usage.idleSince = System.nanoTime();
  }

  /** The connections with a request in progress. */
  int busy() {
    return (int) open.values().stream().filter(usage -> usage.inProgress > 0).count();
  }

  /** Whether {@code failure} is what broke the connection of {@code request}. */
  boolean brokeWith(HttpServerRequest request, Throwable failure) {
    Usage usage = open.get(request.connection());
    return failure != null && usage != null && usage.failure == failure;
  }

  private final class Usage {
    final HttpConnection connection;
    int inProgress;
    long idleSince;
    long timer;
    Throwable failure;

    Usage(HttpConnection connection, long idleSince) {
      this.connection = connection;
      this.idleSince = idleSince;
    }

    void arm(long delayMs) {
      timer = vertx.setTimer(Math.max(1, delayMs), id -> check());
    }

    void check() {
      if (inProgress > 0) {
        arm(idleTimeoutMs);
        return;
      }
      long idleMs = (System.nanoTime() - idleSince) / 1_000_000;
      if (idleMs < idleTimeoutMs) {
        arm(idleTimeoutMs - idleMs);
        return;
      }
      log.debug("closing the connection from {}: no request for {} ms", connection.remoteAddress(), idleMs);
      connection.close();
    }
  }
}
