package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.security.JwtTokens;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.ForgedTokens;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seeded HTTP fuzz of a started node, on SQLite and PostgreSQL: {@value #REQUESTS} hostile requests over
 * every kind of {@link HostileRequests} (run with {@code -Dfuzz.seed=N} to replay another sequence). Not one
 * may answer 5xx, write a row (every table is read before and after, {@link TableRows}), answer outside
 * API.md's error shapes ({@link ErrorShapes}) or outside the statuses its kind expects. The figures are
 * printed in one line.
 */
class HostileInputFuzzIT {
  static final int REQUESTS = 10_000;
  /** Requests in flight at once: enough to keep the node busy, few enough for a 2-core machine. */
  static final int IN_FLIGHT = 16;
  static final long SEED = Long.getLong("fuzz.seed", 20_261_202L);
  private static final long RESPONSE_TIMEOUT_MS = 20_000;

  @ParameterizedTest
  @EnumSource(Db.class)
  void hostileRequestsAreRefusedWithNo5xxNoWriteAndDrfShapes(Db db, @TempDir Path dir) throws Exception {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      Map<String, Long> ids = seed(app);
      HostileRequests requests = new HostileRequests(SEED, ids, badTokens(app));
      Eventually.until("every change of the seeding published", Duration.ofSeconds(10), () -> TableRows.of(app).unpublished() == 0);
      TableRows before = TableRows.of(app);

      long started = System.nanoTime();
      FuzzResults results = run(app, requests);
      long millis = (System.nanoTime() - started) / 1_000_000;

      TableRows after = TableRows.of(app);
      long changed = after.changedSince(before);
      System.out.printf("fuzz db=%s seed=%d requests=%d kinds=%d 5xx=%d rows_changed=%d tables=%d rows=%d accepted_writes=%d"
              + " bad_shapes=%d unexpected=%d no_response=%d ms=%d statuses=%s%n", db, SEED, results.requests(), results.kinds(),
          results.serverErrors(), changed, after.tables(), after.rowCount(), results.accepted(), results.badShapes(), results.unexpected(),
          results.broken(), millis, results.statuses());

      assertThat(results.requests()).isGreaterThanOrEqualTo(REQUESTS);
      assertThat(results.kinds()).as("kinds %s", results.perKind()).isGreaterThanOrEqualTo(12);
      assertThat(results.serverErrors()).as(results.examples()).isZero();
      assertThat(results.accepted()).as(results.examples()).isZero();
      assertThat(changed).as("rows changed in %s", after.tablesChangedSince(before)).isZero();
      assertThat(after.digest()).isEqualTo(before.digest());
      assertThat(results.badShapes()).as(results.examples()).isZero();
      assertThat(results.unexpected()).as(results.examples()).isZero();
      assertThat(results.broken()).as(results.examples()).isZero();
    }
  }

  /** A record of each resource for the requests to aim at, each at version 1: a draft order with one line. */
  private static Map<String, Long> seed(RunningOrderly app) {
    Map<String, Long> ids = new LinkedHashMap<>();
    ids.put("suppliers", id(app, "/api/suppliers/", new JsonObject().put("code", "FUZZ-S").put("name", "Fuzz target")));
    ids.put("products", id(app, "/api/products/", new JsonObject().put("sku", "FUZZ-P").put("name", "Fuzz product")
        .put("unit_price", "2.50").put("supplier_id", ids.get("suppliers"))));
    ids.put("purchase-orders", id(app, "/api/purchase-orders/", new JsonObject().put("supplier_id", ids.get("suppliers"))
        .put("lines", new JsonArray().add(new JsonObject().put("product_id", ids.get("products")).put("quantity", "2")))));
    ids.put("groups", id(app, "/api/groups/", new JsonObject().put("name", "fuzz-group")));
    ids.put("users", id(app, "/api/users/", new JsonObject().put("username", "fuzz-target").put("email", "fuzz@example.com")
        .put("groups", new JsonArray().add("fuzz-group"))));
    return ids;
  }

  private static long id(RunningOrderly app, String path, JsonObject body) {
    return app.testRequest(POST, path, body, 201).bodyAsJsonObject().getLong("id");
  }

  /**
   * {@code Authorization} values (and, without their scheme, session cookies) that never authenticate: every
   * {@link ForgedTokens} attack but the 64 KiB one (past the server's header limit, a 431 of the HTTP layer) and
   * the session token (as a cookie it is a good one: BadTokensIT has it), and malformed schemes.
   */
  private static List<String> badTokens(RunningOrderly app) {
    JwtTokens tokens = RunningOrderly.await(JwtTokens.create(app.vertx(), app.settings()));
    JwtTokens stranger = RunningOrderly.await(JwtTokens.create(app.vertx(),
        TestServices.settings(app.vertx(), TestServices.production().put("SECRET_KEY", TestServices.SECRET + "-stranger"))));
    List<String> bad = new ArrayList<>();
    for (ForgedTokens.Forged f : ForgedTokens.against(tokens, stranger, app.adminId(), RunningOrderly.ADMIN)) {
      if (!f.attack().equals(ForgedTokens.OVERSIZED) && !f.attack().startsWith("a session token")) bad.add("Bearer " + f.token());
    }
    bad.addAll(List.of("Bearer", "Bearer ", "Bearer a b", "Token", "Token x.y.z", "bearer x.y.z", "Basic dXNlcjpwYXNz",
        "Bearer " + "x".repeat(7000), "Bearer " + app.adminToken() + " " + app.adminToken(), "Bearer \"" + app.adminToken() + "\"",
        "Bearer " + app.adminToken().replace('.', ',')));
    return bad;
  }

  /** Sends {@value #REQUESTS} requests, {@value #IN_FLIGHT} at a time, as the superuser unless a request has its own credentials. */
  private static FuzzResults run(RunningOrderly app, HostileRequests requests) throws InterruptedException {
    FuzzResults results = new FuzzResults();
    HttpClientAgent client = app.vertx().createHttpClient(new HttpClientOptions().setDefaultHost("localhost")
        .setDefaultPort(app.port()), new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
    // every request sent from one context: from a plain thread, a response could end before its body handler is set
    Context context = app.vertx().getOrCreateContext();
    Semaphore slots = new Semaphore(IN_FLIGHT);
    Set<Hostile> pending = ConcurrentHashMap.newKeySet();
    try {
      for (int i = 0; i < REQUESTS; i++) {
        Hostile request = requests.next();
        if (!slots.tryAcquire(RESPONSE_TIMEOUT_MS * 2, TimeUnit.MILLISECONDS)) throw new AssertionError("no answer to " + pending);
        pending.add(request);
        context.runOnContext(v -> send(client, app, request).onComplete(ar -> {
          pending.remove(request);
          try {
            if (ar.succeeded()) {
              Answer answer = ar.result();
              results.answered(request, answer.status(), ErrorShapes.problem(request.method(), answer.status(), answer.headers(),
                  answer.body()), answer.body().toString());
            } else {
              results.failed(request, ar.cause());
            }
          } finally {
            slots.release();
          }
        }));
      }
      if (!slots.tryAcquire(IN_FLIGHT, RESPONSE_TIMEOUT_MS * 2, TimeUnit.MILLISECONDS)) throw new AssertionError("no answer to " + pending);
    } finally {
      client.close().await();
    }
    return results;
  }

  private record Answer(int status, MultiMap headers, Buffer body) {}

  private static Future<Answer> send(HttpClientAgent client, RunningOrderly app, Hostile hostile) {
    Map<String, String> headers = new LinkedHashMap<>(hostile.headers());
    if (!headers.containsKey("Authorization") && !headers.containsKey("Cookie")) headers.put("Authorization", "Bearer " + app.adminToken());
    RequestOptions options = new RequestOptions().setMethod(hostile.method()).setURI(hostile.uri()).setIdleTimeout(RESPONSE_TIMEOUT_MS);
    headers.forEach(options::putHeader);
    return client.request(options)
        .compose(request -> hostile.body() == null ? request.send() : request.send(hostile.body()))
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), response.headers(), body)));
  }
}
