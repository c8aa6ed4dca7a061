package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart of the gateways under steady load loses no request. Three JVMs in one cluster on one PostgreSQL
 * schema: the services, and two gateways behind a {@link LoadBalancer} that routes by readiness and sends a refused
 * connection to the other gateway. While clients keep creating and listing suppliers, each gateway in turn gets
 * SIGTERM, exits, and is started again on the same ports: readiness turns 503 at once, so the balancer stops
 * routing to it within a probe, well within {@code SHUTDOWN_DELAY_MS}; the requests it still has finish; a request
 * that meets its closed port goes to the other one. Every request answers 2xx, and every supplier created is there
 * exactly once.
 */
@Timeout(900)
class RollingRestartIT {
  static final String PASSWORD = "rolling-Passw0rd-it";
  static final long PROBE_MS = 200;
  /** Ten probes: the balancer has taken the gateway out long before it stops accepting. */
  static final int SHUTDOWN_DELAY_MS = 2_000;
  static final int CLIENTS = 3;
  /** A bound on the load, whatever happens: the loop also stops once both restarts are done. */
  static final int MAX_REQUESTS_PER_CLIENT = 5_000;
  static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void aRollingRestartOfTwoGatewaysUnderSteadyLoadLosesNoRequest(@TempDir Path dir) throws Exception {
    TestServices.assumePostgres();
    String schema = TestServices.newSchemaName();
    Map<String, String> env = ClusterNode.postgresEnv(schema, "rr-" + schema);
    env.put("SHUTDOWN_DELAY_MS", Integer.toString(SHUTDOWN_DELAY_MS));
    env.put("SHUTDOWN_TIMEOUT_MS", "20000");
    int[] clusterPorts = {TestServices.freePort(), TestServices.freePort(), TestServices.freePort()};
    env.put("CLUSTER_MEMBERS", ClusterNode.members(clusterPorts));
    Map<String, String> cli = new LinkedHashMap<>(env);
    cli.put(Main.SUPERUSER_PASSWORD, PASSWORD);
    assertThat(JarIT.runToEnd(JarIT.orderly(dir, cli, "migrate")).status()).isZero();
    JarIT.Finished created = JarIT.runToEnd(JarIT.orderly(dir, cli, "createsuperuser", "--username", "root",
        "--email", "root@example.com"));
    assertThat(created.status()).as(created.err()).isZero();

    List<ClusterNode> nodes = new CopyOnWriteArrayList<>();
    Vertx vertx = Vertx.vertx();
    LoadBalancer balancer = null;
    try {
      nodes.add(ClusterNode.start(dir, "services", "entities,auth,cache,export", clusterPorts[0], env));
      ClusterNode[] gateways = {ClusterNode.start(dir, "gateway-a", "gateway", clusterPorts[1], env),
          ClusterNode.start(dir, "gateway-b", "gateway", clusterPorts[2], env)};
      nodes.addAll(List.of(gateways));
      for (ClusterNode node : nodes) node.awaitReady();
      balancer = new LoadBalancer(vertx, List.of(gateways[0].httpPort, gateways[1].httpPort), PROBE_MS);
      LoadBalancer lb = balancer;
      Eventually.until("both gateways ready behind the balancer", Duration.ofSeconds(60),
          () -> lb.ready(gateways[0].httpPort) && lb.ready(gateways[1].httpPort));
      LoadBalancer.Answer login = lb.send(HttpMethod.POST, "/api/auth/login",
          new JsonObject().put("username", "root").put("password", PASSWORD), null);
      assertThat(login.status()).as(login.body()).isEqualTo(200);
      String token = login.json().getString("access");

      Load load = new Load(lb, token);
      load.start();
      for (int i = 0; i < gateways.length; i++) {
        ClusterNode old = gateways[i];
        int before = load.answered();
        assertThat(old.terminate(RESTART_TIMEOUT)).as("%s exits on SIGTERM", old.name).isEqualTo(143);
        nodes.remove(old);
        assertThat(old.output()).contains("Stopping: /health/ready answers 503", "Orderly stopped in");
        ClusterNode restarted = ClusterNode.start(dir, old.name + "-restarted", "gateway", old.clusterPort, old.httpPort, env);
        nodes.add(restarted);
        restarted.awaitReady();
        gateways[i] = restarted;
        Eventually.until(restarted.name + " ready behind the balancer", Duration.ofSeconds(60), () -> lb.ready(restarted.httpPort));
        int during = load.answered() - before;
        System.out.printf("restart of %s: %d requests answered meanwhile%n", old.name, during);
        assertThat(during).as("the load kept running through the restart of %s", old.name).isPositive();
      }
      int target = load.answered() + 20;
      Eventually.until("some requests after the restarts", Duration.ofSeconds(60), () -> load.answered() >= target || load.failed());
      load.stop();

      System.out.printf("rolling restart: %d requests, %d sent again after a refused connection, per gateway port %s%n",
          load.answered(), lb.redispatched(), load.perPort);
      assertThat(load.failures).as("requests that failed or did not answer 2xx").isEmpty();
      LoadBalancer.Answer listed = lb.send(HttpMethod.GET, "/api/suppliers/", null, token);
      assertThat(listed.json().getInteger("count")).as("every supplier created, once").isEqualTo(load.created.get());
    } finally {
      if (balancer != null) balancer.close();
      for (ClusterNode node : nodes) node.close();
      vertx.close().await();
      TestServices.dropSchema(schema);
    }
  }

  /** {@value #CLIENTS} clients, each creating a supplier then listing, one request at a time, until stopped. */
  private static final class Load {
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicInteger created = new AtomicInteger();
    final Map<Integer, AtomicInteger> perPort = new ConcurrentHashMap<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> clients = new ArrayList<>();
    private final LoadBalancer lb;
    private final String token;

    Load(LoadBalancer lb, String token) {
      this.lb = lb;
      this.token = token;
    }

    void start() {
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        Thread thread = new Thread(() -> run(client), "load-" + c);
        clients.add(thread);
        thread.start();
      }
    }

    private void run(int client) {
      for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && !stopping.get() && failures.isEmpty(); i++) {
        boolean create = i % 2 == 0;
        String what = create ? "POST supplier RR-" + client + "-" + i : "GET /api/suppliers/";
        try {
          LoadBalancer.Answer answer = create
              ? lb.send(HttpMethod.POST, "/api/suppliers/", new JsonObject().put("code", "RR-" + client + "-" + i)
                  .put("name", "Rolling"), token)
              : lb.send(HttpMethod.GET, "/api/suppliers/", null, token);
          perPort.computeIfAbsent(answer.port(), p -> new AtomicInteger()).incrementAndGet();
          if (answer.status() != (create ? 201 : 200)) failures.add(what + ": " + answer.status() + " " + answer.body());
          else if (create) created.incrementAndGet();
        } catch (Exception e) {
          failures.add(what + ": " + e);
        }
        answered.incrementAndGet();
      }
    }

    int answered() {
      return answered.get();
    }

    boolean failed() {
      return !failures.isEmpty();
    }

    void stop() throws InterruptedException {
      stopping.set(true);
      for (Thread thread : clients) thread.join(RunningOrderly.TIMEOUT_SECONDS * 1000);
    }
  }
}
