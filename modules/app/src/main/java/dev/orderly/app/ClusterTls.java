package dev.orderly.app;

import dev.orderly.core.config.ConfigException;
import dev.orderly.core.config.Settings;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS on the clustered event bus: every connection between two nodes' buses is TLS, and each end must show
 * a certificate that the other's {@code CLUSTER_TLS_TRUSTSTORE} holds (client auth REQUIRED), so a process without
 * the deployment's key pair neither sends to nor receives from the bus, even once it has joined Hazelcast.
 *
 * <p>Both directions are checked: a node's bus accepts a connection only with a trusted client certificate, and
 * connects only to a bus whose certificate it trusts (Vert.x's event bus default is to trust every server, turned off
 * here), so a rogue member that registers a consumer never receives a message either.
 *
 * <p>Host names are not verified: Vert.x's clustered bus turns hostname verification off on its client side (nodes
 * are addressed by the IP they announce, which a certificate made once for all nodes cannot name), so trust is
 * membership of the truststore alone: it must hold the deployment's own certificates or CA, never a public CA.
 *
 * <p>The stores are opened here, once, on the thread that joins the cluster (blocking), so that a missing file or a
 * wrong password is a {@link ConfigException} naming the key rather than a TLS failure at the first message.
 */
final class ClusterTls {
  private static final Logger log = LoggerFactory.getLogger(ClusterTls.class);

  private ClusterTls() {}

  /** Turns TLS on in {@code options} with the node's stores, or says once at WARN that the bus is plaintext (DEBUG only). */
  static void apply(Settings.Tls tls, EventBusOptions options) {
    if (!tls.enabled()) {
      log.warn("the clustered event bus is plaintext (CLUSTER_TLS_KEYSTORE is not set, allowed because DEBUG=true): "
          + "any process that reaches this node's event bus port can send to its services; never run a cluster so in production");
      return;
    }
    open(tls.keystore(), tls.keystorePassword(), "CLUSTER_TLS_KEYSTORE", true);
    open(tls.truststore(), tls.truststorePassword(), "CLUSTER_TLS_TRUSTSTORE", false);
    options.setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        // EventBusOptions trusts every server by default: a node would then hand its messages to a rogue member's bus
        .setTrustAll(false)
        // PfxOptions: the bus copies its options through JSON, which keeps PKCS12 and PEM options but no other key store type
        .setKeyCertOptions(new PfxOptions().setPath(tls.keystore()).setPassword(tls.keystorePassword()))
        .setTrustOptions(new PfxOptions().setPath(tls.truststore()).setPassword(tls.truststorePassword()));
  }

  /** Opens a PKCS12 store; it must hold a private key ({@code keys}) or at least one certificate. */
  private static void open(String file, String password, String key, boolean keys) {
    char[] secret = password.toCharArray();
    KeyStore store;
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, secret);
    } catch (NoSuchFileException e) {
      throw new ConfigException(key, "no such file: " + file);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
        throw new ConfigException(key + "_PASSWORD", "does not open " + file + " (wrong password)");
      }
      throw new ConfigException(key, "cannot read " + file + " as PKCS12: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new ConfigException(key, "cannot read " + file + " as PKCS12: " + e.getMessage());
    }
    try {
      int found = 0;
      for (String alias : Collections.list(store.aliases())) {
        if (keys && store.isKeyEntry(alias)) {
          store.getKey(alias, secret);
          found++;
        } else if (!keys && store.getCertificate(alias) != null) {
          found++;
        }
      }
      if (found == 0) throw new ConfigException(key, file + (keys ? " holds no private key" : " holds no certificate"));
    } catch (UnrecoverableKeyException e) {
      throw new ConfigException(key + "_PASSWORD", "does not open the private key in " + file + " (its key password must be the store's)");
    } catch (GeneralSecurityException e) {
      throw new ConfigException(key, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
