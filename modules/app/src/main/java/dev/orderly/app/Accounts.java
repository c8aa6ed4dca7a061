package dev.orderly.app;

import dev.orderly.auth.AuthVerticle;
import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.NewSuperuser;
import dev.orderly.core.bus.AuthMessages.PasswordReset;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Migrations;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * User administration over the auth service's event-bus contract, as the node itself
 * ({@link Caller#SYSTEM}, signed with the node's key): the {@code createsuperuser} and
 * {@code changepassword} commands and the demo superuser of {@code run --demo}.
 */
final class Accounts {
  /** The demo superuser's name. */
  static final String DEMO_USERNAME = "admin";
  /** Its password when {@code ORDERLY_DEMO_PASSWORD} is not set; used only with DEBUG=true (documented in the README). */
  static final String DEMO_DEVELOPMENT_PASSWORD = "orderly-demo-admin";

  private final AuthClient auth;
  private final RequestContext system;

  Accounts(Vertx vertx, Settings settings) {
    this.auth = new AuthClient(vertx, Math.max(settings.requestTimeoutMs(), 30_000));
    this.system = new RequestContext("cli", Caller.SYSTEM, CallerSigning.fromSecret(settings.secretKey()));
  }

  /** Migrates the auth service's tables and deploys it (no HTTP), for a command that runs without a node. */
  static Future<Void> deployAuth(Vertx vertx, Settings settings, JsonObject raw) {
    return Migrations.migrate(vertx, settings, AuthVerticle.SERVICE)
        .compose(applied -> vertx.deployVerticle(new AuthVerticle(),
            new DeploymentOptions().setConfig(raw.copy().put(AuthVerticle.PUBLISH_EVENTS, false))))
        .mapEmpty();
  }

  Future<JsonObject> createSuperuser(String username, String email, String password) {
    return auth.createSuperuser(new NewSuperuser(username, email, password), system);
  }

  Future<Void> setPassword(String username, String password) {
    return auth.setPassword(new PasswordReset(username, password), system);
  }

  /**
   * Creates the demo superuser when there is no user at all; returns what to tell the person who started
   * the node, or null when nothing was done.
   */
  Future<String> ensureDemoSuperuser(Settings settings, String demoPassword) {
    return auth.countUsers(system).compose(users -> {
      if (users > 0) return Future.succeededFuture((String) null);
      String password = demoPassword != null && !demoPassword.isEmpty() ? demoPassword : settings.debug() ? DEMO_DEVELOPMENT_PASSWORD : null;
      if (password == null) {
        return Future.succeededFuture("Demo superuser not created: set ORDERLY_DEMO_PASSWORD (the development default applies only with DEBUG=true).");
      }
      String source = password.equals(demoPassword) ? "the value of ORDERLY_DEMO_PASSWORD" : "the development default given in the README";
      return createSuperuser(DEMO_USERNAME, "", password).map(user -> "Demo superuser '" + DEMO_USERNAME + "' created; its password is "
          + source + ". Log in with: curl -X POST http://localhost:" + settings.httpPort()
          + "/api/auth/login -H 'Content-Type: application/json' -d '{\"username\": \"" + DEMO_USERNAME + "\", \"password\": \"...\"}'");
    });
  }

  /** The messages of a failure, one line: field errors as {@code field: message}, else the detail. */
  static String explain(Throwable failure) {
    ServiceError error = Consumers.toServiceError(failure);
    JsonObject body = error.body();
    if (body.containsKey("detail")) return body.getString("detail");
    List<String> lines = new ArrayList<>();
    for (String field : body.fieldNames()) {
      Object v = body.getValue(field);
      if (v instanceof JsonArray messages) messages.forEach(m -> lines.add(field + ": " + m));
      else lines.add(field + ": " + v);
    }
    return String.join(" ", lines);
  }
}
