package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TestServices;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same {@code Idempotency-Key} sent at once to the gateways of two nodes (real JVMs from {@code orderly.jar}, one
 * Hazelcast cluster, one PostgreSQL schema), each node running the entity service too, so the two tries are
 * written by whichever entity service the bus picks, possibly on different nodes: one write, and both answers carry
 * the same body. What keeps them apart is the key's row in the database, not any node's memory.
 */
class IdempotencyClusterIT {
  static final String PASSWORD = "idem-cluster-Passw0rd";
  static final int REQUEST_TIMEOUT_MS = 5000;
  static final int ROUNDS = 6;

  @TempDir static Path dir;
  static String schema;
  static final List<ClusterNode> nodes = new ArrayList<>();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static String token;

  @BeforeAll
  static void startCluster() throws Exception {
    TestServices.assumePostgres();
    schema = TestServices.newSchemaName();
    Map<String, String> env = ClusterNode.postgresEnv(schema, "idem-" + schema);
    env.put("REQUEST_TIMEOUT_MS", Integer.toString(REQUEST_TIMEOUT_MS));
    env.put("CACHE_ENABLED", "false");
    env.put("LOG_SQL", "true");
    int[] ports = {TestServices.freePort(), TestServices.freePort()};
    env.put("CLUSTER_MEMBERS", ClusterNode.members(ports));

    Map<String, String> cli = new LinkedHashMap<>(env);
    cli.put("ORDERLY_SUPERUSER_PASSWORD", PASSWORD);
    assertThat(JarIT.runToEnd(JarIT.orderly(dir, cli, "migrate")).status()).isZero();
    JarIT.Finished created = JarIT.runToEnd(JarIT.orderly(dir, cli, "createsuperuser", "--username", "root", "--email", "root@example.com"));
    assertThat(created.status()).as(created.err()).isZero();

    nodes.add(ClusterNode.start(dir, "all", "all", ports[0], env));
    nodes.add(ClusterNode.start(dir, "gateway-entities", "gateway,entities", ports[1], env));
    for (ClusterNode node : nodes) node.awaitReady();
    for (ClusterNode node : nodes) {
      Eventually.within(Duration.ofSeconds(30), () -> {
        assertThat(send(node, "GET", "/health/ready", null, null).join().statusCode()).isEqualTo(200);
        return null;
      });
    }
    HttpResponse<String> login = send(nodes.get(0), "POST", "/api/auth/login", new JsonObject().put("username", "root").put("password", PASSWORD),
        null).join();
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    token = new JsonObject(login.body()).getString("access");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (ClusterNode node : nodes) node.close();
    if (schema != null) TestServices.dropSchema(schema);
  }

  static CompletableFuture<HttpResponse<String>> send(ClusterNode node, String method, String path, JsonObject body, String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + path))
        .timeout(Duration.ofMillis(REQUEST_TIMEOUT_MS * 3L))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
        .header("Content-Type", "application/json");
    if (token != null) request.header("Authorization", "Bearer " + token);
    if (key != null) request.header("Idempotency-Key", key);
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void oneKeySentAtOnceToTwoNodesWritesOnceAndBothAnswerTheSame() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String key = "cluster-" + UUID.randomUUID();
      String code = "CL-IDEM-" + round;
      JsonObject body = new JsonObject().put("code", code).put("name", "Clustered " + round);
      // two tries on each gateway, all in flight together
      List<CompletableFuture<HttpResponse<String>>> tries = new ArrayList<>();
      for (int i = 0; i < 4; i++) tries.add(send(nodes.get(i % 2), "POST", "/api/suppliers/", body, key));
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> t : tries) answers.add(t.get(REQUEST_TIMEOUT_MS * 4L, TimeUnit.MILLISECONDS));

      assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isEqualTo(201));
      assertThat(answers.stream().map(HttpResponse::body).distinct()).as("round %d: one body", round).hasSize(1);
      assertThat(answers.stream().filter(a -> a.headers().firstValue("Idempotent-Replayed").isEmpty()))
          .as("round %d: one try wrote, the others replayed it", round).hasSize(1);
      HttpResponse<String> listed = send(nodes.get(round % 2), "GET", "/api/suppliers/?code=" + code, null, null).join();
      assertThat(new JsonObject(listed.body()).getInteger("count")).as("round %d: suppliers %s", round, code).isEqualTo(1);
    }
    HttpResponse<String> all = send(nodes.get(0), "GET", "/api/suppliers/?code__in=" + String.join(",",
        java.util.stream.IntStream.range(0, ROUNDS).mapToObj(r -> "CL-IDEM-" + r).toList()), null, null).join();
    assertThat(new JsonObject(all.body()).getInteger("count")).isEqualTo(ROUNDS);
    // the bus handed tries to the entity service of each node: the key's row is what kept them to one write
    for (ClusterNode node : nodes) {
      Eventually.until(node.name + " claimed keys (its query log)", () -> node.output().lines()
          .anyMatch(l -> l.contains("orderly.sql") && l.contains("INSERT INTO idempotency_keys")));
    }
  }
}
