package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.TestServices;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster no stranger can use: one node (every role) on 127.0.0.1 with mutual TLS on its event bus, then a
 * {@link Stranger} process that joins the same Hazelcast cluster (its port is reachable here, as it must not be in
 * production) and sends creates to the entity service. With the deployment's certificate but another
 * {@code SECRET_KEY} its request gets no reply and nothing is written; with its own certificate and the right
 * secret, likewise; with both right (the positive control, in the same process as the wrong secret) the record is
 * created. A rogue member that registers the entity service's address (its bus accepting anyone and trusting
 * anyone) receives no message: the node does not trust its certificate. Written rows are checked through the API.
 */
class ClusterStrangerIT {
  static final String PASSWORD = "cluster-Passw0rd-it";
  static final int REQUEST_TIMEOUT_MS = 3000;
  static final Duration STRANGER_TIMEOUT = Duration.ofSeconds(120);
  static final String WRONG_SECRET = "a-stranger-secret-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ";

  @TempDir static Path dir;
  static String schema;
  static String clusterName;
  static String members;
  static ClusterNode node;
  static String token;

  @BeforeAll
  static void startCluster() throws Exception {
    TestServices.assumePostgres();
    schema = TestServices.newSchemaName();
    clusterName = "it-" + schema;
    Map<String, String> env = ClusterNode.postgresEnv(schema, clusterName);
    env.put("REQUEST_TIMEOUT_MS", Integer.toString(REQUEST_TIMEOUT_MS));
    int port = TestServices.freePort();
    members = ClusterNode.members(port);
    env.put("CLUSTER_MEMBERS", members);
    Map<String, String> cli = new LinkedHashMap<>(env);
    cli.put("ORDERLY_SUPERUSER_PASSWORD", PASSWORD);
    assertThat(JarIT.runToEnd(JarIT.orderly(dir, cli, "migrate")).status()).isZero();
    JarIT.Finished created = JarIT.runToEnd(JarIT.orderly(dir, cli, "createsuperuser", "--username", "root", "--email", "root@example.com"));
    assertThat(created.status()).as(created.err()).isZero();

    node = ClusterNode.start(dir, "node", "all", port, env).awaitReady();
    HttpResponse<String> login = ClusterIT.send(node, "POST", "/api/auth/login", new JsonObject().put("username", "root").put("password", PASSWORD), null);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    token = new JsonObject(login.body()).getString("access");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (node != null) node.close();
    if (schema != null) TestServices.dropSchema(schema);
  }

  @Test
  void aStrangerWithTheWrongSecretOrCertificateGetsNoReplyAndChangesNothing() throws Exception {
    // the deployment's certificate: the wrong secret first, then the right one (so this process can succeed)
    List<String> keyed = stranger("keyed", ClusterCertificates.DEPLOYMENT, WRONG_SECRET, "WRONG-SECRET", TestServices.SECRET, "RIGHT-BOTH");
    assertThat(keyed).as("the wrong secret is not answered").contains("RESULT WRONG-SECRET failure TIMEOUT -1");
    assertThat(keyed).as("the positive control").anyMatch(line -> line.startsWith("RESULT RIGHT-BOTH reply "));
    // its own self-signed certificate, which no node trusts, and the right secret
    List<String> foreign = stranger("foreign", ClusterCertificates.STRANGER, TestServices.SECRET, "WRONG-CERT");
    assertThat(foreign).as("no TLS handshake, so no request and no reply").anyMatch(line -> line.startsWith("RESULT WRONG-CERT failure "));
    assertThat(foreign).noneMatch(line -> line.contains(" reply "));

    assertThat(suppliers("RIGHT-BOTH")).isEqualTo(1);
    assertThat(suppliers("WRONG-SECRET")).as("nothing written for the wrong secret").isZero();
    assertThat(suppliers("WRONG-CERT")).as("nothing written for the wrong certificate").isZero();
    String log = node.output();
    assertThat(log).contains("dropped 1 message(s) on orderly.entities not signed with this deployment's SECRET_KEY (last: create)");
    assertThat(log).doesNotContain(TestServices.SECRET).doesNotContain(WRONG_SECRET).doesNotContain(ClusterCertificates.PASSWORD);
    // the node is still whole: the API answers through it
    assertThat(ClusterIT.status(node, "/health/ready", null)).isEqualTo(200);
  }

