package dev.orderly.gateway;

import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client sees when something fails: the gateway's own error bodies (API.md's shapes), and the
 * one mapping from a failure (a service's {@link ReplyException}, a {@link ServiceError} raised here,
 * or any other exception) to a status and body. Nothing else in the gateway decides an error status:
 * its handlers raise or send ({@link Responses#error}) what these methods build, a service's error
 * passes {@link #toResponse}, and {@link Authentication}'s 401s are {@link ServiceError}'s own builders,
 * the ones the auth service answers with too.
 */
final class Failures {
  /** Sent as {@code Retry-After} with every 503. */
  static final String RETRY_AFTER_SECONDS = "5";

  private Failures() {}

  /**
   * A service that is not deployed or did not answer in time is a 503; a service error keeps its
   * status and body; any other 5xx (and any unexpected exception) becomes a bare 500 naming only the
   * request id.
   */
  static ServiceError toResponse(Throwable failure, String requestId) {
    if (failure instanceof ReplyException re
        && (re.failureType() == ReplyFailure.NO_HANDLERS || re.failureType() == ReplyFailure.TIMEOUT)) {
      return unavailable();
    }
    ServiceError error = Consumers.toServiceError(failure);
    return error.status() >= 500 && error.status() != 503 ? internal(requestId) : error;
  }

  /** The body for a status that vertx-web decided (no route, wrong method, body limit, bad request line). */
  static ServiceError forStatus(int status, String method, String requestId) {
    return switch (status) {
      case 400 -> ServiceError.of(400, ErrorCodes.PARSE_ERROR, "Malformed request.");
      case 404 -> notFound();
      case 405 -> methodNotAllowed(method);
      case 408 -> requestTimeout();
      case 413 -> tooLarge();
      case 414 -> uriTooLong();
      case 431 -> headersTooLarge();
      case 503 -> unavailable();
      default -> status >= 500 || status < 400 ? internal(requestId) : ServiceError.of(status, ErrorCodes.ERROR, "Request failed.");
    };
  }

  static ServiceError notFound() {
    return ServiceError.notFound();
  }

  /** DRF's 403 {@code permission_denied}. */
  static ServiceError permissionDenied() {
    return ServiceError.permissionDenied();
  }

  /** Django's CSRF refusal: 403 {@code "CSRF Failed: <reason>"}, code {@value Csrf#CODE}. */
  static ServiceError csrfFailed(String reason) {
    return ServiceError.of(403, Csrf.CODE, "CSRF Failed: " + reason);
  }

  static ServiceError methodNotAllowed(String method) {
    return ServiceError.of(405, ErrorCodes.METHOD_NOT_ALLOWED, "Method \"" + method + "\" not allowed.");
  }

  static ServiceError tooLarge() {
    return ServiceError.of(413, ErrorCodes.TOO_LARGE, "Request body is too large.");
  }

  /** A request body that did not arrive within {@code HTTP_REQUEST_TIMEOUT_MS}. */
  static ServiceError requestTimeout() {
    return ServiceError.of(408, ErrorCodes.REQUEST_TIMEOUT, "The request body did not arrive in time.");
  }

  /** A request line longer than {@link InvalidRequests#MAX_REQUEST_LINE} bytes. */
  static ServiceError uriTooLong() {
    return ServiceError.of(414, ErrorCodes.URI_TOO_LONG, "Request line is longer than " + InvalidRequests.MAX_REQUEST_LINE + " bytes.");
  }

  /** Request headers larger than {@link InvalidRequests#MAX_HEADERS} bytes in all. */
  static ServiceError headersTooLarge() {
    return ServiceError.of(431, ErrorCodes.HEADERS_TOO_LARGE, "Request headers are larger than " + InvalidRequests.MAX_HEADERS + " bytes.");
  }

  static ServiceError unsupportedMediaType(String contentType) {
    return ServiceError.of(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type \"" + contentType + "\" in request.");
  }

  static ServiceError parseError(String reason) {
    return ServiceError.of(400, ErrorCodes.PARSE_ERROR, "JSON parse error - " + reason);
  }

  /** A body that is JSON but not an object: DRF's 400 {@code non_field_errors}. */
  static ServiceError notAnObject(String message) {
    return ServiceError.validation(new JsonObject().put("non_field_errors", new JsonArray().add(message)));
  }

  /** DRF's {@code CharField} refusing a value that is no text (a boolean, list or object): 400 on {@code field}. */
  static ServiceError notAString(String field) {
    return ServiceError.invalid(field, "Not a valid string.");
  }

  /**
   * DRF's {@code Throttled}: "Request was throttled." and, with a wait, "Expected available in N seconds."
   * ("1 second." in the singular), N being {@link #retryAfter}; sent with {@code Retry-After: N}.
   */
  static ServiceError throttled(Long waitSeconds) {
    String detail = "Request was throttled.";
    if (waitSeconds != null) {
      detail += " Expected available in " + waitSeconds + (waitSeconds == 1 ? " second." : " seconds.");
    }
    return ServiceError.of(429, ErrorCodes.THROTTLED, detail);
  }

  /** DRF's wait in whole seconds, rounded up, as {@code Retry-After} and the 429's detail give it; null: none. */
  static Long retryAfter(Double waitSeconds) {
    return waitSeconds == null ? null : (long) Math.ceil(waitSeconds);
  }

  /** DRF's 400 on one field or parameter: {@code {field: [message, ...]}}. */
  static ServiceError invalid(String field, List<String> messages) {
    return ServiceError.validation(new JsonObject().put(field, new JsonArray(new ArrayList<Object>(messages))));
  }

  static ServiceError invalid(String field, String message) {
    return invalid(field, List.of(message));
  }

  /** A node serving {@code SSE_MAX_CLIENTS} event streams already: 503, to be retried (on another node, or later). */
  static ServiceError tooManyStreams() {
    return ServiceError.unavailable("Too many event streams on this node; try again later.");
  }

  static ServiceError badHost() {
    return ServiceError.of(400, ErrorCodes.BAD_HOST, "Invalid host header.");
  }

  static ServiceError unavailable() {
    return ServiceError.unavailable("Service unavailable, try again later.");
  }

  /** {@code /api/schema} while a service has not described its routes yet. */
  static ServiceError schemaUnavailable() {
    return ServiceError.unavailable("A service did not describe its routes; try again shortly.");
  }

  static ServiceError internal(String requestId) {
    return new ServiceError(500, new JsonObject().put("detail", "Internal error.").put("code", ErrorCodes.ERROR)
        .put("request_id", requestId));
  }
}
