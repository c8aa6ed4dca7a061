package dev.orderly.core.bus;

/** The machine-readable {@code code} values of API.md's error table. */
public final class ErrorCodes {
  public static final String PARSE_ERROR = "parse_error";
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
  public static final String NOT_AUTHENTICATED = "not_authenticated";
  public static final String AUTHENTICATION_FAILED = "authentication_failed";
  public static final String PERMISSION_DENIED = "permission_denied";
  public static final String NOT_FOUND = "not_found";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String INVALID_STATE = "invalid_state";
  public static final String IN_USE = "in_use";
  public static final String PRECONDITION_FAILED = "precondition_failed";
  /** 400: an {@code Idempotency-Key} that is empty, longer than 255 characters or not printable ASCII. */
  public static final String INVALID_IDEMPOTENCY_KEY = "invalid_idempotency_key";
  /** 422: an {@code Idempotency-Key} the user already sent with another request (method, path, query or body). */
  public static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";
  public static final String TOO_LARGE = "too_large";
  /** 408: a request body that did not arrive within {@code HTTP_REQUEST_TIMEOUT_MS}. */
  public static final String REQUEST_TIMEOUT = "request_timeout";
  /** 414: a request line longer than the HTTP server reads. */
  public static final String URI_TOO_LONG = "uri_too_long";
  /** 431: request headers larger than the HTTP server reads. */
  public static final String HEADERS_TOO_LARGE = "headers_too_large";
  public static final String THROTTLED = "throttled";
  public static final String SERVICE_UNAVAILABLE = "service_unavailable";
  public static final String BAD_HOST = "bad_host";
  public static final String UNKNOWN_ACTION = "unknown_action";
  public static final String ERROR = "error";

  private ErrorCodes() {}
}
