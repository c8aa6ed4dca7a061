package dev.orderly.core.test;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of a real server (PostgreSQL, Redis), so a test can take it away and bring it
 * back: {@link #cut()} closes every connection and refuses new ones, {@link #blackHole()} accepts
 * connections and never answers (a saturated or hung server), {@link #restore()} relays again.
 */
public final class TcpProxy implements AutoCloseable {
  public enum Mode { RELAY, BLACK_HOLE }

  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<NetSocket> toTarget = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.RELAY;
  private NetServer server;

  public TcpProxy(Vertx vertx, String targetHost, int targetPort, int port) {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = port;
    this.client = vertx.createNetClient();
  }

  public int port() {
    return port;
  }

  public void restore() {
    mode = Mode.RELAY;
    if (server == null) listen();
  }

  public void cut() {
    if (server != null) {
      server.close().await();
      server = null;
    }
    // awaited: a request sent right after the cut must not slip through a socket still closing
    Future.all(sockets.stream().map(NetSocket::close).toList()).await();
    sockets.clear();
  }

  public void blackHole() {
    cut();
    mode = Mode.BLACK_HOLE;
    listen();
  }

  /** Listens on the port again; the one just closed can take a moment to be free (the bind is retried for up to 5 s). */
  private void listen() {
    Eventually.until("port " + port + " free to listen on again", BIND_TIMEOUT, this::tryListen);
  }

  private boolean tryListen() {
    try {
      server = vertx.createNetServer().connectHandler(this::accept).listen(port, "127.0.0.1").await();
      return true;
    } catch (Exception e) {
      // await() rethrows the bind's java.net.BindException as it is, checked or not
      if (!(e instanceof java.net.BindException) && !String.valueOf(e.getMessage()).contains("in use")) throw e;
      return false;
    }
  }

  private void accept(NetSocket in) {
    sockets.add(in);
    in.closeHandler(v -> sockets.remove(in));
    if (mode == Mode.BLACK_HOLE) {
      in.handler(b -> { });
      return;
    }
    in.pause();
    client.connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed()) {
        in.close();
        return;
      }
      NetSocket out = ar.result();
      sockets.add(out);
      toTarget.add(out);
      in.handler(out::write);
      out.handler(in::write);
      in.closeHandler(v -> out.close());
      out.closeHandler(v -> {
        toTarget.remove(out);
        in.close();
      });
      in.resume();
    });
  }

  /**
   * The local ports of the open connections from this relay to the target: where the server sees its clients
   * (PostgreSQL's {@code pg_stat_activity.client_port}), so a test can end exactly the connections it relays.
   */
  public List<Integer> targetSidePorts() {
    List<Integer> ports = new ArrayList<>();
    for (NetSocket out : toTarget) ports.add(out.localAddress().port());
    return ports;
  }

  @Override
  public void close() {
    cut();
    client.close().await();
  }
}
