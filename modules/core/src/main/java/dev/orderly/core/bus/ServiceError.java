package dev.orderly.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A failure a service reports to its caller: an HTTP-like status and the exact error body of API.md.
 * It crosses the event bus as {@code msg.fail(status, body.encode())}; the gateway turns it back
 * into a response without looking inside.
 */
public final class ServiceError extends RuntimeException {
  private final int status;
  private final JsonObject body;

  public ServiceError(int status, JsonObject body) {
    super(body.encode(), null, false, false);
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public JsonObject body() {
    return body;
  }

  /** {@code {"detail": detail, "code": code}} with the given status. */
  public static ServiceError of(int status, String code, String detail) {
    return new ServiceError(status, new JsonObject().put("detail", detail).put("code", code));
  }

  /** A 400 with DRF's validation shape: {@code {field: [messages]}}. */
  public static ServiceError validation(JsonObject fieldErrors) {
    return new ServiceError(400, fieldErrors);
  }

  public static ServiceError invalid(String field, String message) {
    return validation(new JsonObject().put(field, new JsonArray().add(message)));
  }

  public static ServiceError notFound() {
    return of(404, ErrorCodes.NOT_FOUND, "Not found.");
  }

  /** 401 {@code not_authenticated}: no credentials came. */
  public static ServiceError notAuthenticated() {
    return of(401, ErrorCodes.NOT_AUTHENTICATED, "Authentication credentials were not provided.");
  }

  /** 401 {@code authentication_failed}: credentials came and were wrong, expired or revoked. */
  public static ServiceError authenticationFailed(String detail) {
    return of(401, ErrorCodes.AUTHENTICATION_FAILED, detail);
  }

  /** 403 {@code permission_denied}, DRF's message. */
  public static ServiceError permissionDenied() {
    return of(403, ErrorCodes.PERMISSION_DENIED, "You do not have permission to perform this action.");
  }

  public static ServiceError unavailable(String detail) {
    return of(503, ErrorCodes.SERVICE_UNAVAILABLE, detail);
  }
}
