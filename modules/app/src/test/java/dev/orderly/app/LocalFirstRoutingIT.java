package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.BusRequests;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.config.Settings;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A clustered node sends to its own instance of a service first (BusRequests, Consumers' node-local twin), a
 * node without one spreads its requests over the cluster, and a node whose own instance has gone falls back to
 * the others. Three Hazelcast members in this JVM on 127.0.0.1: "a" and "b" run the service, "c" does not.
 */
@Timeout(120)
class LocalFirstRoutingIT {
  private static final String ADDRESS = "test.routing";
  private static final int ROUNDS = 40;
  private static final CallerSigning SIGNING = CallerSigning.fromSecret("local-first-routing-test-secret");
  private static Vertx a;
  private static Vertx b;
  private static Vertx c;
  private static String serviceOnA;

  /** The test service: answers with the name of the node it runs on. */
  static final class NamedService extends VerticleBase {
    private final String node;

    NamedService(String node) {
      this.node = node;
    }

    @Override
    public Future<?> start() {
      return Consumers.register(vertx, SIGNING, ADDRESS, Map.of("who", (body, ctx) -> Future.succeededFuture(
          Consumers.Reply.of(new JsonObject().put("node", node)))));
    }
  }

  @BeforeAll
  static void cluster() {
    int[] ports = {TestServices.freePort(), TestServices.freePort(), TestServices.freePort()};
    List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
    Future<Vertx> na = node(ports[0], members);
    Future<Vertx> nb = node(ports[1], members);
    Future<Vertx> nc = node(ports[2], members);
    a = na.await();
    b = nb.await();
    c = nc.await();
    serviceOnA = a.deployVerticle(new NamedService("a"), new DeploymentOptions()).await();
    b.deployVerticle(new NamedService("b"), new DeploymentOptions()).await();
    // c learns of both registrations through the cluster's subscription table
    Eventually.until("c reaches both instances", () -> answers(c, false).size() == 2);
  }

  private static Future<Vertx> node(int port, List<String> members) {
    Settings.Cluster cluster = new Settings.Cluster(true, "local-first-" + members.get(0), "127.0.0.1", port, members,
        "127.0.0.1", 0, 5_000, 1, 1, tls());
    return Clustering.start(cluster, new VertxOptions());
  }

  /** The mutual TLS of the cluster tests' deployment ({@link ClusterCertificates}). */
  private static Settings.Tls tls() {
    Map<String, String> env = ClusterCertificates.DEPLOYMENT.env();
    return new Settings.Tls(env.get("CLUSTER_TLS_KEYSTORE"), env.get("CLUSTER_TLS_KEYSTORE_PASSWORD"),
        env.get("CLUSTER_TLS_TRUSTSTORE"), env.get("CLUSTER_TLS_TRUSTSTORE_PASSWORD"));
  }

  @AfterAll
  static void close() {
    for (Vertx vertx : new Vertx[] {a, b, c}) if (vertx != null) vertx.close().await();
  }

  /** How many of {@value #ROUNDS} requests from {@code from} each node answered. */
  private static Map<String, Integer> answers(Vertx from, boolean safeToRepeat) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < ROUNDS; i++) {
      Message<JsonObject> reply = BusRequests.<JsonObject>request(from, ADDRESS, new JsonObject(),
          RequestContext.anonymous("r-" + i, SIGNING).deliveryOptions(5_000).addHeader(Actions.HEADER, "who"), safeToRepeat).await();
      counts.merge(reply.body().getString("node"), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void aNodeThatRunsTheServiceAnswersItsOwnRequests() {
    assertThat(answers(a, false)).containsExactly(Map.entry("a", ROUNDS));
    assertThat(answers(b, true)).containsExactly(Map.entry("b", ROUNDS));
  }

  @Test
  void aNodeWithoutTheServiceSpreadsItsRequestsOverTheCluster() {
    Map<String, Integer> counts = answers(c, false);
    assertThat(counts.keySet()).containsExactlyInAnyOrder("a", "b");
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(ROUNDS / 4));
  }

  @Test
  void aNodeWhoseOwnServiceHasGoneAsksTheOthers() {
    a.undeploy(serviceOnA).await();
    try {
      // once b's is the only registration the cluster knows of, a's requests (never repeated) all reach it
      Eventually.within(Duration.ofSeconds(10), () -> assertThat(answers(a, false)).containsExactly(Map.entry("b", ROUNDS)));
    } finally {
      serviceOnA = a.deployVerticle(new NamedService("a"), new DeploymentOptions()).await();
    }
    assertThat(answers(a, false)).containsExactly(Map.entry("a", ROUNDS));
  }
}
