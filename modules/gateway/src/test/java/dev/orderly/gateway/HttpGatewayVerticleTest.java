package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.test.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class HttpGatewayVerticleTest {

  @Test
  void portZeroListensOnAFreePortAndReportsIt(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.deploy(vertx, new JsonObject().put("HTTP_PORT", "0"));

    assertThat(gateway.port).isPositive();
    assertThat(gateway.send(GET, "/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void severalInstancesShareOnePort(Vertx vertx) {
    int port = TestServices.freePort();
    JsonObject config = GatewayFixture.config(vertx, new JsonObject().put("HTTP_PORT", String.valueOf(port)));

    vertx.deployVerticle(HttpGatewayVerticle::new, new DeploymentOptions().setConfig(config).setInstances(2)).await();

    WebClient client = WebClient.create(vertx);
    for (int i = 0; i < 4; i++) {
      assertThat(client.get(port, GatewayFixture.HOST, "/health/live").send().await().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBusyPortFailsTheDeploymentSayingSo(Vertx vertx) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName(GatewayFixture.HOST))) {
      int port = taken.getLocalPort();
      JsonObject config = GatewayFixture.config(vertx, new JsonObject().put("HTTP_PORT", String.valueOf(port)));

      assertThatThrownBy(() -> vertx.deployVerticle(new HttpGatewayVerticle(), new DeploymentOptions().setConfig(config)).await())
          .hasMessageContaining("HTTP_PORT " + port + " is already in use");
    }
  }

  @Test
  void notListeningYetReportsMinusOne() {
    assertThat(new HttpGatewayVerticle().actualPort()).isEqualTo(-1);
  }
}
