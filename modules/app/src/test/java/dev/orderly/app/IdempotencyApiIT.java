package dev.orderly.app;

import static dev.orderly.app.IdempotentRequests.KEY;
import static dev.orderly.app.IdempotentRequests.REPLAYED;
import static dev.orderly.app.IdempotentRequests.assertReplayOf;
import static dev.orderly.app.IdempotentRequests.count;
import static dev.orderly.app.IdempotentRequests.key;
import static dev.orderly.app.IdempotentRequests.keyed;
import static dev.orderly.app.IdempotentRequests.supplier;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.PasswordChange;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.IdempotencyKey;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.test.Db;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Idempotency-Key} end to end on SQLite and PostgreSQL: a keyed write sent again replays its first response
 * (status, body, {@code Location}, {@code ETag}, plus {@code Idempotent-Replayed: true}) and writes nothing; the key
 * with another request is a 422; keys are per user; a write that failed stored no key; an expired key is new again;
 * twenty concurrent tries write once. Rows are counted in the database itself, beside the node. The export
 * service's writes are {@link IdempotentFilesApiIT}'s.
 */
class IdempotencyApiIT {
  private static final String PASSWORD = "idem-Passw0rd-e2e";
  private static final Map<Db, Fixture> FIXTURES = new EnumMap<>(Db.class);

  private record Fixture(RunningOrderly app, OrderFixture orders, String clerk) {}

  private static synchronized Fixture fixture(Db db) {
    return FIXTURES.computeIfAbsent(db, d -> {
      RunningOrderly app = RunningOrderly.start(d, tempDir());
      OrderFixture orders = OrderFixture.on(app);
      String clerk = app.user("idem-clerk", PASSWORD, new JsonObject().put("permissions", new JsonArray().add("suppliers.add")
          .add("suppliers.view")));
      return new Fixture(app, orders, clerk);
    });
  }

