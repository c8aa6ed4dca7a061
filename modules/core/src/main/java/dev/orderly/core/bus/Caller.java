package dev.orderly.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * Who sent a request: set by the gateway after authentication and carried in the
 * {@link RequestContext#CALLER_HEADER} header. {@link #ANONYMOUS} until someone authenticates.
 */
public record Caller(Long id, String username) {
  public static final Caller ANONYMOUS = new Caller(null, null);

  public boolean anonymous() {
    return id == null;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("username", username);
  }

  public static Caller fromJson(JsonObject json) {
    return json == null ? ANONYMOUS : new Caller(json.getLong("id"), json.getString("username"));
  }
}
