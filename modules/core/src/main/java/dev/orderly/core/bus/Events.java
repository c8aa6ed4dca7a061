package dev.orderly.core.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Change events published on {@code orderly.events.<table>} after a write commits:
 * {@code {type, resource, id, version, actor, at, data}}.
 */
public final class Events {
  public static final String PREFIX = "orderly.events.";

  private Events() {}

  public static String address(String table) {
    return PREFIX + table;
  }

  public static JsonObject change(String type, String resource, long id, Long version, Caller actor, Instant at, JsonObject data) {
    return new JsonObject().put("type", type).put("resource", resource).put("id", id).put("version", version)
        .put("actor", actor.anonymous() ? null : actor.actorJson()).put("at", at.toString()).put("data", data);
  }
}
