package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.SseClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A password change, whoever makes it (the user, staff, the command line), ends every session of the user
 * opened before it: access, session and refresh tokens issued before are refused, on every gateway instance;
 * tokens issued after it work, however soon after (no second-granularity window either way).
 */
class PasswordChangeIT {
  private static final String PASSWORD = "before-Passw0rd";
  private static final String NEW_PASSWORD = "after-Passw0rd-2";
  private static final String REFUSED = "Token was issued before the last password change.";

  private static void refused(HttpResponse<Buffer> r, String what) {
    assertThat(r.statusCode()).as("%s: %s", what, r.bodyAsString()).isEqualTo(401);
    assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("detail", REFUSED).put("code", "authentication_failed"));
  }

  private static HttpResponse<Buffer> refresh(RunningOrderly app, JsonObject pair) {
    return app.send(app.anonymous(POST, "/api/auth/refresh"), new JsonObject().put("refresh", pair.getString("refresh")));
  }

  private static HttpResponse<Buffer> suppliers(RunningOrderly app, String access) {
    return app.send(app.requestAs(access, GET, "/api/suppliers/"), null);
  }

  private static String sessionCookie(RunningOrderly app, String password) {
    HttpResponse<Buffer> session = app.send(app.anonymous(POST, "/api/auth/session"),
        new JsonObject().put("username", "pat").put("password", password));
    assertThat(session.statusCode()).isEqualTo(204);
    for (String c : session.cookies()) {
      if (c.startsWith("sessionid=")) return "sessionid=" + c.substring("sessionid=".length(), c.indexOf(';'));
    }
    throw new AssertionError("no session cookie");
  }

  private static void newUser(RunningOrderly app) {
    app.testRequest(POST, "/api/users/", new JsonObject().put("username", "pat").put("password", PASSWORD)
        .put("permissions", new JsonArray().add("suppliers.view")), 201);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void tokensIssuedBeforeTheChangeAreRefusedOnEveryInstanceAndTokensIssuedAfterItWork(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir, new JsonObject().put("HTTP_INSTANCES", "2"))) {
      newUser(app);
      JsonObject changer = app.login("pat", PASSWORD);
      JsonObject other = app.login("pat", PASSWORD);
      JsonObject rotated = refresh(app, app.login("pat", PASSWORD)).bodyAsJsonObject();
      String cookie = sessionCookie(app, PASSWORD);
      assertThat(suppliers(app, other.getString("access")).statusCode()).as("cached by the gateway before the change").isEqualTo(200);
      assertThat(app.send(app.anonymous(GET, "/api/suppliers/").putHeader("Cookie", cookie), null).statusCode()).isEqualTo(200);

      assertThat(app.send(app.requestAs(changer.getString("access"), POST, "/api/auth/password"),
          new JsonObject().put("old_password", PASSWORD).put("new_password", NEW_PASSWORD)).statusCode()).isEqualTo(204);
      // issued in the same second as the change, most likely: still accepted, as it comes after it
      JsonObject after = app.login("pat", NEW_PASSWORD);

      // a new connection per request: the two gateway instances take turns accepting them
      WebClient fresh = WebClient.create(app.vertx(), new WebClientOptions().setKeepAlive(false)
          .setDefaultHost("localhost").setDefaultPort(app.port()));
      try {
        for (int i = 0; i < 6; i++) {
          for (JsonObject before : new JsonObject[] {changer, other, rotated}) {
            refused(RunningOrderly.await(fresh.get("/api/suppliers/").putHeader("Authorization", "Bearer " + before.getString("access")).send()),
                "access token issued before the change");
          }
          refused(RunningOrderly.await(fresh.get("/api/auth/me").putHeader("Cookie", cookie).send()), "session issued before the change");
          HttpResponse<Buffer> ok = RunningOrderly.await(fresh.get("/api/suppliers/").putHeader("Authorization", "Bearer " + after.getString("access")).send());
          assertThat(ok.statusCode()).as("the token issued after the change: %s", ok.bodyAsString()).isEqualTo(200);
        }
      } finally {
        fresh.close();
      }
      for (JsonObject before : new JsonObject[] {changer, other, rotated}) {
        HttpResponse<Buffer> r = refresh(app, before);
        assertThat(r.statusCode()).as("refresh token issued before the change: %s", r.bodyAsString()).isEqualTo(401);
        assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("authentication_failed");
      }
      JsonObject renewed = refresh(app, after).bodyAsJsonObject();
      assertThat(suppliers(app, renewed.getString("access")).statusCode()).as("a refresh after the change works").isEqualTo(200);
      assertThat(app.send(app.anonymous(GET, "/api/suppliers/").putHeader("Cookie", sessionCookie(app, NEW_PASSWORD)), null).statusCode())
          .isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aPasswordSetByStaffEndsTheUsersSessionsToo(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      newUser(app);
      JsonObject before = app.login("pat", PASSWORD);
      assertThat(suppliers(app, before.getString("access")).statusCode()).isEqualTo(200);
      long id = app.send(app.requestAs(before.getString("access"), GET, "/api/auth/me"), null).bodyAsJsonObject().getLong("id");

      app.testRequest(PATCH, "/api/users/" + id + "/", new JsonObject().put("password", NEW_PASSWORD), 200);
      refused(suppliers(app, before.getString("access")), "access token issued before staff set the password");
      assertThat(refresh(app, before).statusCode()).isEqualTo(401);
      app.testRequest(PATCH, "/api/users/" + id + "/", new JsonObject().put("first_name", "Pat"), 200);
      assertThat(suppliers(app, app.login("pat", NEW_PASSWORD).getString("access")).statusCode())
          .as("other changes of the user leave new tokens alone").isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aPasswordChangedByTheCommandLineReachesTheRunningGatewaysThroughTheChangeEvent(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      newUser(app);
      JsonObject before = app.login("pat", PASSWORD);
      assertThat(suppliers(app, before.getString("access")).statusCode()).as("the principal cached by the gateway").isEqualTo(200);

      String[] config = Db.arguments(app.overrides());
      String[] args = Arrays.copyOf(new String[] {"changepassword", "pat"}, 2 + config.length);
      System.arraycopy(config, 0, args, 2, config.length);
      MainTest.Result changed = MainTest.execute(Map.of(Main.SUPERUSER_PASSWORD, NEW_PASSWORD), args);
      assertThat(changed.status()).as(changed.err()).isZero();

      // another process changed it: the node's relay publishes the change of users, which every gateway hears
      Eventually.within(Duration.ofSeconds(10), () -> {
        refused(suppliers(app, before.getString("access")), "access token issued before the command changed the password");
        return null;
      });
      assertThat(refresh(app, before).statusCode()).isEqualTo(401);
      assertThat(suppliers(app, app.login("pat", NEW_PASSWORD).getString("access")).statusCode()).isEqualTo(200);
    }
  }

  @org.junit.jupiter.api.Test
  void anEventStreamOpenedWithATokenFromBeforeTheChangeEnds(@TempDir Path dir) {
    Vertx clients = Vertx.vertx();
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir)) {
      newUser(app);
      JsonObject before = app.login("pat", PASSWORD);
      try (SseClient stream = SseClient.start(clients, app.port(), "/api/events?resources=suppliers",
          Map.of("Authorization", "Bearer " + before.getString("access")))) {
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.next().type()).as("the stream's opening line").isNull();
        assertThat(app.send(app.requestAs(before.getString("access"), POST, "/api/auth/password"),
            new JsonObject().put("old_password", PASSWORD).put("new_password", NEW_PASSWORD)).statusCode()).isEqualTo(204);
        stream.awaitEnd(Eventually.TIMEOUT);
      }
      try (SseClient after = SseClient.start(clients, app.port(), "/api/events?resources=suppliers",
          Map.of("Authorization", "Bearer " + app.login("pat", NEW_PASSWORD).getString("access")))) {
        assertThat(after.status()).isEqualTo(200);
      }
    } finally {
      clients.close().await();
    }
  }
}
