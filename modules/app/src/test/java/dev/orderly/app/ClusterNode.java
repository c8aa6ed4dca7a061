package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Orderly node as its own JVM ({@code java -jar orderly.jar run}, {@link JarIT#orderly}) with
 * {@code CLUSTER=true} on 127.0.0.1, its output in {@code <dir>/<name>.log}. The members of a test
 * cluster are every {@link #clusterPort} given to {@link #members}. Its event bus runs mutual TLS with the
 * deployment's test certificates ({@link ClusterCertificates#DEPLOYMENT}) unless {@code env} names other stores.
 */
final class ClusterNode implements AutoCloseable {
  /** Small heaps and the client compiler: four JVMs share two cores with the build. */
  static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  final String name;
  final int clusterPort;
  final int httpPort;
  private final Path log;
  private final Process process;

  private ClusterNode(String name, int clusterPort, int httpPort, Path log, Process process) {
    this.name = name;
    this.clusterPort = clusterPort;
    this.httpPort = httpPort;
    this.log = log;
    this.process = process;
  }

  /**
   * What every node of a test cluster on PostgreSQL shares: the schema {@code schema} as its database, the cluster
   * name, throttles no test reaches, one gateway instance; add the members, timeouts and the rest.
   */
  static Map<String, String> postgresEnv(String schema, String clusterName) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    io.vertx.core.json.JsonObject pg = dev.orderly.core.test.TestServices.postgres(schema);
    pg.fieldNames().forEach(k -> env.put(k, pg.getString(k)));
    env.put("CLUSTER_NAME", clusterName);
    env.put("THROTTLE_RATES", RunningOrderly.GENEROUS_RATES);
    env.put("HTTP_INSTANCES", "1");
    return env;
  }

  /** {@code CLUSTER_MEMBERS} for nodes on these cluster ports. */
  static String members(int... clusterPorts) {
    StringBuilder members = new StringBuilder();
    for (int port : clusterPorts) members.append(members.isEmpty() ? "" : ",").append("127.0.0.1:").append(port);
    return members.toString();
  }

  /** Starts a node running {@code roles} with {@code env} (the shared settings) on its own ports; does not wait. */
  static ClusterNode start(Path dir, String name, String roles, int clusterPort, Map<String, String> env) throws IOException {
    return start(dir, name, roles, clusterPort, dev.orderly.core.test.TestServices.freePort(), env);
  }

  /** As {@link #start(Path, String, String, int, Map)}, its HTTP server on {@code httpPort} (a node restarted in place). */
  static ClusterNode start(Path dir, String name, String roles, int clusterPort, int httpPort, Map<String, String> env) throws IOException {
    Map<String, String> own = new LinkedHashMap<>(env);
    ClusterCertificates.DEPLOYMENT.env().forEach(own::putIfAbsent);
    own.put("CLUSTER", "true");
    own.put("ROLES", roles);
    own.put("CLUSTER_HOST", "127.0.0.1");
    own.put("CLUSTER_PORT", Integer.toString(clusterPort));
    own.put("HTTP_PORT", Integer.toString(httpPort));
    own.put("LOG_DIR", dir.resolve(name + "-logs").toString());
    own.put("DATA_DIR", dir.resolve(name + "-data").toString());
    own.put("JAVA_TOOL_OPTIONS", String.join(" ", JVM_OPTIONS));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb = JarIT.orderly(dir, own, "run").redirectErrorStream(true).redirectOutput(log.toFile());
    return new ClusterNode(name, clusterPort, httpPort, log, pb.start());
  }

  /** Waits for the node's ready line; fails with its log if it exits or the deadline passes first. */
  ClusterNode awaitReady() {
    Eventually.within(START_TIMEOUT, () -> {
      assertThat(process.isAlive()).as("%s exited:%n%s", name, output()).isTrue();
      assertThat(output()).as("%s's ready line", name).contains("Orderly ready");
      return null;
    });
    return this;
  }

  String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** {@code kill -9}: the node vanishes without leaving the cluster. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s killed", name).isTrue();
  }

  /** SIGTERM, as an orchestrator stops a node; returns the exit status, failing (with the log) unless it exits within {@code timeout}. */
  int terminate(Duration timeout) throws InterruptedException {
    process.toHandle().destroy();
    assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("%s exits on SIGTERM:%n%s", name, output()).isTrue();
    return process.exitValue();
  }

  /** Stops the node, and keeps its log as {@code target/cluster-logs/<name>.log} (the test's directory goes). */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.toHandle().destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
    }
    try {
      Path kept = Path.of("target", "cluster-logs", name + ".log");
      Files.createDirectories(kept.getParent());
      if (Files.exists(log)) Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // the log is a help for diagnosis only
    }
  }
}
