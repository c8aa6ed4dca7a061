package dev.orderly.core.resource.openapi;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.Lookup;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.model.Workflow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The OpenAPI 3.1 paths and schemas of a service's resources, generated from the same definitions
 * that validate and store them: the CRUD routes and the history of every resource, and the transitions
 * of a resource with a workflow. A service answers its fragment over the event bus; the gateway
 * merges the fragments into {@code /api/schema}.
 */
public final class OpenApiFragment {
  private static final String HISTORY_ENTRY = "HistoryEntry";

  private OpenApiFragment() {}

  /** {@code {"paths": {...}, "schemas": {...}}} for these resources. */
  public static JsonObject of(List<ResourceDef> resources) {
    JsonObject paths = new JsonObject();
    JsonObject schemas = new JsonObject().put(HISTORY_ENTRY, historyEntry());
    for (ResourceDef def : resources) {
      String name = schemaName(def);
      schemas.put(name, schema(def, false));
      schemas.put(name + "Write", schema(def, true));
      schemas.put(name + "Page", new JsonObject().put("type", "object")
          .put("required", new JsonArray().add("count").add("next").add("previous").add("results"))
          .put("properties", new JsonObject()
              .put("count", new JsonObject().put("type", "integer"))
              .put("next", new JsonObject().put("type", new JsonArray().add("string").add("null")).put("format", "uri"))
              .put("previous", new JsonObject().put("type", new JsonArray().add("string").add("null")).put("format", "uri"))
              .put("results", new JsonObject().put("type", "array").put("items", ref(name)))));
      String base = "/api/" + def.name() + "/";
      paths.put(base, new JsonObject()
          .put("get", operation(def, "list", "List " + def.name(), listParameters(def), null, "200", ref(name + "Page")))
          .put("post", operation(def, "create", "Create a " + def.singular(), new JsonArray(), ref(name + "Write"), "201", ref(name))));
      JsonArray idParam = new JsonArray().add(new JsonObject().put("name", "id").put("in", "path").put("required", true)
          .put("schema", new JsonObject().put("type", "integer")));
      JsonArray ifMatch = idParam.copy().add(new JsonObject().put("name", "If-Match").put("in", "header")
          .put("description", "\"<version>\": the write fails with 412 if the record changed").put("schema", new JsonObject().put("type", "string")));
      paths.put(base + "{id}/", new JsonObject()
          .put("get", operation(def, "retrieve", "One " + def.singular(), idParam.copy().add(fieldsParameter()), null, "200", ref(name)))
          .put("put", operation(def, "update", "Replace a " + def.singular(), ifMatch.copy(), ref(name + "Write"), "200", ref(name)))
          .put("patch", operation(def, "partial_update", "Change fields of a " + def.singular(), ifMatch.copy(), ref(name + "Write"), "200", ref(name)))
          .put("delete", operation(def, "destroy", "Delete a " + def.singular(), ifMatch.copy(), null, "204", null)));
      paths.put(base + "{id}/history/", new JsonObject().put("get", operation(def, "history",
          "The audit trail of a " + def.singular() + ", oldest first (a deleted one's: staff only)", idParam.copy(), null, "200",
          new JsonObject().put("type", "array").put("items", ref(HISTORY_ENTRY)))));
      paths.put(base + "export/", new JsonObject().put("get", exportOperation(def)));
      if (def.childrenField() == null) paths.put(base + "import/", new JsonObject().put("post", importOperation(def)));
      if (def.workflow() != null) {
        for (Workflow.Transition t : def.workflow().transitions().values()) {
          paths.put(base + "{id}/" + t.name() + "/", new JsonObject().put("post", transition(def, t, ifMatch.copy(), ref(name))));
        }
      }
    }
    return new JsonObject().put("paths", paths).put("schemas", schemas);
  }

