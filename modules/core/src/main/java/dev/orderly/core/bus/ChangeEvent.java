package dev.orderly.core.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A change event, published on {@code orderly.events.<table>} ({@link Events#address}) after a write
 * commits: {@code {type, resource, id, version, actor, at, data}} as API.md describes it.
 *
 * @param type     {@code created}, {@code updated} or {@code deleted}
 * @param resource the URL name of the resource
 * @param actor    who made the change ({@link Caller#ANONYMOUS} renders as null)
 * @param data     the record after the change, or null for a delete
 */
public record ChangeEvent(String type, String resource, long id, Long version, Caller actor, Instant at, JsonObject data) implements BusMessage {
  public JsonObject toJson() {
    return new JsonObject().put("type", type).put("resource", resource).put("id", id).put("version", version)
        .put("actor", actor.anonymous() ? null : actor.actorJson()).put("at", at.toString()).put("data", data);
  }

  /** The event a published body describes; its actor carries only {@code id} and {@code username}. */
  public static ChangeEvent fromJson(JsonObject json) {
    JsonObject actor = json.getJsonObject("actor");
    return new ChangeEvent(json.getString("type"), json.getString("resource"), json.getLong("id"), json.getLong("version"),
        actor == null ? Caller.ANONYMOUS : new Caller(actor.getLong("id"), actor.getString("username")),
        Instant.parse(json.getString("at")), json.getJsonObject("data"));
  }
}
