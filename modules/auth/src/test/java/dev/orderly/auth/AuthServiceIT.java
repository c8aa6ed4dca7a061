package dev.orderly.auth;

import static dev.orderly.auth.AuthNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.auth.AuthNode.Result;
import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.Credentials;
import dev.orderly.core.bus.AuthMessages.Logout;
import dev.orderly.core.bus.AuthMessages.NewSuperuser;
import dev.orderly.core.bus.AuthMessages.PasswordChange;
import dev.orderly.core.bus.AuthMessages.Refresh;
import dev.orderly.core.bus.AuthMessages.Revocation;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.security.JwtTokens;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TestServices;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The auth service over the event bus, on SQLite and PostgreSQL. */
class AuthServiceIT {
  private static final String PASSWORD = "tr1cky-Passw0rd";

  /** Creates {@code username} with {@link #PASSWORD}; returns its id. */
  private static long newUser(AuthNode node, String username) {
    return node.user(new JsonObject().put("username", username).put("password", PASSWORD)).getLong("id");
  }

  private static JsonObject login(AuthNode node, String username, String password) {
    Result r = await(node.auth.login(new Credentials(username, password), node.anonymous()));
    assertThat(r.status()).as(r.body().encode()).isEqualTo(200);
    return r.body();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void loginIssuesAVerifiableAccessTokenAndTheSame401ForAnyBadCredential(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      long id = newUser(node, "alice");
      node.user(new JsonObject().put("username", "sleeper").put("password", PASSWORD).put("is_active", false));

      JsonObject pair = login(node, "alice", PASSWORD);
      assertThat(pair.getString("token_type")).isEqualTo("Bearer");
      assertThat(pair.getLong("expires_in")).isEqualTo(900L);
      assertThat(pair.getString("refresh")).matches("[A-Za-z0-9_-]{43}");
      JsonObject claims = node.tokens.verify(pair.getString("access"), JwtTokens.ACCESS).await();
      assertThat(claims.getString("sub")).isEqualTo(String.valueOf(id));
      assertThat(claims.getString("username")).isEqualTo("alice");
      assertThat(claims.getString("iss")).isEqualTo("orderly");
      assertThat(claims.getString("aud")).isEqualTo("orderly-api");
      assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(900L);
      assertThat(claims.getString("jti")).isNotBlank();

      JsonObject expected = new JsonObject().put("detail", TokenActions.BAD_CREDENTIALS).put("code", "authentication_failed");
      for (String[] bad : new String[][] {{"alice", "wrong-password"}, {"nobody", PASSWORD}, {"sleeper", PASSWORD}, {"ALICE", PASSWORD}}) {
        Result r = await(node.auth.login(new Credentials(bad[0], bad[1]), node.anonymous()));
        assertThat(r.status()).as(bad[0]).isEqualTo(401);
        assertThat(r.body()).isEqualTo(expected);
      }
      assertThat(await(node.auth.login(new Credentials("alice", ""), node.anonymous())).status()).isEqualTo(400);
      Row row = node.sql.preparedQuery(sql(node, "SELECT last_login FROM users WHERE id = ?")).execute(Tuple.of(id)).await().iterator().next();
      assertThat(row.getValue(0)).isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void refreshRotatesAndReusingARotatedTokenRevokesTheFamily(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      newUser(node, "bob");
      JsonObject first = login(node, "bob", PASSWORD);
      JsonObject other = login(node, "bob", PASSWORD);

      Result second = await(node.auth.refresh(new Refresh(first.getString("refresh")), node.anonymous()));
      assertThat(second.status()).isEqualTo(200);
      assertThat(second.body().getString("refresh")).isNotEqualTo(first.getString("refresh"));
      assertThat(node.tokens.verify(second.body().getString("access"), JwtTokens.ACCESS).await()).isNotNull();

      Result reuse = await(node.auth.refresh(new Refresh(first.getString("refresh")), node.anonymous()));
      assertThat(reuse.status()).isEqualTo(401);
      assertThat(reuse.body().getString("code")).isEqualTo("authentication_failed");
      // the whole family is dead, the other login is not
      assertThat(await(node.auth.refresh(new Refresh(second.body().getString("refresh")), node.anonymous())).status()).isEqualTo(401);
      assertThat(await(node.auth.refresh(new Refresh(other.getString("refresh")), node.anonymous())).status()).isEqualTo(200);
      assertThat(await(node.auth.refresh(new Refresh("not-a-token"), node.anonymous())).status()).isEqualTo(401);
      assertThat(await(node.auth.refresh(new Refresh(""), node.anonymous())).status()).isEqualTo(400);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void logoutRevokesTheRefreshTokenAndPublishesTheDeniedTokenId(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      long id = newUser(node, "carol");
      JsonObject pair = login(node, "carol", PASSWORD);
      JsonObject claims = node.tokens.verify(pair.getString("access"), JwtTokens.ACCESS).await();
      List<JsonObject> published = new CopyOnWriteArrayList<>();
      node.vertx.eventBus().<JsonObject>consumer(AuthClient.REVOKED_ADDRESS, m -> published.add(m.body())).completion().await();

      assertThat(await(node.auth.logout(new Logout(pair.getString("refresh"), new Revocation(claims.getString("jti"), claims.getLong("exp"))), node.anonymous())).status())
          .isEqualTo(401);
      Result out = await(node.auth.logout(new Logout(pair.getString("refresh"), new Revocation(claims.getString("jti"), claims.getLong("exp"))), node.callerOf(id)));
      assertThat(out.status()).isEqualTo(200);

      assertThat(await(node.auth.refresh(new Refresh(pair.getString("refresh")), node.anonymous())).status()).isEqualTo(401);
      JsonArray revoked = await(node.auth.revoked(node.anonymous())).body().getJsonArray("revoked");
      assertThat(revoked).contains(new JsonObject().put("jti", claims.getString("jti")).put("exp", claims.getLong("exp")));
      Eventually.until("the revocation published on " + AuthClient.REVOKED_ADDRESS, () -> !published.isEmpty());
      assertThat(published.get(0)).isEqualTo(new JsonObject().put("jti", claims.getString("jti")).put("exp", claims.getLong("exp")));
    }
  }

  @Test
  void withRedisTheDenylistLivesInRedis(@TempDir Path dir) {
    TestServices.assumeRedis();
    try (AuthNode node = AuthNode.start(Db.SQLITE, dir, AuthNode.FAST_ITERATIONS, new JsonObject().put("REDIS_URL", TestServices.REDIS_URL))) {
      long id = newUser(node, "redis-user");
      String jti = "test-" + System.nanoTime();
      long exp = Instant.now().getEpochSecond() + 120;
      assertThat(await(node.auth.revoke(new Revocation(jti, exp), node.callerOf(id))).status()).isEqualTo(200);

      RedisAPI redis = RedisAPI.api(Redis.createClient(node.vertx, TestServices.REDIS_URL));
      try {
        assertThat(redis.get(Revocations.REDIS_PREFIX + jti).await().toString()).isEqualTo(String.valueOf(exp));
        long ttl = redis.ttl(Revocations.REDIS_PREFIX + jti).await().toLong();
        assertThat(ttl).isBetween(100L, 120L);
        assertThat(await(node.auth.revoked(node.anonymous())).body().getJsonArray("revoked"))
            .contains(new JsonObject().put("jti", jti).put("exp", exp));
        assertThat(node.sql.query("SELECT COUNT(*) FROM auth_revoked_tokens").execute().await().iterator().next().getLong(0)).isZero();
        redis.del(List.of(Revocations.REDIS_PREFIX + jti)).await();
      } finally {
        redis.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void meAndPrincipalListOwnPlusGroupPermissionsAndSuperusersHaveAll(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      assertThat(await(node.resources.create("groups", new JsonObject().put("name", "buyers")
          .put("permissions", new JsonArray().add("purchase_orders.add").add("suppliers.view")), node.system())).status()).isEqualTo(200);
      long id = node.user(new JsonObject().put("username", "dave").put("password", PASSWORD).put("email", "dave@example.com")
          .put("groups", new JsonArray().add("buyers")).put("permissions", new JsonArray().add("products.view"))).getLong("id");
      long root = node.user(new JsonObject().put("username", "root").put("password", PASSWORD).put("is_superuser", true)).getLong("id");

      JsonObject me = await(node.auth.me(node.callerOf(id))).body();
      assertThat(me).isEqualTo(new JsonObject().put("id", id).put("username", "dave").put("email", "dave@example.com")
          .put("first_name", "").put("last_name", "").put("is_staff", false).put("is_superuser", false)
          .put("groups", new JsonArray().add("buyers"))
          .put("permissions", new JsonArray().add("products.view").add("purchase_orders.add").add("suppliers.view")));
      assertThat(await(node.auth.me(node.callerOf(root))).body().getJsonArray("permissions")).hasSize(35);
      assertThat(await(node.auth.me(node.anonymous())).status()).isEqualTo(401);
      assertThat(await(node.auth.principal(id, node.anonymous())).body().getBoolean("is_active")).isTrue();
      assertThat(await(node.auth.principal(99999, node.anonymous())).status()).isEqualTo(404);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void changingThePasswordChecksTheOldOneAndRevokesEveryRefreshToken(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      long id = newUser(node, "erin");
      JsonObject pair = login(node, "erin", PASSWORD);
      RequestContext erin = node.callerOf(id);

      Result wrong = await(node.auth.changePassword(new PasswordChange("not-it-at-all", "new-Passw0rd-1"), erin));
      assertThat(wrong.status()).isEqualTo(400);
      assertThat(wrong.body()).isEqualTo(new JsonObject().put("old_password",
          new JsonArray().add("Your old password was entered incorrectly. Please enter it again.")));
      Result weak = await(node.auth.changePassword(new PasswordChange(PASSWORD, "123"), erin));
      assertThat(weak.body().getJsonArray("new_password")).contains("This password is entirely numeric.");

      assertThat(await(node.auth.changePassword(new PasswordChange(PASSWORD, "new-Passw0rd-1"), erin)).status()).isEqualTo(200);
      assertThat(await(node.auth.refresh(new Refresh(pair.getString("refresh")), node.anonymous())).status()).isEqualTo(401);
      assertThat(await(node.auth.login(new Credentials("erin", PASSWORD), node.anonymous())).status()).isEqualTo(401);
      login(node, "erin", "new-Passw0rd-1");
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void tokensCarryThePasswordGenerationAndARefreshTokenOfAnOlderOneIsRefusedEvenIfNotRevoked(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      long id = newUser(node, "gina");
      JsonObject before = login(node, "gina", PASSWORD);
      assertThat(JwtTokens.passwordGeneration(node.tokens.verify(before.getString("access"), JwtTokens.ACCESS).await())).isZero();
      assertThat(node.auth.principal(id, node.anonymous()).await().passwordGeneration()).isZero();

      assertThat(await(node.auth.changePassword(new PasswordChange(PASSWORD, "new-Passw0rd-1"), node.callerOf(id))).status()).isEqualTo(200);
      assertThat(node.auth.principal(id, node.anonymous()).await().passwordGeneration()).isEqualTo(1);
      JsonObject after = login(node, "gina", "new-Passw0rd-1");
      assertThat(JwtTokens.passwordGeneration(node.tokens.verify(after.getString("access"), JwtTokens.ACCESS).await())).isEqualTo(1);
      JsonObject session = await(node.auth.sessionLogin(new Credentials("gina", "new-Passw0rd-1"), node.anonymous())).body();
      assertThat(JwtTokens.passwordGeneration(node.tokens.verify(session.getString("session"), JwtTokens.SESSION).await())).isEqualTo(1);

      // as if a refresh that rotated the old token committed while the change was revoking the user's tokens
      node.sql.query("UPDATE auth_refresh_tokens SET revoked_at = NULL, used_at = NULL").execute().await();
      Result stale = await(node.auth.refresh(new Refresh(before.getString("refresh")), node.anonymous()));
      assertThat(stale.status()).as(stale.body().encode()).isEqualTo(401);
      Result renewed = await(node.auth.refresh(new Refresh(after.getString("refresh")), node.anonymous()));
      assertThat(renewed.status()).as(renewed.body().encode()).isEqualTo(200);
      assertThat(JwtTokens.passwordGeneration(node.tokens.verify(renewed.body().getString("access"), JwtTokens.ACCESS).await())).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void usersAreEngineResourcesWithAWriteOnlyPasswordAndLinkedNames(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      await(node.resources.create("groups", new JsonObject().put("name", "clerks"), node.system()));
      JsonObject user = node.user(new JsonObject().put("username", "frank").put("password", PASSWORD)
          .put("groups", new JsonArray().add("clerks")).put("permissions", new JsonArray().add("suppliers.view").add("products.add")));
      assertThat(user.fieldNames()).containsExactly("id", "username", "email", "first_name", "last_name", "is_active", "is_staff",
          "is_superuser", "groups", "permissions", "date_joined", "last_login", "version", "created_at", "updated_at");
      assertThat(user.getJsonArray("permissions")).containsExactly("products.add", "suppliers.view");
      assertThat(user.getString("date_joined")).isNotNull();
      String id = String.valueOf(user.getLong("id"));

      Result unknown = await(node.resources.update("users", id, new JsonObject().put("groups", new JsonArray().add("clerks").add("xyz"))
          .put("permissions", new JsonArray().add("nope.view")), true, null, node.system()));
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.body()).isEqualTo(new JsonObject()
          .put("groups", new JsonArray().add("Object with name=xyz does not exist."))
          .put("permissions", new JsonArray().add("Object with codename=nope.view does not exist.")));

      Result replaced = await(node.resources.update("users", id, new JsonObject().put("permissions", new JsonArray().add("groups.view")),
          true, null, node.system()));
      assertThat(replaced.body().getJsonArray("permissions")).containsExactly("groups.view");
      assertThat(replaced.body().getJsonArray("groups")).containsExactly("clerks");
      assertThat(replaced.body().getLong("version")).isEqualTo(2L);

      Result weak = await(node.resources.update("users", id, new JsonObject().put("password", "frank"), true, null, node.system()));
      assertThat(weak.body().getJsonArray("password")).containsExactly(
          "This password is too short. It must contain at least 8 characters.", "The password is too similar to the username.");
      Result changed = await(node.resources.update("users", id, new JsonObject().put("password", "other-Passw0rd"), true, null, node.system()));
      assertThat(changed.body().containsKey("password")).isFalse();
      login(node, "frank", "other-Passw0rd");

      Result byPassword = await(node.resources.list("users", new JsonObject().put("password", new JsonArray().add("x")), "http://x/api/users/",
          node.system()));
      assertThat(byPassword.status()).isEqualTo(400);
      Result list = await(node.resources.list("users", new JsonObject().put("search", new JsonArray().add("fra")), "http://x/api/users/",
          node.system()));
      assertThat(list.body().getLong("count")).isEqualTo(1L);
      assertThat(list.body().getJsonArray("results").getJsonObject(0).getJsonArray("groups")).containsExactly("clerks");

      List<String> changes = new ArrayList<>();
      for (Row row : node.sql.query("SELECT changes FROM auth_audit_log ORDER BY id").execute().await()) changes.add(row.getString(0));
      assertThat(changes).hasSizeGreaterThanOrEqualTo(4).noneMatch(c -> c.contains("password") || c.contains("pbkdf2"));
      assertThat(await(node.resources.delete("groups", String.valueOf(await(node.resources.list("groups", new JsonObject(),
          "http://x/api/groups/", node.system())).body().getJsonArray("results").getJsonObject(0).getLong("id")), null, node.system())).status())
          .isEqualTo(200);
      assertThat(await(node.resources.get("users", id, new JsonObject(), node.system())).body().getJsonArray("groups")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void onlyStaffWithThePermissionManageUsersAndOnlySuperusersGrantStaff(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      long staff = node.user(new JsonObject().put("username", "staffer").put("password", PASSWORD).put("is_staff", true)
          .put("permissions", new JsonArray().add("users.view").add("users.add").add("users.change"))).getLong("id");
      long plain = node.user(new JsonObject().put("username", "plain").put("password", PASSWORD)
          .put("permissions", new JsonArray().add("users.view"))).getLong("id");
      RequestContext staffer = node.callerOf(staff);

      assertThat(await(node.resources.list("users", new JsonObject(), "http://x/api/users/", node.callerOf(plain))).status()).isEqualTo(403);
      assertThat(await(node.resources.list("users", new JsonObject(), "http://x/api/users/", staffer)).status()).isEqualTo(200);
      assertThat(await(node.resources.list("groups", new JsonObject(), "http://x/api/groups/", staffer)).status()).isEqualTo(403);
      assertThat(await(node.resources.delete("users", String.valueOf(plain), null, staffer)).status()).isEqualTo(403);

      Result grant = await(node.resources.update("users", String.valueOf(plain), new JsonObject().put("is_staff", true), true, null, staffer));
      assertThat(grant.status()).isEqualTo(403);
      assertThat(grant.body().getString("code")).isEqualTo("permission_denied");
      assertThat(await(node.resources.create("users", new JsonObject().put("username", "boss").put("is_superuser", true), staffer)).status())
          .isEqualTo(403);
      // the same value is no change, and other fields are the staff's to change
      assertThat(await(node.resources.update("users", String.valueOf(plain), new JsonObject().put("is_staff", false).put("first_name", "P"),
          true, null, staffer)).status()).isEqualTo(200);
      assertThat(await(node.resources.update("users", String.valueOf(plain), new JsonObject().put("is_staff", true), true, null,
          node.system())).status()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aForgedCallerHeaderIsNotAnswered(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      String forged = Caller.SYSTEM.toJson().encode();
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(1_000).addHeader(Actions.HEADER, "list")
          .addHeader(RequestContext.CALLER_HEADER, forged)
          .addHeader(CallerSigning.SIGNATURE_HEADER, CallerSigning.fromSecret("another-secret-of-someone-else-0123456789-abcdefgh").sign(forged));
      DeliveryOptions unsigned = new DeliveryOptions().setSendTimeout(1_000).addHeader(Actions.HEADER, "list")
          .addHeader(RequestContext.CALLER_HEADER, forged);
      for (DeliveryOptions strangers : List.of(options, unsigned)) {
        Throwable failure = node.vertx.eventBus().request(AuthClient.ADDRESS, new JsonObject().put("resource", "users"), strangers)
            .<Throwable>map(reply -> null).otherwise(e -> e).await();
        assertThat(failure).isInstanceOf(ReplyException.class);
        assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.TIMEOUT);
      }
      // the node's own anonymous caller is answered, and is no one
      Result r = await(node.resources.list("users", new JsonObject(), "http://localhost/api/users/", node.anonymous()));
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body().getString("code")).isEqualTo("not_authenticated");
      assertThat(await(node.auth.createSuperuser(new NewSuperuser("mallory", "", PASSWORD), node.anonymous())).status()).isEqualTo(403);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aWeakerDjangoHashIsUpgradedAtLogin(Db db, @TempDir Path dir) throws Exception {
    PasswordsTest.Vector v = PasswordsTest.vectors().get(0);
    assertThat(Passwords.iterationsOf(v.encoded())).isLessThan(Passwords.ITERATIONS);
    try (AuthNode node = AuthNode.start(db, dir, Passwords.ITERATIONS)) {
      long id = node.user(new JsonObject().put("username", "imported")).getLong("id");
      node.sql.preparedQuery(sql(node, "UPDATE users SET password = ? WHERE id = ?")).execute(Tuple.of(v.encoded(), id)).await();

      login(node, "imported", v.password());

      String stored = node.sql.preparedQuery(sql(node, "SELECT password FROM users WHERE id = ?")).execute(Tuple.of(id)).await()
          .iterator().next().getString(0);
      assertThat(Passwords.iterationsOf(stored)).isEqualTo(Passwords.ITERATIONS);
      assertThat(Passwords.check(v.password(), stored)).isTrue();
      login(node, "imported", v.password());
    }
  }

  private static String sql(AuthNode node, String jdbcStyle) {
    if (!node.settings.usesPostgres()) return jdbcStyle;
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char c : jdbcStyle.toCharArray()) out.append(c == '?' ? "$" + (++n) : String.valueOf(c));
    return out.toString();
  }

}
