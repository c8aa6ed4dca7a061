package dev.orderly.core.bus;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A request for one CRUD action on a resource, as it crosses the event bus to the service that owns
 * the resource ({@link ResourceClient#addressOf}): the body is {@link #toJson()}, the {@code action}
 * header {@link #action()}. Services read it back with {@link #fromJson(String, JsonObject)}.
 */
public sealed interface ResourceRequest extends BusMessage {
  String LIST = "list";
  String GET = "get";
  String CREATE = "create";
  String UPDATE = "update";
  String DELETE = "delete";
  String TRANSITION = "transition";
  String HISTORY = "history";

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
}
