package dev.orderly.auth;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.BusMessage;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Database;
import dev.orderly.core.security.JwtTokens;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.ResourceCalls;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;

/** An auth service on its own Vert.x and a fresh database, with clients, signed callers and raw SQL. */
final class AuthNode implements AutoCloseable {
  /** Fast hashing for tests that do not test the iteration count. */
  static final int FAST_ITERATIONS = 1000;

  final Db db;
  final JsonObject overrides;
  final Vertx vertx;
  final Settings settings;
  final AuthClient auth;
  final ResourceCalls resources;
  final CallerSigning signing;
  final JwtTokens tokens;
  final Pool sql;

  private AuthNode(Db db, JsonObject overrides, Vertx vertx, Settings settings) {
    this.db = db;
    this.overrides = overrides;
    this.vertx = vertx;
    this.settings = settings;
    this.auth = new AuthClient(vertx, 20_000);
    this.resources = new ResourceCalls(vertx, 20_000);
    this.signing = CallerSigning.fromSecret(settings.secretKey());
    this.tokens = JwtTokens.create(vertx, settings).await();
    this.sql = Database.pool(vertx, settings, "auth-test");
  }

  static AuthNode start(Db db, Path dir, int iterations) {
    return start(db, dir, iterations, new JsonObject());
  }

  static AuthNode start(Db db, Path dir, int iterations, JsonObject extra) {
    JsonObject overrides = db.overrides(dir).mergeIn(extra);
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = ConfigLoader.load(vertx, ConfigLoader.Sources.only(overrides)).await();
      AuthVerticle.passwordIterations = iterations;
      try {
        vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)).await();
      } finally {
        AuthVerticle.passwordIterations = Passwords.ITERATIONS;
      }
      return new AuthNode(db, overrides, vertx, Settings.from(config));
    } catch (RuntimeException e) {
      vertx.close().await();
      db.cleanup(overrides);
      throw e;
    }
  }

  RequestContext as(Caller caller) {
    return new RequestContext("test-" + System.nanoTime(), caller, signing);
  }

  RequestContext system() {
    return as(Caller.SYSTEM);
  }

  RequestContext anonymous() {
    return RequestContext.anonymous("test-anon", signing);
  }

  /** A reply body as JSON (rendered buffers too), or the failure as status and body. */
  record Result(int status, JsonObject body) {}

  /** The outcome of a raw bus request ({@code Message}) or of a resource call ({@code ResourceReply}). */
  static Result await(Future<?> reply) {
    try {
      Object answer = reply.await();
      Object body = answer == null ? new JsonObject() : answer instanceof BusMessage m ? m.toJson()
          : answer instanceof ResourceReply r ? r.body() : answer instanceof Message<?> m ? m.body() : answer;
      JsonObject json = body instanceof Buffer b ? (b.length() == 0 ? new JsonObject() : b.toJsonObject()) : (JsonObject) body;
      return new Result(200, json);
    } catch (Exception e) {
      ServiceError error = Consumers.toServiceError(e);
      return new Result(error.status(), error.body());
    }
  }

  /** Creates a user through the engine as the system caller; returns its record. */
  JsonObject user(JsonObject data) {
    Result r = await(resources.create("users", data, system()));
    if (r.status() != 200) throw new AssertionError("creating user: " + r);
    return r.body();
  }

  /** The caller a gateway would make of {@code user}: its principal, signed. */
  RequestContext callerOf(long userId) {
    JsonObject p = auth.principal(userId, anonymous()).await().toJson();
    java.util.Set<String> perms = new java.util.TreeSet<>();
    p.getJsonArray("permissions").forEach(x -> perms.add((String) x));
    return as(new Caller(p.getLong("id"), p.getString("username"), p.getBoolean("is_staff"), p.getBoolean("is_superuser"), perms));
  }

  @Override
  public void close() {
    try {
      vertx.close().await();
    } finally {
      db.cleanup(overrides);
    }
  }
}
