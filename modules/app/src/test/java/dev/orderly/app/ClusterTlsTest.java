package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.config.ConfigException;
import dev.orderly.core.config.Settings;
import dev.orderly.core.test.TestServices;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event bus's TLS options, and the start-up errors of stores that cannot be used, each naming its key. */
class ClusterTlsTest {
  private static final ClusterCertificates.Stores NODE = ClusterCertificates.DEPLOYMENT;
  private static final String PASSWORD = ClusterCertificates.PASSWORD;

  @BeforeAll
  static void stores() {
    ClusterCertificates.ensure();
  }

  private static Settings.Tls tls(Path keystore, String keyPassword, Path truststore, String trustPassword) {
    return new Settings.Tls(keystore.toString(), keyPassword, truststore.toString(), trustPassword);
  }

  private static String keyOf(Settings.Tls tls) {
    try {
      ClusterTls.apply(tls, new EventBusOptions());
    } catch (ConfigException e) {
      return e.key();
    }
    throw new AssertionError("no ConfigException for " + tls);
  }

  @Test
  void theBusRequiresAClientCertificateAndKeepsTheStoresThroughItsJsonCopies() {
    EventBusOptions options = new EventBusOptions();
    ClusterTls.apply(tls(NODE.keystore(), PASSWORD, NODE.truststore(), PASSWORD), options);
    assertThat(options.isSsl()).isTrue();
    assertThat(options.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    // the clustered bus builds its server and client options from options.toJson(): the stores must survive it
    NetServerOptions server = new NetServerOptions(options.toJson());
    assertThat(server.isSsl()).isTrue();
    assertThat(server.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(server.getKeyCertOptions()).isInstanceOf(PfxOptions.class);
    assertThat(((PfxOptions) server.getKeyCertOptions()).getPath()).isEqualTo(NODE.keystore().toString());
    assertThat(((PfxOptions) server.getTrustOptions()).getPath()).isEqualTo(NODE.truststore().toString());
    NetClientOptions client = new NetClientOptions(options.toJson());
    assertThat(client.isSsl()).isTrue();
    assertThat(client.getKeyCertOptions()).isInstanceOf(PfxOptions.class);
    assertThat(client.isTrustAll()).isFalse();
  }

  @Test
  void withoutAKeystoreTheBusStaysPlaintext() {
    EventBusOptions options = new EventBusOptions();
    ClusterTls.apply(new Settings.Tls("", "", "", ""), options);
    assertThat(options.isSsl()).isFalse();
  }

  @Test
  void aStoreThatCannotBeUsedIsAConfigErrorNamingItsKey(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.p12");
    Path text = Files.writeString(dir.resolve("text.p12"), "not a key store");
    assertThat(keyOf(tls(missing, PASSWORD, NODE.truststore(), PASSWORD))).isEqualTo("CLUSTER_TLS_KEYSTORE");
    assertThat(keyOf(tls(NODE.keystore(), "wrong-password", NODE.truststore(), PASSWORD))).isEqualTo("CLUSTER_TLS_KEYSTORE_PASSWORD");
    assertThat(keyOf(tls(text, PASSWORD, NODE.truststore(), PASSWORD))).isEqualTo("CLUSTER_TLS_KEYSTORE");
    assertThat(keyOf(tls(NODE.truststore(), PASSWORD, NODE.truststore(), PASSWORD))).as("a truststore holds no private key")
        .isEqualTo("CLUSTER_TLS_KEYSTORE");
    assertThat(keyOf(tls(NODE.keystore(), PASSWORD, missing, PASSWORD))).isEqualTo("CLUSTER_TLS_TRUSTSTORE");
    assertThat(keyOf(tls(NODE.keystore(), PASSWORD, NODE.truststore(), "wrong-password"))).isEqualTo("CLUSTER_TLS_TRUSTSTORE_PASSWORD");
  }

  @Test
  void aNodeWithAnUnusableKeystoreDoesNotStartAndSaysWhichKey(@TempDir Path dir) {
    JsonObject overrides = TestServices.production().put("CLUSTER", "true").put("DATA_DIR", dir.toString())
        .put("CLUSTER_TLS_KEYSTORE", NODE.keystore().toString()).put("CLUSTER_TLS_KEYSTORE_PASSWORD", "wrong-password")
        .put("CLUSTER_TLS_TRUSTSTORE", NODE.truststore().toString()).put("CLUSTER_TLS_TRUSTSTORE_PASSWORD", PASSWORD);
    assertThatThrownBy(() -> Orderly.start(overrides, false).await(60, TimeUnit.SECONDS))
        .satisfies(e -> {
          Throwable t = e;
          while (t != null && !(t instanceof ConfigException)) t = t.getCause();
          assertThat(t).as("a ConfigException in %s", e).isNotNull();
          assertThat(((ConfigException) t).key()).isEqualTo("CLUSTER_TLS_KEYSTORE_PASSWORD");
          assertThat(t.getMessage()).doesNotContain("wrong-password");
        });
  }
}
