package dev.orderly.gateway;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.PrincipalRequest;
import dev.orderly.core.bus.AuthMessages.Revocation;
import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the auth service on {@link AuthClient#ADDRESS}: principals of known users, a denylist that
 * logout and revoke add to (and publish, as the real one does), canned answers for the rest.
 */
final class FakeAuth {
  static final long SUPERUSER = 1;
  private static final Map<Vertx, FakeAuth> REGISTERED = new WeakHashMap<>();

  final Map<Long, JsonObject> principals = new ConcurrentHashMap<>();
  final JsonArray revoked = new JsonArray();
  final List<Message<JsonObject>> received = new CopyOnWriteArrayList<>();
  private final Vertx vertx;
  private final Map<String, JsonObject> answers = new ConcurrentHashMap<>();

  private FakeAuth(Vertx vertx) {
    this.vertx = vertx;
    user(SUPERUSER, "admin", true, true);
  }

  /** The fake of {@code vertx}, registered on first use. */
  static synchronized FakeAuth on(Vertx vertx) {
    FakeAuth known = REGISTERED.get(vertx);
    if (known != null) return known;
    FakeAuth auth = new FakeAuth(vertx);
    vertx.eventBus().<JsonObject>consumer(AuthClient.ADDRESS, auth::answer).completion().await();
    REGISTERED.put(vertx, auth);
    return auth;
  }

  /** Adds (or replaces) an active user with these permissions. */
  JsonObject user(long id, String username, boolean staff, boolean superuser, String... permissions) {
    JsonObject p = new JsonObject().put("id", id).put("username", username).put("is_active", true).put("is_staff", staff)
        .put("is_superuser", superuser).put("permissions", new JsonArray(List.of((Object[]) permissions)));
    principals.put(id, p);
    return p;
  }

  /** What {@code action} answers from now on (login, session_login, me, ...). */
  void answers(String action, JsonObject body) {
    answers.put(action, body);
  }

  private void answer(Message<JsonObject> msg) {
    received.add(msg);
    String action = msg.headers().get(Actions.HEADER);
    switch (action) {
      case AuthClient.PRINCIPAL -> {
        JsonObject p = principals.get(PrincipalRequest.fromJson(msg.body()).userId());
        if (p == null) msg.fail(404, new JsonObject().put("detail", "Not found.").put("code", "not_found").encode());
        else msg.reply(p);
      }
      case AuthClient.PING -> msg.reply(answers.getOrDefault(action, new JsonObject().put("status", "UP")));
      case AuthClient.REVOKED -> msg.reply(new JsonObject().put("revoked", revoked.copy()));
      case AuthClient.LOGOUT, AuthClient.REVOKE -> {
        JsonObject denied = Revocation.fromJson(msg.body()).toJson();
        revoked.add(denied);
        BusEvents.publish(vertx, TestServices.SIGNING, AuthClient.REVOKED_ADDRESS, denied);
        msg.reply(new JsonObject());
      }
      case "list", "get", "create", "update", "delete", "transition", "history" -> msg.reply(io.vertx.core.buffer.Buffer.buffer("{}"));
      // a resource reply is a rendered buffer
      case "describe" -> msg.reply(answers.getOrDefault(action, new JsonObject()).toBuffer());
      default -> msg.reply(answers.getOrDefault(action, new JsonObject()));
    }
  }
}
