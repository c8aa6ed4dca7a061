package dev.orderly.gateway;

import static dev.orderly.gateway.OpenApiParts.error;
import static dev.orderly.gateway.OpenApiParts.type;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The OpenAPI path of {@code GET /api/events}: the change events of some resources as Server-Sent Events ({@link EventStreams}). */
final class EventPaths {
  private EventPaths() {}

  static JsonObject all() {
    JsonArray parameters = new JsonArray()
        .add(new JsonObject().put("name", "resources").put("in", "query").put("required", true)
            .put("description", "Comma-separated resources of one service, e.g. purchase-orders,products")
            .put("schema", type("string")))
        .add(new JsonObject().put("name", "since").put("in", "query").put("required", false)
            .put("description", "Resume after this event id (Last-Event-ID wins when both are sent)")
            .put("schema", type("integer")))
        .add(new JsonObject().put("name", "Last-Event-ID").put("in", "header").put("required", false)
            .put("schema", type("integer")));
    JsonObject responses = new JsonObject()
        .put("200", new JsonObject().put("description", "id: <event_id>, event: <type>, data: <the event JSON>; a ': ping' comment every"
            + " 15 s; event: reset when the resume point is past retention")
            .put("content", new JsonObject().put("text/event-stream", new JsonObject().put("schema", type("string")))))
        .put("400", error("Unknown, missing or mixed resources"))
        .put("401", error("Not authenticated"))
        .put("403", error("No view permission on a resource"))
        .put("429", error("Throttled"))
        .put("503", error("SSE_MAX_CLIENTS streams open on this node"));
    return new JsonObject().put(EventStreams.PATH, new JsonObject().put("get", new JsonObject()
        .put("summary", "Change events as Server-Sent Events").put("operationId", "events").put("tags", new JsonArray().add("events"))
        .put("parameters", parameters).put("responses", responses)));
  }
}
