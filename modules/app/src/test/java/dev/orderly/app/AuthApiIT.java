package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.TestServices;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Login, tokens, sessions, permissions and the account commands end to end, on SQLite and PostgreSQL. */
class AuthApiIT {
  private static final String PASSWORD = "e2e-Passw0rd";

  private static JsonObject json(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aSuperuserCreatedByTheCommandLineLogsInAndManagesUsersAndGroups(Db db, @TempDir Path dir) {
    JsonObject overrides = db.overrides(dir).put("HTTP_PORT", String.valueOf(TestServices.freePort()));
    String[] config = Db.arguments(overrides);
    MainTest.Result created = MainTest.execute(Map.of(Main.SUPERUSER_PASSWORD, "first-Passw0rd"),
        concat(new String[] {"createsuperuser", "--username", "boss", "--email=boss@example.com"}, config));
    assertThat(created.status()).as(created.err()).isZero();
    assertThat(created.out()).contains("Superuser created successfully.");
    MainTest.Result again = MainTest.execute(Map.of(Main.SUPERUSER_PASSWORD, "first-Passw0rd"),
        concat(new String[] {"createsuperuser", "--username", "boss"}, config));
    assertThat(again.status()).isEqualTo(Main.FAILURE);
    assertThat(again.err()).startsWith("Error: username: user with this username already exists.");
    MainTest.Result weak = MainTest.execute(Map.of(Main.SUPERUSER_PASSWORD, "12345678"), concat(new String[] {"changepassword", "boss"}, config));
    assertThat(weak.status()).isEqualTo(Main.FAILURE);
    assertThat(weak.err()).contains("This password is entirely numeric.");
    MainTest.Result changed = MainTest.execute(Map.of(Main.SUPERUSER_PASSWORD, "second-Passw0rd"), concat(new String[] {"changepassword", "boss"}, config));
    assertThat(changed.status()).as(changed.err()).isZero();
    MainTest.Result noPassword = MainTest.execute(concat(new String[] {"changepassword", "boss"}, config));
    assertThat(noPassword.status()).isEqualTo(Main.FAILURE);
    assertThat(noPassword.err()).contains(Main.SUPERUSER_PASSWORD);

    try (RunningOrderly app = RunningOrderly.startOn(db, overrides)) {
      assertThat(app.anonymous(POST, "/api/auth/login").sendJsonObject(new JsonObject().put("username", "boss").put("password", "first-Passw0rd"))
          .toCompletionStage().toCompletableFuture().join().statusCode()).isEqualTo(401);
      String boss = app.login("boss", "second-Passw0rd").getString("access");
      JsonObject me = json(app.send(app.requestAs(boss, GET, "/api/auth/me"), null));
      assertThat(me.getString("email")).isEqualTo("boss@example.com");
      assertThat(me.getBoolean("is_superuser")).isTrue();
      assertThat(me.getJsonArray("permissions")).contains("purchase_orders.approve", "users.delete").hasSize(35);

      HttpResponse<Buffer> group = app.send(app.requestAs(boss, POST, "/api/groups/"),
          new JsonObject().put("name", "buyers").put("permissions", new JsonArray().add("suppliers.view").add("suppliers.add")));
      assertThat(group.statusCode()).as(group.bodyAsString()).isEqualTo(201);
      assertThat(group.getHeader("Location")).endsWith("/api/groups/" + json(group).getLong("id") + "/");
      HttpResponse<Buffer> user = app.send(app.requestAs(boss, POST, "/api/users/"), new JsonObject().put("username", "clerk")
          .put("password", PASSWORD).put("email", "clerk@example.com").put("groups", new JsonArray().add("buyers")));
      assertThat(user.statusCode()).as(user.bodyAsString()).isEqualTo(201);
      assertThat(json(user).containsKey("password")).isFalse();
      long clerkId = json(user).getLong("id");
      HttpResponse<Buffer> unknown = app.send(app.requestAs(boss, PATCH, "/api/users/" + clerkId + "/"),
          new JsonObject().put("groups", new JsonArray().add("xyz")));
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(json(unknown)).isEqualTo(new JsonObject().put("groups", new JsonArray().add("Object with name=xyz does not exist.")));

      String clerk = app.login("clerk", PASSWORD).getString("access");
      assertThat(app.send(app.requestAs(clerk, GET, "/api/suppliers/"), null).statusCode()).isEqualTo(200);
      assertThat(app.send(app.requestAs(clerk, GET, "/api/products/"), null).statusCode()).isEqualTo(403);
      assertThat(app.send(app.requestAs(clerk, GET, "/api/users/"), null).statusCode()).isEqualTo(403);

      // a change of the group reaches the gateway's cached permissions at once
      long groupId = json(group).getLong("id");
      assertThat(app.send(app.requestAs(boss, PATCH, "/api/groups/" + groupId), new JsonObject().put("permissions",
          new JsonArray().add("products.view"))).statusCode()).isEqualTo(200);
      assertThat(app.send(app.requestAs(clerk, GET, "/api/products/"), null).statusCode()).isEqualTo(200);
      assertThat(app.send(app.requestAs(clerk, GET, "/api/suppliers/"), null).statusCode()).isEqualTo(403);

      JsonObject page = json(app.send(app.requestAs(boss, GET, "/api/users/?search=clerk&fields=id,username,groups"), null));
      assertThat(page.getJsonArray("results")).containsExactly(new JsonObject().put("id", clerkId).put("username", "clerk")
          .put("groups", new JsonArray().add("buyers")));
      // deactivating the user logs it out everywhere
      assertThat(app.send(app.requestAs(boss, PATCH, "/api/users/" + clerkId), new JsonObject().put("is_active", false)).statusCode()).isEqualTo(200);
      assertThat(app.send(app.requestAs(clerk, GET, "/api/products/"), null).statusCode()).isEqualTo(401);
      assertThat(app.send(app.requestAs(boss, DELETE, "/api/users/" + clerkId + "/"), null).statusCode()).isEqualTo(204);
      assertThat(app.send(app.requestAs(boss, DELETE, "/api/groups/" + groupId + "/"), null).statusCode()).isEqualTo(204);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void everyResourceAndMethodNeedsItsPermission(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      long supplier = json(app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "PM-1").put("name", "Acme"), 201)).getLong("id");
      long product = json(app.testRequest(POST, "/api/products/", new JsonObject().put("sku", "PM-P").put("name", "Bolt")
          .put("unit_price", "1.00").put("supplier_id", supplier), 201)).getLong("id");
      long order = json(app.testRequest(POST, "/api/purchase-orders/", new JsonObject().put("supplier_id", supplier)
          .put("lines", new JsonArray().add(new JsonObject().put("product_id", product).put("quantity", 1))), 201)).getLong("id");
      Map<String, Long> ids = Map.of("suppliers", supplier, "products", product, "purchase-orders", order);

      List<String> actions = List.of("view", "add", "change", "delete");
      Map<String, String> tokens = new java.util.HashMap<>();
      for (String action : actions) {
        JsonArray perms = new JsonArray().add("suppliers." + action).add("products." + action).add("purchase_orders." + action);
        tokens.put(action, app.user("can-" + action, PASSWORD, new JsonObject().put("permissions", perms)));
      }
      String nobody = app.user("nobody", PASSWORD, new JsonObject().put("is_staff", true));

      for (String resource : List.of("suppliers", "products", "purchase-orders")) {
        long id = ids.get(resource);
        Object[][] routes = {
            {GET, "/api/" + resource + "/", null, "view"},
            {GET, "/api/" + resource + "/" + id + "/", null, "view"},
            {POST, "/api/" + resource + "/", new JsonObject(), "add"},
            {PUT, "/api/" + resource + "/999999/", new JsonObject(), "change"},
            {PATCH, "/api/" + resource + "/" + id + "/", new JsonObject().put("notes", "patched"), "change"},
            {DELETE, "/api/" + resource + "/999999/", null, "delete"}};
        for (Object[] route : routes) {
          HttpMethod method = (HttpMethod) route[0];
          String path = (String) route[1];
          for (String action : actions) {
            HttpResponse<Buffer> r = app.send(app.requestAs(tokens.get(action), method, path), route[2]);
            if (action.equals(route[3])) {
              assertThat(r.statusCode()).as("%s %s with %s", method, path, action).isIn(200, 201, 400, 404);
            } else {
              assertThat(r.statusCode()).as("%s %s with %s", method, path, action).isEqualTo(403);
              assertThat(json(r).getString("code")).isEqualTo("permission_denied");
            }
          }
          assertThat(app.send(app.requestAs(nobody, method, path), route[2]).statusCode()).as("%s %s without", method, path).isEqualTo(403);
          HttpResponse<Buffer> anonymous = app.send(app.anonymous(method, path), route[2]);
          assertThat(anonymous.statusCode()).isEqualTo(401);
          assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void logoutIsEffectiveOnEveryGatewayInstanceAtOnce(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir, new JsonObject().put("HTTP_INSTANCES", "2"))) {
      JsonObject pair = app.login(RunningOrderly.ADMIN, RunningOrderly.ADMIN_PASSWORD);
      String access = pair.getString("access");
      // a new connection per request: the instances take turns accepting them
      WebClient fresh = WebClient.create(app.vertx(), new WebClientOptions().setKeepAlive(false)
          .setDefaultHost("localhost").setDefaultPort(app.port()));
      try {
        for (int i = 0; i < 6; i++) assertThat(get(fresh, access).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> out = app.send(app.requestAs(access, POST, "/api/auth/logout"), new JsonObject().put("refresh", pair.getString("refresh")));
        assertThat(out.statusCode()).isEqualTo(204);

        // the instance that served the logout denied the token for the whole node before its 204
        for (int i = 0; i < 10; i++) assertThat(get(fresh, access).statusCode()).as("request %d after the logout", i).isEqualTo(401);
        HttpResponse<Buffer> denied = get(fresh, access);
        assertThat(json(denied).getString("code")).isEqualTo("authentication_failed");
        assertThat(app.send(app.anonymous(POST, "/api/auth/refresh"), new JsonObject().put("refresh", pair.getString("refresh"))).statusCode())
            .isEqualTo(401);
        // the other sessions of the user go on
        assertThat(app.testRequest(GET, "/api/suppliers/", null).statusCode()).isEqualTo(200);
      } finally {
        fresh.close();
      }
    }
  }

  private static HttpResponse<Buffer> get(WebClient client, String token) {
    return RunningOrderly.await(client.get("/api/suppliers/").putHeader("Authorization", "Bearer " + token).send());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void refreshPasswordChangeAndSessionsOverHttp(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      String token = app.user("walter", PASSWORD, new JsonObject().put("permissions", new JsonArray().add("suppliers.add").add("suppliers.view")));
      JsonObject pair = app.login("walter", PASSWORD);
      HttpResponse<Buffer> bad = app.send(app.anonymous(POST, "/api/auth/login"), new JsonObject().put("username", "walter").put("password", "nope-nope"));
      HttpResponse<Buffer> nobody = app.send(app.anonymous(POST, "/api/auth/login"), new JsonObject().put("username", "nobody").put("password", "nope-nope"));
      assertThat(bad.statusCode()).isEqualTo(401);
      assertThat(bad.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(json(bad)).isEqualTo(json(nobody));

      HttpResponse<Buffer> rotated = app.send(app.anonymous(POST, "/api/auth/refresh/"), new JsonObject().put("refresh", pair.getString("refresh")));
      assertThat(rotated.statusCode()).isEqualTo(200);
      assertThat(json(rotated).fieldNames()).containsExactlyInAnyOrder("access", "refresh", "token_type", "expires_in");
      assertThat(app.send(app.anonymous(POST, "/api/auth/refresh"), new JsonObject().put("refresh", pair.getString("refresh"))).statusCode())
          .isEqualTo(401);
      assertThat(app.send(app.anonymous(POST, "/api/auth/refresh"), new JsonObject().put("refresh", json(rotated).getString("refresh")))
          .statusCode()).as("the family is revoked").isEqualTo(401);

      HttpResponse<Buffer> wrongOld = app.send(app.requestAs(token, POST, "/api/auth/password"),
          new JsonObject().put("old_password", "not-mine-at-all").put("new_password", "walter-new-Passw0rd"));
      assertThat(wrongOld.statusCode()).isEqualTo(400);
      assertThat(json(wrongOld).getJsonArray("old_password")).isNotEmpty();
      JsonObject other = app.login("walter", PASSWORD);
      assertThat(app.send(app.requestAs(token, POST, "/api/auth/password"),
          new JsonObject().put("old_password", PASSWORD).put("new_password", "walter-new-Passw0rd")).statusCode()).isEqualTo(204);
      assertThat(app.send(app.anonymous(POST, "/api/auth/refresh"), new JsonObject().put("refresh", other.getString("refresh"))).statusCode())
          .as("a password change revokes every refresh token").isEqualTo(401);

      HttpResponse<Buffer> session = app.send(app.anonymous(POST, "/api/auth/session"),
          new JsonObject().put("username", "walter").put("password", "walter-new-Passw0rd"));
      assertThat(session.statusCode()).isEqualTo(204);
      String sessionId = cookie(session, "sessionid");
      String csrf = cookie(session, "csrftoken");
      String cookies = "sessionid=" + sessionId + "; csrftoken=" + csrf;
      assertThat(app.send(app.anonymous(GET, "/api/suppliers/").putHeader("Cookie", cookies), null).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> noToken = app.send(app.anonymous(POST, "/api/suppliers/").putHeader("Cookie", cookies),
          new JsonObject().put("code", "SESS-1").put("name", "By session"));
      assertThat(noToken.statusCode()).isEqualTo(403);
      assertThat(json(noToken).getString("code")).isEqualTo("csrf_failed");
      assertThat(app.send(app.anonymous(POST, "/api/suppliers/").putHeader("Cookie", cookies).putHeader("X-CSRFToken", csrf),
          new JsonObject().put("code", "SESS-1").put("name", "By session")).statusCode()).isEqualTo(201);
      assertThat(app.send(app.anonymous(DELETE, "/api/auth/session").putHeader("Cookie", cookies).putHeader("X-CSRFToken", csrf), null)
          .statusCode()).isEqualTo(204);
      assertThat(app.send(app.anonymous(GET, "/api/suppliers/").putHeader("Cookie", cookies), null).statusCode()).isEqualTo(401);
    }
  }

  private static String cookie(HttpResponse<Buffer> response, String name) {
    for (String c : response.cookies()) {
      if (c.startsWith(name + "=")) return c.substring(name.length() + 1, c.indexOf(';'));
    }
    throw new AssertionError("no cookie " + name + " in " + response.cookies());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void staffManageUsersButOnlySuperusersGrantStaff(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      String staff = app.user("staffer", PASSWORD, new JsonObject().put("is_staff", true)
          .put("permissions", new JsonArray().add("users.view").add("users.change").add("users.add")));
      String plain = app.user("plain", PASSWORD, new JsonObject().put("permissions", new JsonArray().add("users.view")));
      long plainId = json(app.testRequest(GET, "/api/users/?username=plain", null, 200)).getJsonArray("results").getJsonObject(0).getLong("id");

      assertThat(app.send(app.requestAs(plain, GET, "/api/users/"), null).statusCode()).isEqualTo(403);
      assertThat(app.send(app.requestAs(staff, GET, "/api/users/"), null).statusCode()).isEqualTo(200);
      assertThat(app.send(app.requestAs(staff, GET, "/api/groups/"), null).statusCode()).isEqualTo(403);
      HttpResponse<Buffer> grant = app.send(app.requestAs(staff, PATCH, "/api/users/" + plainId + "/"), new JsonObject().put("is_staff", true));
      assertThat(grant.statusCode()).isEqualTo(403);
      assertThat(json(grant).getString("code")).isEqualTo("permission_denied");
      assertThat(app.send(app.requestAs(staff, PATCH, "/api/users/" + plainId + "/"), new JsonObject().put("first_name", "Pat")).statusCode())
          .isEqualTo(200);
      assertThat(app.testRequest(PATCH, "/api/users/" + plainId + "/", new JsonObject().put("is_staff", true), 200)).isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void theEntityServiceDropsAForgedCallerUnansweredAndWritesNothing(Db db, @TempDir Path dir) throws Exception {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      CompletableFuture<JsonObject> forgedEvent = new CompletableFuture<>();
      CompletableFuture<JsonObject> signedEvent = new CompletableFuture<>();
      RunningOrderly.await(app.vertx().eventBus().<JsonObject>consumer(Events.address("suppliers"), m -> {
        String code = m.body().getJsonObject("data").getString("code");
        (code.equals("FORGED") ? forgedEvent : signedEvent).complete(m.body());
      }).completion());
      String forged = Caller.SYSTEM.toJson().encode();
      ResourceRequest.Create forgedCreate = new ResourceRequest.Create("suppliers", new JsonObject().put("code", "FORGED").put("name", "F"));
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(1_000).addHeader(Actions.HEADER, forgedCreate.action())
          .addHeader(RequestContext.CALLER_HEADER, forged)
          .addHeader(CallerSigning.SIGNATURE_HEADER, CallerSigning.fromSecret("someone-else-0123456789-0123456789-0123456789-xyz").sign(forged));
      Throwable unanswered = RunningOrderly.awaitFailure(app.vertx().eventBus().request(ResourceClient.ENTITIES_ADDRESS, forgedCreate.toJson(), options));
      assertThat(unanswered).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) unanswered).failureType()).isEqualTo(ReplyFailure.TIMEOUT);
      RequestContext signed = new RequestContext("signed", Caller.SYSTEM, CallerSigning.fromSecret(app.settings().secretKey()));
      ResourceClient entities = new ResourceClient(app.vertx(), 10_000);
      RunningOrderly.await(entities.create("suppliers", new JsonObject().put("code", "SIGNED").put("name", "S"), signed));

      // the signed create came after the forged one: once its event is in, the forged one would have been too
      assertThat(signedEvent.get(10, TimeUnit.SECONDS).getJsonObject("actor")).isEqualTo(new JsonObject().put("id", 0L).put("username", "system"));
      assertThat(forgedEvent).isNotDone();
      ResourceReply found = RunningOrderly.await(entities.list(new ResourceRequest.ListPage("suppliers", new JsonObject().put("code", "FORGED"),
          "http://localhost/api/suppliers/"), signed));
      assertThat(found.json().getLong("count")).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void runDemoCreatesTheDemoSuperuserAndLoadsDataWithAuthenticationOn(Db db, @TempDir Path dir) {
    JsonObject overrides = db.overrides(dir).put("HTTP_PORT", String.valueOf(TestServices.freePort()));
    MainTest.Result r = null;
    try {
      r = MainTest.execute(Map.of(Main.DEMO_PASSWORD, "demo-Passw0rd-1"), concat(new String[] {"run", "--demo"}, Db.arguments(overrides)));
      assertThat(r.status()).as(r.err()).isZero();
      assertThat(r.out()).contains("Demo superuser 'admin' created").doesNotContain("demo-Passw0rd-1");
    } finally {
      if (r == null || r.status() != 0) db.cleanup(overrides);
    }
    try (RunningOrderly app = RunningOrderly.startOn(db, overrides.copy())) {
      String admin = app.login("admin", "demo-Passw0rd-1").getString("access");
      assertThat(json(app.send(app.requestAs(admin, GET, "/api/suppliers/"), null)).getLong("count")).isEqualTo(5L);
      JsonObject order = json(app.send(app.requestAs(admin, GET, "/api/purchase-orders/?page_size=1"), null)).getJsonArray("results").getJsonObject(0);
      assertThat(order.getLong("requested_by")).isEqualTo(0L);
    }
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
