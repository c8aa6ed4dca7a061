package dev.orderly.gateway;

import static dev.orderly.gateway.OpenApiParts.binary;
import static dev.orderly.gateway.OpenApiParts.idParameter;
import static dev.orderly.gateway.OpenApiParts.json;
import static dev.orderly.gateway.OpenApiParts.nullable;
import static dev.orderly.gateway.OpenApiParts.query;
import static dev.orderly.gateway.OpenApiParts.type;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The OpenAPI paths of the export service's routes that belong to no resource: export jobs and attachments
 * (each resource's own export and import paths come with its definition).
 */
final class FilePaths {
  private FilePaths() {}

  static JsonObject all() {
    JsonObject job = object().put("properties", new JsonObject()
        .put("id", type("integer")).put("resource", type("string")).put("format", type("string"))
        .put("status", type("string").put("enum", new JsonArray().add("queued").add("running").add("done").add("failed")))
        .put("rows", type("integer")).put("progress", type("integer").put("description", "a percentage"))
        .put("error", nullable("string")).put("download_url", nullable("string").put("format", "uri"))
        .put("created_at", type("string").put("format", "date-time")));
    JsonObject attachment = object().put("properties", new JsonObject()
        .put("id", type("integer")).put("resource", type("string")).put("record_id", type("integer")).put("filename", type("string"))
        .put("content_type", type("string")).put("size", type("integer")).put("sha256", type("string"))
        .put("uploaded_by", type("integer")).put("created_at", type("string").put("format", "date-time")));
    JsonObject submit = object().put("required", new JsonArray().add("resource")).put("properties", new JsonObject()
        .put("resource", type("string")).put("format", type("string").put("enum", new JsonArray().add("xlsx").add("csv")))
        .put("filters", object().put("description", "list parameters, {name: value or [values]}")));
    JsonObject upload = object().put("required", new JsonArray().add("file").add("resource").add("record_id")).put("properties",
        new JsonObject().put("file", binary()).put("resource", type("string")).put("record_id", type("integer")));
    JsonObject file = new JsonObject().put("application/octet-stream", new JsonObject().put("schema", binary()));
    return new JsonObject()
        .put("/api/exports/", new JsonObject().put("post", op("exports_create", "Queue an export job (export permission on the resource)",
            new JsonArray(), json(submit), "202", json(job))))
        .put("/api/exports/{id}/", new JsonObject().put("get", op("exports_retrieve", "An export job: the requester's, or any for staff",
            idParameter(), null, "200", json(job))))
        .put("/api/exports/{id}/download", new JsonObject().put("get", op("exports_download", "The file of a finished job",
            idParameter(), null, "200", file)))
        .put("/api/attachments/", new JsonObject()
            .put("get", op("attachments_list", "Attachments of the records the caller may view (filters: resource, record_id)",
                new JsonArray().add(query("resource", "string")).add(query("record_id", "integer")).add(query("page", "integer"))
                    .add(query("page_size", "integer")), null, "200", json(object())))
            .put("post", op("attachments_create", "Attach a file to a record (change permission on its resource; MAX_UPLOAD_SIZE)",
                new JsonArray(), new JsonObject().put("multipart/form-data", new JsonObject().put("schema", upload)), "201",
                json(attachment))))
        .put("/api/attachments/{id}/", new JsonObject().put("get", op("attachments_retrieve", "One attachment", idParameter(), null, "200",
            json(attachment))))
        .put("/api/attachments/{id}/download", new JsonObject().put("get", op("attachments_download",
            "The file, as an attachment (never shown inline)", idParameter(), null, "200", file)));
  }

  private static JsonObject op(String id, String summary, JsonArray parameters, JsonObject body, String status, JsonObject content) {
    JsonObject error = json(OpenApiParts.ref(OpenApiParts.ERROR));
    JsonObject op = new JsonObject().put("operationId", id).put("summary", summary).put("tags", new JsonArray().add("files"))
        .put("parameters", parameters);
    if (body != null) op.put("requestBody", new JsonObject().put("required", true).put("content", body));
    return op.put("responses", new JsonObject()
        .put(status, new JsonObject().put("description", "Success").put("content", content))
        .put("400", new JsonObject().put("description", "Invalid request").put("content", error))
        .put("401", new JsonObject().put("description", "Not authenticated").put("content", error))
        .put("403", new JsonObject().put("description", "Permission denied").put("content", error))
        .put("404", new JsonObject().put("description", "Not found, or not the caller's").put("content", error))
        .put("413", new JsonObject().put("description", "Too large").put("content", error))
        .put("429", new JsonObject().put("description", "Throttled").put("content", error))
        .put("503", new JsonObject().put("description", "The export service is unavailable").put("content", error)));
  }

  private static JsonObject object() {
    return type("object");
  }
}
