package dev.orderly.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The small pieces the gateway's own OpenAPI paths are written with ({@link FilePaths}, {@link AuthPaths}, {@link OpenApiDocument}). */
final class OpenApiParts {
  /** The component schema of every error body: {@code {"detail", "code", "request_id"?}}. */
  static final String ERROR = "Error";
  /** The component schema of a 400's {@code {field: [messages]}}. */
  static final String VALIDATION_ERROR = "ValidationError";

  /** The component parameter of the {@code Idempotency-Key} header of every authenticated write. */
  static final String IDEMPOTENCY_KEY = "IdempotencyKey";

  private OpenApiParts() {}

  /**
   * {@code Idempotency-Key}: 1–255 printable ASCII characters; the same key, user and request within
   * {@code IDEMPOTENCY_TTL_HOURS} replay the first response.
   */
  static JsonObject idempotencyKeyParameter() {
    return new JsonObject().put("name", "Idempotency-Key").put("in", "header").put("required", false)
        .put("description", "Makes the write safe to retry: the same key from the same user with the same request (method, path,"
            + " query, body; an upload's file and fields) within IDEMPOTENCY_TTL_HOURS (24 by default) replays the first"
            + " response (status, body, Location, ETag) with Idempotent-Replayed: true and writes nothing; another request under"
            + " the key is a 422 idempotency_key_reused. A write that failed stored nothing and runs again.")
        .put("schema", type("string").put("minLength", 1).put("maxLength", 255).put("pattern", "^[\\x20-\\x7E]+$"));
  }

  static JsonObject ref(String schema) {
    return new JsonObject().put("$ref", "#/components/schemas/" + schema);
  }

  /** A response or request body's {@code content} of JSON with this schema. */
  static JsonObject json(JsonObject schema) {
    return new JsonObject().put("application/json", new JsonObject().put("schema", schema));
  }

  /** A response with this description and a JSON body of this schema (null: no body). */
  static JsonObject response(String description, JsonObject schema) {
    JsonObject response = new JsonObject().put("description", description);
    return schema == null ? response : response.put("content", json(schema));
  }

  /** An error response: {@link #ERROR}'s body. */
  static JsonObject error(String description) {
    return response(description, ref(ERROR));
  }

  static JsonObject type(String type) {
    return new JsonObject().put("type", type);
  }

  static JsonObject nullable(String type) {
    return new JsonObject().put("type", new JsonArray().add(type).add("null"));
  }

  static JsonObject binary() {
    return type("string").put("format", "binary");
  }

  static JsonObject query(String name, String type) {
    return new JsonObject().put("name", name).put("in", "query").put("required", false).put("schema", type(type));
  }

  /** {@code [{"name": "id", "in": "path", ...}]}: a record id. */
  static JsonArray idParameter() {
    return new JsonArray().add(new JsonObject().put("name", "id").put("in", "path").put("required", true).put("schema", type("integer")));
  }
}
