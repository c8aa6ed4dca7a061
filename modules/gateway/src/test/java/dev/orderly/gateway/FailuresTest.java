package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.ServiceError;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class FailuresTest {
  private static final JsonObject UNAVAILABLE = new JsonObject().put("detail", "Service unavailable, try again later.").put("code", "service_unavailable");

  @Test
  void aMissingOrSilentServiceIs503() {
    assertThat(map(new ReplyException(ReplyFailure.NO_HANDLERS, "No handlers for address orderly.entities")))
        .isEqualTo(new ServiceError(503, UNAVAILABLE).body());
    assertThat(Failures.toResponse(new ReplyException(ReplyFailure.TIMEOUT, "Timed out"), "r").status()).isEqualTo(503);
    assertThat(map(new ReplyException(ReplyFailure.TIMEOUT, "Timed out"))).isEqualTo(UNAVAILABLE);
  }

  @Test
  void serviceClientErrorsPassThroughUnchanged() {
    JsonObject body = new JsonObject().put("code", new JsonObject().put("x", 1)).put("name", "y");
    for (int status : new int[] {400, 404, 409, 412}) {
      ServiceError error = Failures.toResponse(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, status, body.encode()), "r");
      assertThat(error.status()).isEqualTo(status);
      assertThat(error.body()).isEqualTo(body);
    }
  }

  @Test
  void a503FromTheServiceKeepsItsBody() {
    JsonObject body = new JsonObject().put("detail", "The database is unavailable, try again shortly.").put("code", "service_unavailable");
    ServiceError error = Failures.toResponse(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 503, body.encode()), "r");
    assertThat(error.status()).isEqualTo(503);
    assertThat(error.body()).isEqualTo(body);
  }

  @Test
  void anyOther5xxOrUnexpectedExceptionIsABare500WithTheRequestId() {
    JsonObject internal = new JsonObject().put("detail", "Internal error.").put("code", "error").put("request_id", "rid-1");
    String leaky = new JsonObject().put("detail", "SQL: SELECT secret FROM x").put("code", "error").encode();
    assertThat(Failures.toResponse(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, leaky), "rid-1").body()).isEqualTo(internal);
    assertThat(Failures.toResponse(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 501, leaky), "rid-1").body()).isEqualTo(internal);
    assertThat(Failures.toResponse(new NullPointerException("boom"), "rid-1").body()).isEqualTo(internal);
    assertThat(Failures.toResponse(new NullPointerException("boom"), "rid-1").status()).isEqualTo(500);
  }

  @Test
  void vertxWebStatusesGetJsonBodies() {
    assertThat(Failures.forStatus(404, "GET", "r").body()).isEqualTo(new JsonObject().put("detail", "Not found.").put("code", "not_found"));
    assertThat(Failures.forStatus(405, "POST", "r").body()).isEqualTo(new JsonObject().put("detail", "Method \"POST\" not allowed.").put("code", "method_not_allowed"));
    assertThat(Failures.forStatus(413, "POST", "r").body()).isEqualTo(new JsonObject().put("detail", "Request body is too large.").put("code", "too_large"));
    assertThat(Failures.forStatus(400, "GET", "r").body().getString("code")).isEqualTo("parse_error");
    assertThat(Failures.forStatus(500, "GET", "r").body().getString("request_id")).isEqualTo("r");
  }

  private static JsonObject map(Throwable failure) {
    return Failures.toResponse(failure, "r").body();
  }
}