  @Test
  void aRogueMemberThatRegistersTheEntityServiceReceivesNothing() throws Exception {
    Process rogue = start("rogue", ClusterCertificates.STRANGER, "listen");
    Path out = dir.resolve("stranger-rogue.log");
    long deadline = System.nanoTime() + STRANGER_TIMEOUT.toNanos();
    while (!read(out).contains("LISTENING")) {
      assertThat(rogue.isAlive()).as("the rogue member runs:%n%s", read(out)).isTrue();
      assertThat(System.nanoTime()).as("the rogue member listens in time:%n%s", read(out)).isLessThan(deadline);
      Thread.sleep(200);
    }
    // the bus hands some of these to the rogue's consumer: those cannot be delivered and time out (a 503), the others succeed
    int created = 0;
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> create = ClusterIT.send(node, "POST", "/api/suppliers/", new JsonObject().put("code", "ROGUE-" + i)
          .put("name", "Routed " + i), token);
      if (create.statusCode() == 201) created++;
      else assertThat(create.statusCode()).as(create.body()).isIn(503, 504);
    }
    rogue.getOutputStream().close();
    List<String> lines = finish("rogue", rogue);
    assertThat(lines).as("no message reached the rogue's consumer").contains("RECEIVED 0");
    assertThat(created).as("the node's own entity service still answers").isPositive();
    long stored = 0;
    for (int i = 0; i < 6; i++) stored += suppliers("ROGUE-" + i);
    assertThat(stored).isEqualTo(created);
  }

  private static long suppliers(String code) throws Exception {
    HttpResponse<String> list = ClusterIT.send(node, "GET", "/api/suppliers/?code=" + code, null, token);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    return new JsonObject(list.body()).getLong("count");
  }

  /** Runs a {@link Stranger} with {@code stores} and (secret, code) pairs; its output lines once it has left. */
  private static List<String> stranger(String name, ClusterCertificates.Stores stores, String... secretsAndCodes) throws Exception {
    Process process = start(name, stores, secretsAndCodes);
    process.getOutputStream().close();
    return finish(name, process);
  }

  private static Process start(String name, ClusterCertificates.Stores stores, String... arguments) throws IOException {
    ClusterCertificates.ensure();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(ClusterNode.JVM_OPTIONS);
    for (String open : List.of("java.base/java.lang", "java.base/sun.nio.ch", "java.management/sun.management",
        "jdk.management/com.sun.management.internal")) {
      command.addAll(List.of("--add-opens", open + "=ALL-UNNAMED"));
    }
    command.addAll(List.of("-cp", JarIT.JAR + java.io.File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath(),
        Stranger.class.getName(), clusterName, members, Integer.toString(TestServices.freePort()), stores.keystore().toString(),
        stores.truststore().toString(), ClusterCertificates.PASSWORD, Integer.toString(REQUEST_TIMEOUT_MS)));
    command.addAll(List.of(arguments));
    Path out = dir.resolve("stranger-" + name + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().keySet().removeIf(ConfigKeys::known);
    return pb.start();
  }

  /** Waits for {@code process} to leave; its output lines. */
  private static List<String> finish(String name, Process process) throws Exception {
    Path out = dir.resolve("stranger-" + name + ".log");
    try {
      assertThat(process.waitFor(STRANGER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the stranger %s leaves in time:%n%s", name, read(out)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    List<String> lines = read(out).lines().toList();
    lines.stream().filter(line -> line.startsWith("RESULT ")).forEach(line -> System.out.println("stranger " + name + ": " + line));
    assertThat(lines).as("the stranger %s joined and finished:%n%s", name, read(out)).contains("JOINED", "DONE");
    return lines;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
