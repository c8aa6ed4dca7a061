package dev.orderly.core.bus;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A request for one CRUD action on a resource, as it crosses the event bus to the service that owns
 * the resource ({@link ResourceClient#addressOf}): the body is {@link #toJson()}, the {@code action}
 * header {@link #action()}. Services read it back with {@link #fromJson(String, JsonObject)}. The file passes
 * 300 lines because the sealed interface and its ten records are one contract, read (and changed) together.
 */
public sealed interface ResourceRequest extends BusMessage {
  String LIST = "list";
  String GET = "get";
  String CREATE = "create";
  String UPDATE = "update";
  String DELETE = "delete";
  String TRANSITION = "transition";
  String HISTORY = "history";
  String ROWS = "rows";
  String IMPORT = "import";
  String DESCRIBE = "describe";

  /** The resource's URL name, e.g. {@code purchase-orders}. */
  String resource();

  /** The {@code action} header of this request. */
  String action();

  JsonObject toJson();

  /** The permission action the request needs on its resource: view, add, change or delete. */
  String permission();

  /** Runs this request on {@code service}, the action it names. */
  Future<ResourceReply> runOn(ResourceService service, RequestContext context);

  /** The request an action header and body describe; null for an action that is not a CRUD action. */
  static ResourceRequest fromJson(String action, JsonObject json) {
    JsonObject body = json == null ? new JsonObject() : json;
    return switch (action) {
      case LIST -> ListPage.fromJson(body);
      case GET -> Get.fromJson(body);
      case CREATE -> Create.fromJson(body);
      case UPDATE -> Update.fromJson(body);
      case DELETE -> Delete.fromJson(body);
      case TRANSITION -> Transition.fromJson(body);
      case HISTORY -> History.fromJson(body);
      case ROWS -> Rows.fromJson(body);
      case IMPORT -> Import.fromJson(body);
      case DESCRIBE -> Describe.fromJson(body);
      default -> null;
    };
  }

  private static String resourceOf(JsonObject body) {
    return body.getString("resource", "");
  }

  private static JsonObject objectOf(JsonObject body, String key) {
    JsonObject value = body.getJsonObject(key);
    return value == null ? new JsonObject() : value;
  }

  /**
   * One page of the list.
   *
   * @param params the list parameters, {@code {name: [values...]}}
   * @param url    the absolute URL of the list request, for {@code next}/{@code previous}
   */
  record ListPage(String resource, JsonObject params, String url) implements ResourceRequest {
    public String permission() {
      return "view";
    }

    public String action() {
      return LIST;
    }

    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("params", params).put("url", url);
    }

    public Future<ResourceReply> runOn(ResourceService service, RequestContext context) {
      return service.list(this, context);
    }

    public static ListPage fromJson(JsonObject body) {
      return new ListPage(resourceOf(body), objectOf(body, "params"), body.getString("url"));
    }
  }

  /** One record; {@code id} as the client wrote it (anything but a positive integer is not found). */
  record Get(String resource, String id, JsonObject params) implements ResourceRequest {
    public String permission() {
      return "view";
    }

    public String action() {
      return GET;
    }

    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("id", id).put("params", params);
    }

    public Future<ResourceReply> runOn(ResourceService service, RequestContext context) {
      return service.get(this, context);
    }

    public static Get fromJson(JsonObject body) {
      return new Get(resourceOf(body), String.valueOf(body.getValue("id")), objectOf(body, "params"));
    }
  }

  record Create(String resource, JsonObject data) implements ResourceRequest {
    public String permission() {
      return "add";
    }

    public String action() {
      return CREATE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("data", data);
    }

    public Future<ResourceReply> runOn(ResourceService service, RequestContext context) {
      return service.create(this, context);
    }

    public static Create fromJson(JsonObject body) {
      return new Create(resourceOf(body), objectOf(body, "data"));
    }
  }

  /**
   * @param partial true for PATCH (only the fields sent), false for PUT
   * @param ifMatch the raw {@code If-Match} header, or null
   */
  record Update(String resource, String id, JsonObject data, boolean partial, String ifMatch) implements ResourceRequest {
    public String permission() {
      return "change";
    }

    public String action() {
      return UPDATE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("id", id).put("data", data).put("partial", partial)
          .put("if_match", ifMatch);
    }

    public Future<ResourceReply> runOn(ResourceService service, RequestContext context) {
      return service.update(this, context);
    }

    public static Update fromJson(JsonObject body) {
      return new Update(resourceOf(body), String.valueOf(body.getValue("id")), objectOf(body, "data"),
          body.getBoolean("partial", false), body.getString("if_match"));
    }
  }

  /** @param ifMatch the raw {@code If-Match} header, or null */
  record Delete(String resource, String id, String ifMatch) implements ResourceRequest {
    public String permission() {
      return "delete";
    }

    public String action() {
      return DELETE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("id", id).put("if_match", ifMatch);
    }

    public Future<ResourceReply> runOn(ResourceService service, RequestContext context) {
      return service.delete(this, context);
    }

    public static Delete fromJson(JsonObject body) {
      return new Delete(resourceOf(body), String.valueOf(body.getValue("id")), body.getString("if_match"));
    }
  }

  /**
   * A workflow transition of one record (purchase orders: submit, approve, reject, cancel).
   *
   * @param transition the transition's name, as in the URL
   * @param comment    the body's {@code comment}, or null
   * @param ifMatch    the raw {@code If-Match} header, or null
   */
  record Transition(String resource, String id, String transition, String comment, String ifMatch) implements ResourceRequest {
    public String permission() {
      return "change";
    }

    public String action() {
      return TRANSITION;
    }

    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("id", id).put("transition", transition).put("comment", comment)
          .put("if_match", ifMatch);
    }

    public Future<ResourceReply> runOn(ResourceService service, RequestContext context) {
      return service.transition(this, context);
    }

    public static Transition fromJson(JsonObject body) {
      Object comment = body.getValue("comment");
      return new Transition(resourceOf(body), String.valueOf(body.getValue("id")), body.getString("transition", ""),
          comment == null ? null : comment.toString(), body.getString("if_match"));
    }
  }

  /** The audit trail of one record, oldest first. */
  record History(String resource, String id) implements ResourceRequest {
    public String permission() {
      return "view";
    }

    public String action() {
      return HISTORY;
    }

    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("id", id);
    }

    public Future<ResourceReply> runOn(ResourceService service, RequestContext context) {
      return service.history(this, context);
    }

    public static History fromJson(JsonObject body) {
      return new History(resourceOf(body), String.valueOf(body.getValue("id")));
    }
  }

  /**
   * One keyset page of the filtered, ordered list as export rows ({@link RowsPage}): the list parameters of
   * {@link ListPage} (filters, {@code search}, {@code ordering}, {@code fields}; paging ignored), the rows
   * after {@code after} (the {@link RowsPage#after()} of the previous page, null for the first), at most
   * {@code limit} of them. Pages never overlap or skip a row that stayed put, whatever the ordering.
   */
  record Rows(String resource, JsonObject params, JsonArray after, int limit) implements ResourceRequest {
    /** Rows per page unless asked otherwise; also the most a page holds. */
    public static final int MAX_LIMIT = 5000;

    public String permission() {
      return "export";
    }

    public String action() {
      return ROWS;
    }

    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("params", params).put("after", after).put("limit", limit);
    }

    public Future<ResourceReply> runOn(ResourceService service, RequestContext context) {
      return service.rows(this, context);
    }

    public static Rows fromJson(JsonObject body) {
      int limit = body.getInteger("limit", MAX_LIMIT);
      return new Rows(resourceOf(body), objectOf(body, "params"), body.getJsonArray("after"),
          Math.max(1, Math.min(MAX_LIMIT, limit)));
    }
  }

  /**
   * An import of parsed rows, all or nothing: the service pulls them from the {@link BusStream} at
   * {@code stream}, as lines of {@link ImportRow} JSON, validates each as the API would and writes them in one
   * transaction, or nothing when any row has an error or {@code dryRun}. Reply: API.md's import summary
   * {@code {created, updated, unchanged, errors: [{row, field, message}], dry_run}}, 400 when it has errors.
   */
  record Import(String resource, String stream, boolean dryRun) implements ResourceRequest {
    public String permission() {
      return "import";
    }

    public String action() {
      return IMPORT;
    }

    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("stream", stream).put("dry_run", dryRun);
    }

    public Future<ResourceReply> runOn(ResourceService service, RequestContext context) {
      return service.importRows(this, context);
    }

    public static Import fromJson(JsonObject body) {
      return new Import(resourceOf(body), body.getString("stream", ""), body.getBoolean("dry_run", false));
    }
  }

  /**
   * What the resource's definition says of it for an {@code OPTIONS} request, as DRF's {@code SimpleMetadata}
   * renders a serializer: {@code {"name": "Purchase Order", "singular", "plural", "fields": {name: {type, required,
   * read_only, label, ...}}}} ({@link dev.orderly.core.resource.openapi.SimpleMetadata}).
   */
  record Describe(String resource) implements ResourceRequest {
    public String permission() {
      return "view";
    }

    public String action() {
      return DESCRIBE;
    }

    public JsonObject toJson() {
      return new JsonObject().put("resource", resource);
    }

    public Future<ResourceReply> runOn(ResourceService service, RequestContext context) {
      return service.describe(this, context);
    }

    public static Describe fromJson(JsonObject body) {
      return new Describe(resourceOf(body));
    }
  }
}
