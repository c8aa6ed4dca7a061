package dev.orderly.export;

import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * Checks the record an upload is for, asking the service that owns its resource (the export service keeps no
 * list of resources). In this order, each step only once the previous passed:
 * <ol>
 *   <li>the form: {@code resource} a resource name and {@code record_id} a positive integer (both errors at once);
 *   <li>the owner: the record is fetched; when it is not found, a one-row list tells an unknown resource from
 *       a missing record;
 *   <li>an unknown resource: 400 on {@code resource};
 *   <li>{@code change} on the resource ({@link Access}), else 403 (before saying whether the record exists: a caller who may
 *       not change the resource learns nothing of its records);
 *   <li>a missing record: 400 on {@code record_id}.
 * </ol>
 */
final class AttachmentTargets {
  /** The record an attachment belongs to. */
  record Target(String resource, long recordId) {}

  /** What the owner knows: the record, only its resource, or neither. */
  private enum Known { RECORD, RESOURCE, NOTHING }

  static final String RESOURCE = "resource";
  static final String RECORD_ID = "record_id";
  /** URL names: lower case, digits and hyphens (a table name is its URL name with underscores, so it maps back). */
  static final Pattern RESOURCE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final long MAX_ID = Integer.MAX_VALUE;

  private final ResourceService owners;

  AttachmentTargets(ResourceService owners) {
    this.owners = owners;
  }

  /** The field's value among the fields before the file, else among the trailers; null when absent. */
  static String field(JsonObject fields, MultiMap trailers, String name) {
    Object value = fields.getValue(name);
    if (value != null) return String.valueOf(value);
    return trailers == null ? null : trailers.get(name);
  }

  /** Whether both fields came before the file, so that the record can be checked before it is received. */
  static boolean complete(JsonObject fields) {
    return fields.getValue(RESOURCE) != null && fields.getValue(RECORD_ID) != null;
  }

  /** The target, once the caller may attach a file to it; else the first failure of the order above. */
  Future<Target> check(String resource, String recordId, RequestContext context) {
    JsonObject errors = new JsonObject();
    String resourceError = resourceError(resource);
    if (resourceError != null) errors.put(RESOURCE, new JsonArray().add(resourceError));
    String idError = idError(recordId);
    if (idError != null) errors.put(RECORD_ID, new JsonArray().add(idError));
    if (!errors.isEmpty()) return Future.failedFuture(ServiceError.validation(errors));
    String id = String.valueOf(Long.parseLong(recordId));
    return known(resource, id, context).compose(known -> {
      if (known == Known.NOTHING) return Future.failedFuture(ServiceError.invalid(RESOURCE, "\"" + resource + "\" is not a valid choice."));
      return Access.require(context, resource, Permissions.CHANGE).compose(allowed -> known == Known.RESOURCE
          ? Future.failedFuture(doesNotExist(id)) : Future.succeededFuture(new Target(resource, Long.parseLong(id))));
    });
  }

  /** What the owner knows: the record is asked for and, when it is not found, one row of its resource's list. */
  private Future<Known> known(String resource, String id, RequestContext context) {
    ResourceRequest anyRow = new ResourceRequest.ListPage(resource, new JsonObject().put("page_size", new JsonArray().add("1")), null);
    return found(new ResourceRequest.Get(resource, id, new JsonObject()), context).compose(record -> record
        ? Future.succeededFuture(Known.RECORD) : found(anyRow, context).map(list -> list ? Known.RESOURCE : Known.NOTHING));
  }

  /** Whether the record still exists (asked again once the attachment is stored, see {@link Attachments}). */
  Future<Boolean> exists(Target target, RequestContext context) {
    return found(new ResourceRequest.Get(target.resource(), String.valueOf(target.recordId()), new JsonObject()), context);
  }

  static ServiceError doesNotExist(String recordId) {
    return ServiceError.invalid(RECORD_ID, "Invalid pk \"" + recordId + "\" - object does not exist.");
  }

  /** True when the owner answered, false when it said 404; its other failures as they came (an absent owner: 503). */
  private Future<Boolean> found(ResourceRequest request, RequestContext context) {
    return owners.handle(request, context).map(reply -> true).recover(e -> {
      if (e instanceof ReplyException re && (re.failureType() == ReplyFailure.NO_HANDLERS || re.failureType() == ReplyFailure.TIMEOUT)) {
        return Future.failedFuture(ServiceError.unavailable("The service of " + request.resource() + " is not available."));
      }
      ServiceError error = Consumers.toServiceError(e);
      return error.status() == 404 ? Future.succeededFuture(false) : Future.failedFuture(error);
    });
  }

  private static String resourceError(String resource) {
    if (resource == null || resource.isBlank()) return "This field is required.";
    if (resource.indexOf('\0') >= 0) return "Null characters are not allowed.";
    return RESOURCE_NAME.matcher(resource).matches() ? null : "\"" + resource + "\" is not a valid choice.";
  }

  private static String idError(String id) {
    if (id == null || id.isBlank()) return "This field is required.";
    if (id.indexOf('\0') >= 0) return "Null characters are not allowed.";
    if (!id.chars().allMatch(c -> c >= '0' && c <= '9')) return "A valid integer is required.";
    if (id.length() > 10 || Long.parseLong(id) > MAX_ID) return "Ensure this value is less than or equal to " + MAX_ID + ".";
    return null;
  }
}
