package dev.orderly.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP connection that has had no request in progress for {@code HTTP_IDLE_TIMEOUT_MS}: one whose
 * first request's head never completes (a client that connects and sends nothing, or trickles its headers),
 * and a keep-alive connection left unused between requests. A request in progress, from {@link RequestTracking}'s
 * start to its response's end, keeps its connection open however long it takes (an import may wait minutes
 * for its summary). That is why this is not {@code HttpServerOptions.setIdleTimeout}: Vert.x's idle timeout
 * counts a connection whose request waits for its answer, no bytes moving, as idle too.
 *
 * <p>One timer per connection, re-armed at most once per timeout. Each server instance has its own, used on
 * the event loop that owns its connections; requests of connections it was not told of are ignored.
 */
final class IdleConnections {
  private static final Logger log = LoggerFactory.getLogger(IdleConnections.class);

  private final Vertx vertx;
  private final long timeoutMs;
  private final Map<HttpConnection, Usage> open = new HashMap<>();

  IdleConnections(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  /** The server's connection handler: a new connection is idle until its first request's head is in. */
  void opened(HttpConnection connection) {
    Usage usage = new Usage(connection, System.nanoTime());
    open.put(connection, usage);
    connection.closeHandler(closed -> {
      vertx.cancelTimer(usage.timer);
      open.remove(connection);
    });
    usage.arm(timeoutMs);
  }

  void started(HttpServerRequest request) {
    Usage usage = open.get(request.connection());
    if (usage != null) usage.inProgress++;
  }

  void ended(HttpServerRequest request) {
    Usage usage = open.get(request.connection());
    if (usage != null && --usage.inProgress == 0) usage.idleSince = System.nanoTime();
  }

  /** Connections open on this server instance (tests). */
  int size() {
    return open.size();
  }

  private final class Usage {
    final HttpConnection connection;
    int inProgress;
    long idleSince;
    long timer;

    Usage(HttpConnection connection, long idleSince) {
      this.connection = connection;
      this.idleSince = idleSince;
    }

    void arm(long delayMs) {
      timer = vertx.setTimer(Math.max(1, delayMs), id -> check());
    }

    void check() {
      if (inProgress > 0) {
        arm(timeoutMs);
        return;
      }
      long idleMs = (System.nanoTime() - idleSince) / 1_000_000;
      if (idleMs < timeoutMs) {
        arm(timeoutMs - idleMs);
        return;
      }
      log.debug("closing a connection from {} idle for {} ms", connection.remoteAddress(), idleMs);
      connection.close();
    }
  }
}
