package dev.orderly.core.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A change event: {@code {event_id, type, resource, id, version, actor, at, data}} as API.md describes it,
 * published on {@code orderly.events.<table>} ({@link Events#address}) once its write has committed, by
 * the service's relay from its change log (a transactional outbox). Delivery is at least once: after a
 * crash a subscriber may see an event twice, and dedupes by {@code event_id}.
 *
 * @param eventId  the event's number in its service's feed ({@link EventFeed}), increasing in commit order
 * @param type     {@code created}, {@code updated}, {@code deleted}, or a workflow event ({@code submitted}, ...)
 * @param resource the URL name of the resource
 * @param actor    who made the change ({@link Caller#ANONYMOUS} renders as null)
 * @param data     the record after the change, or null for a delete
 */
public record ChangeEvent(long eventId, String type, String resource, long id, Long version, Caller actor, Instant at, JsonObject data)
    implements BusMessage {
  public JsonObject toJson() {
    return new JsonObject().put("event_id", eventId).put("type", type).put("resource", resource).put("id", id).put("version", version)
        .put("actor", actor.anonymous() ? null : actor.actorJson()).put("at", at.toString()).put("data", data);
  }

  /** The event a published body describes; its actor carries only {@code id} and {@code username}. */
  public static ChangeEvent fromJson(JsonObject json) {
    JsonObject actor = json.getJsonObject("actor");
    return new ChangeEvent(json.getLong("event_id", 0L), json.getString("type"), json.getString("resource"), json.getLong("id"),
        json.getLong("version"), actor == null ? Caller.ANONYMOUS : new Caller(actor.getLong("id"), actor.getString("username")),
        Instant.parse(json.getString("at")), json.getJsonObject("data"));
  }
}
