package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** DRF's {@code get_ident} and Django's {@code is_secure}, on real requests from 127.0.0.1. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class ClientAddressTest {
  private static String seen(Vertx vertx, Function<HttpServerRequest, Object> probe, String... headers) {
    AtomicReference<String> result = new AtomicReference<>();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      result.set(String.valueOf(probe.apply(req)));
      req.response().end();
    }).listen(0, "127.0.0.1").await();
    var request = WebClient.create(vertx).request(GET, server.actualPort(), "127.0.0.1", "/");
    for (int i = 0; i < headers.length; i += 2) request.headers().add(headers[i], headers[i + 1]);
    request.send().await();
    server.close().await();
    return result.get();
  }

  @Test
  void withoutTrustedProxiesTheSocketAddressCountsWhateverTheHeaderSays(Vertx vertx) {
    assertThat(seen(vertx, r -> ClientAddress.ip(r, 0))).isEqualTo("127.0.0.1");
    assertThat(seen(vertx, r -> ClientAddress.ip(r, 0), "X-Forwarded-For", "203.0.113.9")).isEqualTo("127.0.0.1");
  }

  @Test
  void behindNProxiesTheNthEntryFromTheRightCounts(Vertx vertx) {
    String chain = "198.51.100.1, 203.0.113.5, 10.0.0.2";
    assertThat(seen(vertx, r -> ClientAddress.ip(r, 1), "X-Forwarded-For", chain)).isEqualTo("10.0.0.2");
    assertThat(seen(vertx, r -> ClientAddress.ip(r, 2), "X-Forwarded-For", chain)).isEqualTo("203.0.113.5");
    // DRF: addrs[-min(num_proxies, len(addrs))]
    assertThat(seen(vertx, r -> ClientAddress.ip(r, 5), "X-Forwarded-For", chain)).isEqualTo("198.51.100.1");
    assertThat(seen(vertx, r -> ClientAddress.ip(r, 1), "X-Forwarded-For", "198.51.100.1", "X-Forwarded-For", "10.0.0.3"))
        .isEqualTo("10.0.0.3");
    assertThat(seen(vertx, r -> ClientAddress.ip(r, 1))).as("no header: the socket").isEqualTo("127.0.0.1");
  }

  @Test
  void xForwardedProtoCountsOnlyBehindTrustedProxies(Vertx vertx) {
    assertThat(seen(vertx, r -> ClientAddress.secure(r, 0), "X-Forwarded-Proto", "https")).isEqualTo("false");
    assertThat(seen(vertx, r -> ClientAddress.secure(r, 1), "X-Forwarded-Proto", "https")).isEqualTo("true");
    assertThat(seen(vertx, r -> ClientAddress.secure(r, 1), "X-Forwarded-Proto", "http")).isEqualTo("false");
    assertThat(seen(vertx, r -> ClientAddress.secure(r, 1))).isEqualTo("false");
  }
}
