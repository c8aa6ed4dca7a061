package dev.orderly.app;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * API.md's error responses, as a DRF client parses them: {@code {"detail", "code"}} (a 500 adds
 * {@code request_id}), or a 400's validation body of field names to lists of messages (nested for child
 * rows); a 401 with {@code WWW-Authenticate: Bearer}, a 429 or 503 with {@code Retry-After}; never a stack
 * trace, a class name or SQL.
 */
final class ErrorShapes {
  private static final Set<String> DETAIL_KEYS = Set.of("detail", "code", "request_id");
  private static final String[] LEAKS = {"Exception", "\tat ", "at io.", "java.", "io.vertx", "org.postgresql", "org.sqlite",
      "SQLITE_", "SELECT ", "INSERT ", "UPDATE ", "syntax error"};

  private ErrorShapes() {}

  /** What is wrong with this response, or null when it is not an error or is one of API.md's shapes. */
  static String problem(HttpMethod method, int status, MultiMap headers, Buffer body) {
    if (status < 400) return null;
    if (status == 401 && !String.valueOf(headers.get("WWW-Authenticate")).startsWith("Bearer")) return "401 without WWW-Authenticate: Bearer";
    if ((status == 429 || status == 503) && headers.get("Retry-After") == null) return status + " without Retry-After";
    if (method == HttpMethod.HEAD) return body == null || body.length() == 0 ? null : "HEAD with a body";
    if (body == null || body.length() == 0) return "no body";
    String text = body.toString();
    for (String leak : LEAKS) if (text.contains(leak)) return "leaks '" + leak.trim() + "'";
    if (!String.valueOf(headers.get("Content-Type")).startsWith("application/json")) return "Content-Type " + headers.get("Content-Type");
    Object json;
    try {
      json = io.vertx.core.json.Json.decodeValue(body);
    } catch (RuntimeException e) {
      return "not JSON";
    }
    if (!(json instanceof JsonObject object) || object.isEmpty()) return "not a JSON object";
    if (object.containsKey("detail")) return detailProblem(status, object);
    if (status != 400) return "a validation body with status " + status;
    return validationProblem(object);
  }

  private static String detailProblem(int status, JsonObject body) {
    if (!DETAIL_KEYS.containsAll(body.fieldNames())) return "detail with other keys " + body.fieldNames();
    if (!(body.getValue("detail") instanceof String detail) || detail.isBlank()) return "detail is not a message";
    if (!(body.getValue("code") instanceof String code) || !code.matches("[a-z_]+")) return "no code";
    if (status == 401 && !code.equals("not_authenticated") && !code.equals("authentication_failed")) return "401 with code " + code;
    if (body.containsKey("request_id") && status != 500) return "request_id on a " + status;
    return null;
  }

  /** {@code {field: ["message", ...]}}, where a child list's errors are a list of such objects (one per row). */
  private static String validationProblem(JsonObject body) {
    for (String field : body.fieldNames()) {
      Object value = body.getValue(field);
      if (value instanceof JsonObject nested) {
        String inner = nested.isEmpty() ? null : validationProblem(nested);
        if (inner != null) return field + "." + inner;
        continue;
      }
      if (!(value instanceof JsonArray list) || list.isEmpty()) return field + ": not a list of messages";
      for (Object item : list) {
        if (item instanceof String message && !message.isBlank()) continue;
        if (item instanceof JsonObject row && (row.isEmpty() || validationProblem(row) == null)) continue;
        return field + ": " + item + " is not a message";
      }
    }
    return null;
  }
}