  /** {@code GET /api/R/export}: the list's parameters plus {@code format}; the file, streamed. */
  private static JsonObject exportOperation(ResourceDef def) {
    JsonArray parameters = listParameters(def).copy();
    parameters.add(new JsonObject().put("name", "format").put("in", "query").put("required", false)
        .put("schema", new JsonObject().put("type", "string").put("enum", new JsonArray().add("xlsx").add("csv")).put("default", "xlsx")));
    JsonObject op = operation(def, "export", "The filtered list of " + def.name() + " as an XLSX or CSV file (columns: the list's fields,"
        + " or fields= in its order)", parameters, null, "200", null);
    op.getJsonObject("responses").getJsonObject("200").put("content", new JsonObject()
        .put("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", new JsonObject().put("schema", binary()))
        .put("text/csv", new JsonObject().put("schema", binary())));
    return op;
  }

  /** {@code POST /api/R/import}: multipart {@code file}; the summary, 400 with the same shape when a row has an error. */
  private static JsonObject importOperation(ResourceDef def) {
    JsonArray parameters = new JsonArray().add(new JsonObject().put("name", "dry_run").put("in", "query").put("required", false)
        .put("schema", new JsonObject().put("type", "boolean").put("default", false)));
    JsonObject summary = new JsonObject().put("type", "object").put("properties", new JsonObject()
        .put("created", new JsonObject().put("type", "integer")).put("updated", new JsonObject().put("type", "integer"))
        .put("unchanged", new JsonObject().put("type", "integer")).put("dry_run", new JsonObject().put("type", "boolean"))
        .put("errors", new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "object").put("properties",
            new JsonObject().put("row", new JsonObject().put("type", "integer")).put("field", new JsonObject().put("type", "string"))
                .put("message", new JsonObject().put("type", "string"))))));
    JsonObject op = operation(def, "import", "Create (no id) and update (id) " + def.name() + " from an XLSX or CSV file with the"
        + " export's columns: every row validated, all written or none", parameters, null, "200", summary);
    op.put("requestBody", new JsonObject().put("required", true).put("content", new JsonObject().put("multipart/form-data",
        new JsonObject().put("schema", new JsonObject().put("type", "object").put("required", new JsonArray().add("file"))
            .put("properties", new JsonObject().put("file", binary()))))));
    op.getJsonObject("responses").put("413", errorResponse("The file is larger than MAX_IMPORT_SIZE", "Error"));
    return op;
  }

  private static JsonObject binary() {
    return new JsonObject().put("type", "string").put("format", "binary");
  }

  /** {@code POST .../{id}/<transition>/}: body {@code {"comment"}}, required when the transition needs one. */
  private static JsonObject transition(ResourceDef def, Workflow.Transition t, JsonArray parameters, JsonObject record) {
    JsonObject body = new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("comment", new JsonObject().put("type", "string")
            .put("description", t.commentRequired() ? "Why (required, not blank)" : "Why (optional)")));
    if (t.commentRequired()) body.put("required", new JsonArray().add("comment"));
    String from = String.join(", ", t.from().stream().sorted().toList());
    JsonObject op = operation(def, t.name(), "Move a " + def.singular() + " from " + from + " to " + t.to(), parameters, body,
        "200", record);
    op.getJsonObject("requestBody").put("required", t.commentRequired());
    return op;
  }

  /** API.md's history entry: {@code {at, actor: {id, username}, action, from, to, comment, changes}}. */
  private static JsonObject historyEntry() {
    JsonObject nullableString = new JsonObject().put("type", new JsonArray().add("string").add("null"));
    JsonObject actor = new JsonObject().put("type", new JsonArray().add("object").add("null")).put("properties", new JsonObject()
        .put("id", new JsonObject().put("type", "integer")).put("username", new JsonObject().put("type", "string")));
    return new JsonObject().put("type", "object")
        .put("required", new JsonArray().add("at").add("actor").add("action").add("from").add("to").add("comment").add("changes"))
        .put("properties", new JsonObject()
            .put("at", new JsonObject().put("type", "string").put("format", "date-time"))
            .put("actor", actor)
            .put("action", new JsonObject().put("type", "string").put("enum", new JsonArray().add("created").add("updated")
                .add("deleted").add("submitted").add("approved").add("rejected").add("cancelled")))
            .put("from", nullableString.copy().put("description", "The status before a transition, else null"))
            .put("to", nullableString.copy().put("description", "The status after a transition, else null"))
            .put("comment", new JsonObject().put("type", "string"))
            .put("changes", new JsonObject().put("type", "object").put("description", "{field: [old, new]}")
                .put("additionalProperties", new JsonObject().put("type", "array").put("minItems", 2).put("maxItems", 2))));
  }

  private static JsonObject operation(ResourceDef def, String action, String summary, JsonArray parameters, JsonObject body,
                                      String status, JsonObject response) {
    JsonObject op = new JsonObject().put("operationId", def.table() + "_" + action).put("summary", summary)
        .put("tags", new JsonArray().add(def.name())).put("parameters", parameters);
    if (body != null) {
      op.put("requestBody", new JsonObject().put("required", true)
          .put("content", new JsonObject().put("application/json", new JsonObject().put("schema", body))));
    }
    JsonObject responses = new JsonObject();
    JsonObject ok = new JsonObject().put("description", "Success");
    if (response != null) ok.put("content", new JsonObject().put("application/json", new JsonObject().put("schema", response)));
    responses.put(status, ok);
    responses.put("400", errorResponse("Validation error: {field: [messages]}", "ValidationError"));
    responses.put("401", errorResponse("Not authenticated", "Error"));
    responses.put("403", errorResponse("Permission denied", "Error"));
    if (!action.equals("list") && !action.equals("create")) responses.put("404", errorResponse("Not found", "Error"));
    if (!List.of("list", "create", "retrieve", "history").contains(action)) {
      responses.put("409", errorResponse("Not allowed in the record's state, or still in use", "Error"));
      responses.put("412", errorResponse("If-Match does not match the current version", "Error"));
    }
    responses.put("429", errorResponse("Throttled", "Error"));
    responses.put("503", errorResponse("A backing service is unavailable", "Error"));
    return op.put("responses", responses);
  }

  private static JsonObject errorResponse(String description, String schema) {
    return new JsonObject().put("description", description)
        .put("content", new JsonObject().put("application/json", new JsonObject().put("schema", ref(schema))));
  }

  private static JsonArray listParameters(ResourceDef def) {
    JsonArray params = new JsonArray()
        .add(query("page", "integer", "Page number (1-based), or 'last'"))
        .add(query("page_size", "integer", "Records per page: default 50, at most 1000"))
        .add(query("ordering", "string", "Comma-separated fields, '-' for descending; id breaks ties"))
        .add(query("search", "string", "Case-insensitive terms over " + String.join(", ", def.search())))
        .add(fieldsParameter());
    for (Field f : def.fields().values()) {
      for (Lookup lookup : f.type().lookups()) {
        String name = lookup == Lookup.EXACT ? f.name() : f.name() + "__" + lookup.suffix();
        String type = lookup == Lookup.ISNULL ? "boolean" : lookup == Lookup.IN ? "string" : f.codec().schemaType();
        params.add(query(name, type, lookup == Lookup.IN ? "Comma-separated values" : null));
      }
    }
    return params;
  }

  private static JsonObject fieldsParameter() {
    return query("fields", "string", "Comma-separated fields to render");
  }

  private static JsonObject query(String name, String type, String description) {
    JsonObject p = new JsonObject().put("name", name).put("in", "query").put("required", false)
        .put("schema", new JsonObject().put("type", type));
    if (description != null) p.put("description", description);
    return p;
  }

  private static JsonObject schema(ResourceDef def, boolean write) {
    JsonObject properties = new JsonObject();
    JsonArray required = new JsonArray();
    for (Field f : def.fields().values()) {
      // a record never renders a write-only field (a password), nor takes a read-only one
      if (write ? f.isReadOnly() : !f.isReadable()) continue;
      properties.put(f.name(), f.codec().schema(f));
      if (write ? f.isRequired() : true) required.add(f.name());
    }
    return new JsonObject().put("type", "object").put("properties", properties).put("required", required);
  }

  private static JsonObject ref(String schema) {
    return new JsonObject().put("$ref", "#/components/schemas/" + schema);
  }

  /** {@code purchase-orders} → {@code PurchaseOrder}. */
  static String schemaName(ResourceDef def) {
    StringBuilder sb = new StringBuilder();
    for (String part : def.singular().split(" ")) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    return sb.toString();
  }
}
