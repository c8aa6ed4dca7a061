package dev.orderly.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PKCS12 key and trust stores for the clustered event bus's mutual TLS, made with the JDK's {@code keytool} once
 * into {@code target/cluster-tls/} and reused by every cluster test: {@link #DEPLOYMENT} (the nodes' self-signed
 * pair, and a truststore holding its certificate) and {@link #STRANGER} (another self-signed pair that no node
 * trusts).
 */
final class ClusterCertificates {
  static final String PASSWORD = "cluster-tls-test";
  static final Path DIR = Path.of("target", "cluster-tls").toAbsolutePath();
  static final Stores DEPLOYMENT = new Stores("deployment");
  static final Stores STRANGER = new Stores("stranger");

  /** A key pair's keystore and the truststore that holds its certificate. */
  record Stores(String name) {
    Path keystore() {
      return DIR.resolve(name + "-key.p12");
    }

    Path truststore() {
      return DIR.resolve(name + "-trust.p12");
    }

    /** The {@code CLUSTER_TLS_*} settings of a node with these stores. */
    Map<String, String> env() {
      ensure();
      return Map.of("CLUSTER_TLS_KEYSTORE", keystore().toString(), "CLUSTER_TLS_KEYSTORE_PASSWORD", PASSWORD,
          "CLUSTER_TLS_TRUSTSTORE", truststore().toString(), "CLUSTER_TLS_TRUSTSTORE_PASSWORD", PASSWORD);
    }
  }

  private ClusterCertificates() {}

  /** Makes the stores unless an earlier test (or run) already did. */
  static synchronized void ensure() {
    try {
      Files.createDirectories(DIR);
      for (Stores stores : List.of(DEPLOYMENT, STRANGER)) {
        if (!Files.exists(stores.truststore())) make(stores);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot make the cluster's test certificates in " + DIR, e);
    }
  }

  /** Each file is written under a temporary name and moved into place: a concurrent run never sees half a store. */
  private static void make(Stores stores) throws IOException {
    Path work = Files.createTempDirectory(DIR, stores.name());
    Path key = work.resolve("key.p12");
    Path cert = work.resolve("cert.pem");
    Path trust = work.resolve("trust.p12");
    keytool("-genkeypair", "-alias", stores.name(), "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
        "-dname", "CN=orderly-" + stores.name(), "-storetype", "PKCS12", "-keystore", key.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", stores.name(), "-keystore", key.toString(), "-storepass", PASSWORD, "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", stores.name(), "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", trust.toString(), "-storepass", PASSWORD);
    Files.move(key, stores.keystore(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(trust, stores.truststore(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.delete(cert);
    Files.delete(work);
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("keytool did not finish within 60 s: " + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) throw new IOException("keytool failed (" + p.exitValue() + "): " + command + "\n" + out);
  }
}
