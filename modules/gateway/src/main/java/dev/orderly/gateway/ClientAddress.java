package dev.orderly.gateway;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * Who is at the other end, as DRF and Django decide it with {@code NUM_PROXIES} trusted proxies in front.
 * vertx-web's own forwarded-header support trusts the left-most {@code X-Forwarded-For} entry, which the
 * client writes; this never does.
 */
final class ClientAddress {
  private ClientAddress() {}

  /**
   * DRF's {@code BaseThrottle.get_ident}: the socket address when {@code NUM_PROXIES} is 0 or no
   * {@code X-Forwarded-For} came; else {@code addrs[-min(num_proxies, len(addrs))]} of the header's
   * comma-separated entries, i.e. the entry the outermost trusted proxy appended.
   */
  static String ip(HttpServerRequest request, int numProxies) {
    SocketAddress remote = request.remoteAddress();
    String socket = remote == null ? "" : remote.hostAddress();
    if (numProxies == 0) return socket;
    List<String> headers = request.headers().getAll("X-Forwarded-For");
    if (headers.isEmpty()) return socket;
    String[] addrs = String.join(",", headers).split(",", -1);
    String client = addrs[addrs.length - Math.min(numProxies, addrs.length)].trim();
    return client.isEmpty() ? socket : client;
  }

  /** Whether the client's connection is HTTPS: TLS here, or (only behind trusted proxies) {@code X-Forwarded-Proto: https}. */
  static boolean secure(HttpServerRequest request, int numProxies) {
    if (request.isSSL()) return true;
    if (numProxies == 0) return false;
    String proto = request.getHeader("X-Forwarded-Proto");
    if (proto == null) return false;
    String[] protos = proto.split(",");
    return protos[protos.length - Math.min(numProxies, protos.length)].trim().toLowerCase(Locale.ROOT).equals("https");
  }
}