  @AfterAll
  static synchronized void stopAll() {
    FIXTURES.values().forEach(f -> f.app().close());
    FIXTURES.clear();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aCreateSentTwiceWithOneKeyReplaysTheFirstResponseAndWritesOneRow(Db db) {
    RunningOrderly app = fixture(db).app();
    String key = key();
    HttpResponse<Buffer> first = keyed(app, POST, "/api/suppliers/", key, supplier("IDEM-1"));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(first.getHeader("Location")).isNotNull();
    assertThat(first.getHeader("ETag")).isEqualTo("\"1\"");

    HttpResponse<Buffer> again = keyed(app, POST, "/api/suppliers/", key, supplier("IDEM-1"));

    assertReplayOf(again, first);
    assertThat(count(app, "suppliers", "code = ?", "IDEM-1")).isEqualTo(1);
    assertThat(count(app, "idempotency_keys", "idempotency_key = ?", key)).isEqualTo(1);
    // the trailing slash is the same route: the same request
    assertReplayOf(keyed(app, POST, "/api/suppliers", key, supplier("IDEM-1")), first);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void theKeyWithAnotherBodyOrRouteIs422AndWritesNothing(Db db) {
    RunningOrderly app = fixture(db).app();
    String key = key();
    assertThat(keyed(app, POST, "/api/suppliers/", key, supplier("IDEM-2")).statusCode()).isEqualTo(201);
    long id = app.testRequest(GET, "/api/suppliers/?code=IDEM-2", null, 200).bodyAsJsonObject().getJsonArray("results")
        .getJsonObject(0).getLong("id");

    for (HttpResponse<Buffer> reused : List.of(keyed(app, POST, "/api/suppliers/", key, supplier("IDEM-2B")),
        keyed(app, PATCH, "/api/suppliers/" + id + "/", key, new JsonObject().put("name", "Renamed")))) {
      assertThat(reused.statusCode()).as(reused.bodyAsString()).isEqualTo(422);
      assertThat(reused.bodyAsJsonObject().getString("code")).isEqualTo("idempotency_key_reused");
      assertThat(reused.bodyAsJsonObject().getString("detail")).isNotBlank();
    }
    assertThat(count(app, "suppliers", "code = ?", "IDEM-2B")).isZero();
    assertThat(app.testRequest(GET, "/api/suppliers/" + id + "/", null, 200).bodyAsJsonObject().getString("name")).isEqualTo("Supplier IDEM-2");
    assertThat(count(app, "idempotency_keys", "idempotency_key = ?", key)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anotherUsersKeyIsTheirOwn(Db db) {
    Fixture f = fixture(db);
    String key = key();
    assertThat(keyed(f.app(), POST, "/api/suppliers/", key, supplier("IDEM-3A")).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> theirs = f.app().send(f.app().requestAs(f.clerk(), POST, "/api/suppliers/").putHeader(KEY, key), supplier("IDEM-3B"));

    assertThat(theirs.statusCode()).as(theirs.bodyAsString()).isEqualTo(201);
    assertThat(theirs.getHeader(REPLAYED)).isNull();
    assertThat(count(f.app(), "suppliers", "code = ?", "IDEM-3B")).isEqualTo(1);
    assertThat(count(f.app(), "idempotency_keys", "idempotency_key = ?", key)).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aRequestThatFailedStoredNoKeyAndRunsAgain(Db db) {
    RunningOrderly app = fixture(db).app();
    String key = key();
    HttpResponse<Buffer> invalid = keyed(app, POST, "/api/suppliers/", key, new JsonObject().put("code", "IDEM-4"));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(count(app, "idempotency_keys", "idempotency_key = ?", key)).isZero();
    // a write refused inside its transaction (a unique code) rolls its key back too
    assertThat(keyed(app, POST, "/api/suppliers/", key(), supplier("IDEM-4")).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> duplicate = keyed(app, POST, "/api/suppliers/", key, supplier("IDEM-4"));
    assertThat(duplicate.statusCode()).as(duplicate.bodyAsString()).isEqualTo(400);
    assertThat(count(app, "idempotency_keys", "idempotency_key = ?", key)).isZero();

    HttpResponse<Buffer> fixed = keyed(app, POST, "/api/suppliers/", key, supplier("IDEM-4C"));
    assertThat(fixed.statusCode()).as(fixed.bodyAsString()).isEqualTo(201);
    assertThat(fixed.getHeader(REPLAYED)).isNull();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void patchDeleteAndATransitionReplayWithoutWritingAgain(Db db) {
    Fixture f = fixture(db);
    RunningOrderly app = f.app();
    long id = app.testRequest(POST, "/api/suppliers/", supplier("IDEM-5"), 201).bodyAsJsonObject().getLong("id");
    String record = "/api/suppliers/" + id + "/";

    String patchKey = key();
    HttpResponse<Buffer> patched = keyed(app, PATCH, record, patchKey, new JsonObject().put("phone", "+49 1"));
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.getHeader("ETag")).isEqualTo("\"2\"");
    assertReplayOf(keyed(app, PATCH, record, patchKey, new JsonObject().put("phone", "+49 1")), patched);
    assertThat(app.testRequest(GET, record, null, 200).bodyAsJsonObject().getLong("version")).as("changed once").isEqualTo(2);

    String deleteKey = key();
    HttpResponse<Buffer> deleted = keyed(app, DELETE, record, deleteKey, null);
    assertThat(deleted.statusCode()).isEqualTo(204);
    // without the key, a second delete is a 404
    assertReplayOf(keyed(app, DELETE, record, deleteKey, null), deleted);
    app.testRequest(DELETE, record, null, 404);

    long order = f.orders().draft(f.orders().requester);
    String submitKey = key();
    String submit = OrderFixture.ORDERS + order + "/submit/";
    HttpResponse<Buffer> submitted = app.send(app.requestAs(f.orders().requester, POST, submit).putHeader(KEY, submitKey), null);
    assertThat(submitted.statusCode()).as(submitted.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> again = app.send(app.requestAs(f.orders().requester, POST, submit).putHeader(KEY, submitKey), null);
    assertReplayOf(again, submitted);
    // without the key, submitting a submitted order is a 409
    assertThat(app.send(app.requestAs(f.orders().requester, POST, submit), null).statusCode()).isEqualTo(409);
    assertThat(count(app, "audit_log", "resource = 'purchase_orders' AND action = 'submitted' AND record_id = CAST(? AS BIGINT)",
        String.valueOf(order))).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aUserCreatedTwiceIsCreatedOnceByTheAuthService(Db db) {
    RunningOrderly app = fixture(db).app();
    String key = key();
    JsonObject user = new JsonObject().put("username", "idem-user-" + db.name().toLowerCase()).put("password", PASSWORD);
    HttpResponse<Buffer> first = keyed(app, POST, "/api/users/", key, user);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);

    assertReplayOf(keyed(app, POST, "/api/users/", key, user), first);

    assertThat(count(app, "users", "username = ?", user.getString("username"))).isEqualTo(1);
    assertThat(count(app, "auth_idempotency_keys", "idempotency_key = ?", key)).isEqualTo(1);
    assertThat(count(app, "idempotency_keys", "idempotency_key = ?", key)).as("the entity service's table").isZero();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aPasswordChangeSentAgainUnderItsKeyIsReplayedThoughTheOldPasswordNoLongerHolds(Db db) {
    RunningOrderly app = fixture(db).app();
    String username = "idem-pw-" + db.name().toLowerCase();
    String token = app.user(username, PASSWORD, new JsonObject());
    long id = Long.parseLong(new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
        StandardCharsets.UTF_8)).getString("sub"));
    // as the gateway sends it (a client's own retry would meet a 401: its token predates the change)
    RequestContext context = new RequestContext("idem-pw", new Caller(id, username), CallerSigning.fromSecret(app.settings().secretKey()))
        .withIdempotency(new IdempotencyKey(key(), "b".repeat(64)));
    AuthClient auth = new AuthClient(app.vertx(), RunningOrderly.TIMEOUT_SECONDS * 1000);
    PasswordChange change = new PasswordChange(PASSWORD, "new-" + PASSWORD);

    assertThat(RunningOrderly.await(auth.changePassword(change, context)).replayed()).isFalse();
    assertThat(RunningOrderly.await(auth.changePassword(change, context)).replayed()).isTrue();
    Throwable unkeyed = RunningOrderly.awaitFailure(auth.changePassword(change, context.withIdempotency(null)));
    assertThat(unkeyed.getMessage()).as("without the key, the old password is wrong now").contains("old_password");
    app.login(username, "new-" + PASSWORD);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aKeyPastItsTtlIsNewAgain(Db db) throws SQLException {
    RunningOrderly app = fixture(db).app();
    String key = key();
    assertThat(keyed(app, POST, "/api/suppliers/", key, supplier("IDEM-9")).statusCode()).isEqualTo(201);
    long ttlMs = Duration.ofHours(app.settings().idempotencyTtlHours()).toMillis();
    try (Connection c = TableRows.connect(app); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE idempotency_keys SET created_at = created_at - " + (ttlMs + 60_000) + " WHERE idempotency_key = '" + key + "'");
    }

    HttpResponse<Buffer> fresh = keyed(app, POST, "/api/suppliers/", key, supplier("IDEM-9B"));

    assertThat(fresh.statusCode()).as(fresh.bodyAsString()).isEqualTo(201);
    assertThat(fresh.getHeader(REPLAYED)).isNull();
    assertThat(count(app, "suppliers", "code = ?", "IDEM-9B")).isEqualTo(1);
    assertReplayOf(keyed(app, POST, "/api/suppliers/", key, supplier("IDEM-9B")), fresh);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void twentyConcurrentTriesOfOneKeyWriteOnceAndAllAnswerTheSame(Db db) throws Exception {
    RunningOrderly app = fixture(db).app();
    String key = key();
    List<Future<HttpResponse<Buffer>>> tries = new ArrayList<>();
    for (int i = 0; i < 20; i++) tries.add(app.request(POST, "/api/suppliers/").putHeader(KEY, key).sendJson(supplier("IDEM-10")));
    List<HttpResponse<Buffer>> answers = new ArrayList<>();
    for (Future<HttpResponse<Buffer>> t : tries) answers.add(t.await(RunningOrderly.TIMEOUT_SECONDS, TimeUnit.SECONDS));

    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).as(a.bodyAsString()).isEqualTo(201));
    assertThat(answers.stream().map(HttpResponse::bodyAsString).distinct()).hasSize(1);
    assertThat(answers.stream().map(a -> a.getHeader("Location")).distinct()).hasSize(1);
    assertThat(answers.stream().filter(a -> a.getHeader(REPLAYED) == null)).as("one wrote, the others replayed").hasSize(1);
    assertThat(count(app, "suppliers", "code = ?", "IDEM-10")).isEqualTo(1);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("orderly-idempotency-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
