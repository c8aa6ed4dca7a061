package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TcpProxy;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL going away under a client over HTTP, without touching the shared server: a {@link TcpProxy}
 * in front of it is cut, then restored; the node's own backends are ended with {@code pg_terminate_backend}
 * (a real 57P01). While the database is gone every request is a 503 with {@code Retry-After} in DRF's shape,
 * and nothing is written; within 5 s of its return every request succeeds again.
 */
class PostgresOutageIT {
  private static final Duration BACK_WITHIN = Duration.ofSeconds(5);
  /** Rounds of requests sent while the database is away: a bounded loop, by count and by time. */
  private static final int DOWN_ROUNDS = 10;

  private Vertx proxyVertx;
  private TcpProxy proxy;
  private final AtomicInteger serial = new AtomicInteger();

  @BeforeEach
  void startProxy() {
    TestServices.assumePostgres();
    proxyVertx = Vertx.vertx();
    proxy = new TcpProxy(proxyVertx, TestServices.PG_HOST, TestServices.PG_PORT, TestServices.freePort());
    proxy.restore();
  }

  @AfterEach
  void stopProxy() {
    if (proxy != null) proxy.close();
    if (proxyVertx != null) proxyVertx.close().await();
  }

  private RunningOrderly start(Path dir) {
    return RunningOrderly.start(Db.POSTGRES, dir, new JsonObject().put("POSTGRES_PORT", String.valueOf(proxy.port()))
        .put("DB_CONNECT_TIMEOUT_MS", "500").put("DB_ACQUIRE_TIMEOUT_MS", "1000"));
  }

  @Test
  void aCutDatabaseIs503OnlyAndEverythingSucceedsWithin5sOfItsReturn(@TempDir Path dir) {
    try (RunningOrderly app = start(dir)) {
      long supplier = created(app);
      assertAllSucceed(app, supplier);
      proxy.cut();
      int firstDown = serial.get() + 1;
      Map<String, Integer> down = new TreeMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      for (int i = 0; i < DOWN_ROUNDS && System.nanoTime() < deadline; i++) {
        for (HttpResponse<Buffer> r : round(app, supplier)) {
          unavailable(r);
          down.merge(String.valueOf(r.statusCode()), 1, Integer::sum);
        }
      }
      int lastDown = serial.get();
      HttpResponse<Buffer> ready = app.testRequest(GET, "/health/ready", null);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.bodyAsJsonObject().getString("status")).as("the services that need the database say so").isEqualTo("DOWN");

      proxy.restore();
      long cameBack = System.nanoTime();
      Eventually.within(BACK_WITHIN, () -> assertAllSucceed(app, supplier));
      System.out.printf("postgres cut: %s while down; all succeeded %d ms after the restore%n", down,
          (System.nanoTime() - cameBack) / 1_000_000);
      assertThat(app.testRequest(GET, "/health/ready", null).statusCode()).isEqualTo(200);
      StringBuilder codes = new StringBuilder();
      for (int n = firstDown; n <= lastDown; n++) codes.append(n == firstDown ? "" : ",").append("OUT-").append(n);
      assertThat(app.testRequest(GET, "/api/suppliers/?code__in=" + codes, null, 200).bodyAsJsonObject().getLong("count"))
          .as("no create refused while the database was away was written after").isZero();
    }
  }

  @Test
  void terminatedBackendsAre503AtMostAndEverythingSucceedsWithin5s(@TempDir Path dir) throws Exception {
    try (RunningOrderly app = start(dir)) {
      long supplier = created(app);
      assertAllSucceed(app, supplier);
      Map<String, Integer> seen = new TreeMap<>();
      int terminated = 0;
      for (int attempt = 0; attempt < 5; attempt++) {
        terminated += terminateNodeBackends();
        long after = System.nanoTime();
        // in flight or next: a request either met the ended connection (57P01: 503) or a new one
        for (int i = 0; i < 5; i++) {
          for (HttpResponse<Buffer> r : round(app, supplier)) {
            if (r.statusCode() >= 500) unavailable(r);
            else assertThat(r.statusCode()).as(r.bodyAsString()).isBetween(200, 299);
            seen.merge(String.valueOf(r.statusCode()), 1, Integer::sum);
          }
        }
        Duration left = BACK_WITHIN.minusNanos(System.nanoTime() - after);
        Eventually.within(left.isNegative() ? Duration.ZERO : left, () -> assertAllSucceed(app, supplier));
      }
      System.out.printf("postgres backends terminated: %d, responses %s%n", terminated, seen);
      assertThat(terminated).as("the node's own connections were ended").isPositive();
    }
  }

  /** Ends every PostgreSQL backend the node reaches through the proxy, and no other; how many. */
  private int terminateNodeBackends() throws Exception {
    List<Integer> ports = proxy.targetSidePorts();
    if (ports.isEmpty()) return 0;
    String url = "jdbc:postgresql://" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + TestServices.PG_DB;
    try (Connection c = DriverManager.getConnection(url, TestServices.PG_USER, TestServices.PG_PASSWORD);
         PreparedStatement st = c.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
             + " WHERE client_port = ANY (?) AND pid <> pg_backend_pid()")) {
      Array array = c.createArrayOf("int4", ports.toArray());
      st.setArray(1, array);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** One of each kind of request that needs the database, none a cache could answer: a list, a create, a change, readiness. */
  private List<HttpResponse<Buffer>> round(RunningOrderly app, long supplier) {
    int n = serial.incrementAndGet();
    return List.of(
        app.testRequest(GET, "/api/suppliers/?name__icontains=round-" + n, null),
        app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "OUT-" + n).put("name", "round-" + n)),
        app.testRequest(PATCH, "/api/suppliers/" + supplier + "/", new JsonObject().put("name", "round-" + n)),
        app.testRequest(GET, "/api/products/?sku=round-" + n, null));
  }

  /** A round of requests, each of which must succeed; returns how many. */
  private int assertAllSucceed(RunningOrderly app, long supplier) {
    List<HttpResponse<Buffer>> round = round(app, supplier);
    for (HttpResponse<Buffer> r : round) assertThat(r.statusCode()).as("%s", r.bodyAsString()).isBetween(200, 299);
    return round.size();
  }

  private static void unavailable(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as("only 503 while the database is away: %s", r.bodyAsString()).isEqualTo(503);
    assertThat(r.getHeader("Retry-After")).isNotBlank();
    assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("service_unavailable");
    assertThat(ErrorShapes.problem(HttpMethod.GET, r.statusCode(), r.headers(), r.body())).isNull();
  }

  private static long created(RunningOrderly app) {
    return app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "OUT-TARGET").put("name", "Target"), 201)
        .bodyAsJsonObject().getLong("id");
  }
}
