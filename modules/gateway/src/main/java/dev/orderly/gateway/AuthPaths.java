package dev.orderly.gateway;

import static dev.orderly.gateway.OpenApiParts.error;
import static dev.orderly.gateway.OpenApiParts.ref;
import static dev.orderly.gateway.OpenApiParts.response;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import dev.orderly.core.bus.AuthMessages.Credentials;
import dev.orderly.core.bus.AuthMessages.Me;
import dev.orderly.core.bus.AuthMessages.PasswordChange;
import dev.orderly.core.bus.AuthMessages.Refresh;
import dev.orderly.core.bus.AuthMessages.TokenPair;
import dev.orderly.core.bus.BusMessage;
import dev.orderly.core.bus.MessageSchema;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI paths of the authentication routes ({@link AuthHandlers}), one row each. Their bodies are the auth
 * service's message records, described by {@link MessageSchema} and named by their simple names among the component
 * schemas, so the document shows what the routes carry. Which routes need no credentials (the logins) the
 * document reads from the route table, as for every route.
 */
final class AuthPaths {
  /** The records the routes take or answer. */
  static final List<Class<? extends BusMessage>> MESSAGES = List.of(Credentials.class, TokenPair.class, Refresh.class,
      PasswordChange.class, Me.class);
  private static final String CSRF = "CSRF check failed: a request authenticated by the " + Authentication.SESSION_COOKIE
      + " cookie must send " + Csrf.HEADER + " equal to the " + Csrf.COOKIE + " cookie";
  private static final String WRONG_CREDENTIALS = "Wrong credentials: the same answer whether the user exists or not";

  /**
   * One route: its body and reply records (null: none), what its {@code Set-Cookie} headers do (null: none), and the
   * refusals particular to it.
   */
  private record Row(HttpMethod method, String path, String operation, String summary, Class<? extends BusMessage> body, int status,
                     Class<? extends BusMessage> reply, String cookies, List<Refusal> refusals) {}

  private record Refusal(int status, String description) {}

  private static final List<Row> ROWS = List.of(
      new Row(POST, GatewayRouter.AUTH + "login", "auth_login", "Log in: an access token and a refresh token", Credentials.class,
          200, TokenPair.class, null, List.of(new Refusal(401, WRONG_CREDENTIALS))),
      new Row(POST, GatewayRouter.AUTH + "refresh", "auth_refresh", "A new pair; the refresh token sent is dead from then on"
          + " (reusing a rotated one revokes its whole family)", Refresh.class, 200, TokenPair.class, null,
          List.of(new Refusal(401, "The refresh token is invalid, expired or already used"))),
      new Row(POST, GatewayRouter.AUTH + "logout", "auth_logout", "Log out: that refresh token and the access token used stop"
          + " working at once, cluster-wide", Refresh.class, 204, null, "A session-authenticated logout clears both cookies",
          List.of(new Refusal(400, "refresh missing, or not the caller's valid refresh token: nothing is revoked"), new Refusal(403, CSRF))),
      new Row(GET, GatewayRouter.AUTH + "me", "auth_me", "The caller, with its groups and effective permissions", null, 200, Me.class,
          null, List.of()),
      new Row(POST, GatewayRouter.AUTH + "password", "auth_password", "Change the caller's password: every token of the user issued"
          + " before is refused from then on", PasswordChange.class, 204, null, null,
          List.of(new Refusal(400, "old_password is wrong, or new_password too weak (at least 8 characters, not all digits, not the"
              + " username)"), new Refusal(403, CSRF))),
      new Row(POST, GatewayRouter.AUTH + "session", "auth_session_login", "Log in a browser with a session cookie", Credentials.class,
          204, null, Authentication.SESSION_COOKIE + " (the session: HttpOnly, SameSite=Lax, Secure unless DEBUG) and " + Csrf.COOKIE
          + " (readable, for " + Csrf.HEADER + ")", List.of(new Refusal(401, WRONG_CREDENTIALS))),
      new Row(DELETE, GatewayRouter.AUTH + "session", "auth_session_logout", "End the session", null, 204, null,
          "Clears both cookies", List.of(new Refusal(403, CSRF))));

  private AuthPaths() {}

  /** The component schemas of {@link #MESSAGES}. */
  static JsonObject schemas() {
    JsonObject schemas = new JsonObject();
    MESSAGES.forEach(m -> schemas.put(m.getSimpleName(), MessageSchema.of(m)));
    return schemas;
  }

  static JsonObject all() {
    JsonObject paths = new JsonObject();
    for (Row row : ROWS) {
      JsonObject item = paths.getJsonObject(row.path());
      if (item == null) paths.put(row.path(), item = new JsonObject());
      item.put(row.method().name().toLowerCase(Locale.ROOT), operation(row));
    }
    return paths;
  }

  private static JsonObject operation(Row row) {
    JsonObject op = new JsonObject().put("operationId", row.operation()).put("summary", row.summary())
        .put("tags", new JsonArray().add("auth")).put("parameters", new JsonArray());
    if (row.body() != null) {
      op.put("requestBody", new JsonObject().put("required", true).put("content", OpenApiParts.json(ref(row.body().getSimpleName()))));
    }
    JsonObject success = response("Success", row.reply() == null ? null : ref(row.reply().getSimpleName()));
    if (row.cookies() != null) {
      success.put("headers", new JsonObject().put("Set-Cookie", new JsonObject().put("description", row.cookies())
          .put("schema", OpenApiParts.type("string"))));
    }
    JsonObject responses = new JsonObject().put(String.valueOf(row.status()), success);
    if (row.body() != null) responses.put("400", response("Validation error: {field: [messages]}", ref(OpenApiParts.VALIDATION_ERROR)));
    responses.put("401", error("Not authenticated"));
    for (Refusal refusal : row.refusals()) {
      String schema = refusal.status() == 400 ? OpenApiParts.VALIDATION_ERROR : OpenApiParts.ERROR;
      responses.put(String.valueOf(refusal.status()), response(refusal.description(), ref(schema)));
    }
    responses.put("429", error("Throttled (the login scope on the logins and refresh)"));
    responses.put("503", error("The auth service is unavailable"));
    return op.put("responses", responses);
  }
}
