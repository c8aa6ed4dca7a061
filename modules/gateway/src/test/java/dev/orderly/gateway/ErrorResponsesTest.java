package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class ErrorResponsesTest {
  private static final JsonObject UNAVAILABLE = new JsonObject()
      .put("detail", "Service unavailable, try again later.").put("code", "service_unavailable");

  private GatewayFixture gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.withEntities(vertx);
  }

  @Test
  void malformedJsonIs400ParseErrorAndIsNotForwarded() {
    HttpResponse<Buffer> response = gateway.send(POST, "/api/suppliers/", "application/json", "{\"name\": \"Acme\",}");

    assertJson(response, 400);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("detail", "code");
    assertThat(body.getString("code")).isEqualTo("parse_error");
    assertThat(body.getString("detail")).startsWith("JSON parse error - ").doesNotContain("Exception", "Source", "jackson");
    assertThat(gateway.entities.count()).isZero();
  }

  @Test
  void jsonThatIsNotAnObjectIs400NonFieldErrors() {
    HttpResponse<Buffer> response = gateway.send(PUT, "/api/suppliers/1/", "application/json", "[{\"name\": \"Acme\"}]");

    assertJson(response, 400);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("non_field_errors", new JsonArray().add("Invalid data. Expected a dictionary, but got list.")));
    assertThat(gateway.send(PATCH, "/api/suppliers/1/", "application/json", "\"x\"").bodyAsJsonObject()
        .getJsonArray("non_field_errors").getString(0)).isEqualTo("Invalid data. Expected a dictionary, but got str.");
    assertThat(gateway.entities.count()).isZero();
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String big = "{\"notes\":\"" + "x".repeat(GatewayFixture.MAX_BODY_SIZE) + "\"}";

    HttpResponse<Buffer> response = gateway.send(POST, "/api/suppliers/", "application/json", big);

    assertJson(response, 413);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("detail", "Request body is too large.").put("code", "too_large"));
    assertThat(gateway.entities.count()).isZero();
  }

  @Test
  void aChunkedBodyOverTheLimitIs413AsSoonAsItPassesTheLimit() throws IOException {
    String chunk = "{\"notes\":\"" + "x".repeat(GatewayFixture.MAX_BODY_SIZE);
    // the last chunk is never sent: the answer must not wait for it
    RawHttp.Response response = RawHttp.exchange(gateway.port, "POST /api/suppliers/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.headers()).containsEntry("content-type", "application/json").containsKey("x-request-id");
    assertThat(response.json()).isEqualTo(new JsonObject().put("detail", "Request body is too large.").put("code", "too_large"));
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    HttpResponse<Buffer> response = gateway.send(POST, "/api/suppliers/", "text/plain; charset=utf-8", "name=Acme");

    assertJson(response, 415);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("detail", "Unsupported media type \"text/plain; charset=utf-8\" in request.").put("code", "unsupported_media_type"));
    HttpResponse<Buffer> form = gateway.send(PATCH, "/api/suppliers/1", "application/x-www-form-urlencoded", "name=Acme");
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(gateway.entities.count()).isZero();
  }

  @Test
  void unknownRoutesAre404Json() {
    for (String path : new String[] {"/nope", "/api/", "/api/Suppliers/", "/api/suppliers/1/extra/", "/health"}) {
      HttpResponse<Buffer> response = gateway.send(GET, path);
      assertJson(response, 404);
      assertThat(response.bodyAsJsonObject()).as(path).isEqualTo(new JsonObject().put("detail", "Not found.").put("code", "not_found"));
      }
    assertThat(gateway.entities.count()).isZero();
  }

  @Test
  void aMalformedPathEscapeIs400Json() {
    HttpResponse<Buffer> response = gateway.send(GET, "/api/suppliers/%E0%A4%A/");

    assertJson(response, 400);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("parse_error");
    assertThat(gateway.entities.count()).isZero();
  }

  @Test
  void aKnownPathWithTheWrongMethodIs405WithAllow() {
    HttpResponse<Buffer> record = gateway.send(POST, "/api/suppliers/1/");
    assertJson(record, 405);
    assertThat(record.bodyAsJsonObject()).isEqualTo(new JsonObject().put("detail", "Method \"POST\" not allowed.").put("code", "method_not_allowed"));
    assertThat(record.getHeader("Allow")).isEqualTo("GET, PUT, PATCH, DELETE, HEAD, OPTIONS");

    HttpResponse<Buffer> collection = gateway.send(DELETE, "/api/suppliers");
    assertThat(collection.statusCode()).isEqualTo(405);
    assertThat(collection.getHeader("Allow")).isEqualTo("GET, POST, HEAD, OPTIONS");
    assertThat(collection.bodyAsJsonObject().getString("detail")).isEqualTo("Method \"DELETE\" not allowed.");

    assertThat(gateway.send(PUT, "/health/live").getHeader("Allow")).isEqualTo("GET");
    assertThat(gateway.entities.count()).isZero();
  }

  @Test
  void serviceClientErrorsPassThroughWithTheirBodies() {
    JsonObject validation = new JsonObject().put("code", new JsonArray().add("This field is required."));
    JsonObject notFound = new JsonObject().put("detail", "Not found.").put("code", "not_found");
    JsonObject inUse = new JsonObject().put("detail", "Supplier 3 is referenced by products.").put("code", "in_use");
    JsonObject stale = new JsonObject().put("detail", "Version 2 is not the current version 3.").put("code", "precondition_failed");

    gateway.entities.fails(400, validation);
    assertPassedThrough(gateway.send(POST, "/api/suppliers/", "application/json", "{}"), 400, validation);
    gateway.entities.fails(404, notFound);
    assertPassedThrough(gateway.send(GET, "/api/suppliers/999/"), 404, notFound);
    gateway.entities.fails(409, inUse);
    assertPassedThrough(gateway.send(DELETE, "/api/suppliers/3/"), 409, inUse);
    gateway.entities.fails(412, stale);
    assertPassedThrough(gateway.request(PATCH, "/api/suppliers/3/").putHeader("If-Match", "\"2\"").send().await(), 412, stale);
  }

  @Test
  void aService500BecomesABare500WithTheRequestId() {
    gateway.entities.fails(500, new JsonObject().put("detail", "ERROR: relation \"suppliers\" does not exist").put("code", "error"));

    HttpResponse<Buffer> response = gateway.request(GET, "/api/suppliers/").putHeader("X-Request-Id", "trace-500").send().await();

    assertJson(response, 500);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("detail", "Internal error.").put("code", "error").put("request_id", "trace-500"));
  }

  @Test
  void aFailureInsideTheGatewayBecomesTheSame500NotAHang() {
    // a reply body of the wrong type makes the gateway's own reply handler throw
    gateway.entities.answers(msg -> msg.reply(new JsonObject().put("id", 1)));

    HttpResponse<Buffer> response = gateway.send(GET, "/api/suppliers/1/");

    assertJson(response, 500);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("code")).isEqualTo("error");
    assertThat(body.getString("detail")).isEqualTo("Internal error.");
    assertThat(body.getString("request_id")).isEqualTo(response.getHeader("X-Request-Id"));
  }

  @Test
  void noEntityServiceIs503WithRetryAfter() {
    gateway.entities.unregister();

    HttpResponse<Buffer> response = gateway.send(GET, "/api/suppliers/");

    assertJson(response, 503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    assertThat(response.bodyAsJsonObject()).isEqualTo(UNAVAILABLE);
  }

  @Test
  void aServiceThatDoesNotAnswerInTimeIs503(Vertx vertx) {
    gateway.entities.answers(msg -> {});
    GatewayFixture impatient = GatewayFixture.deploy(vertx, new JsonObject().put("REQUEST_TIMEOUT_MS", "200"));

    HttpResponse<Buffer> response = impatient.send(GET, "/api/suppliers/1/");

    assertJson(response, 503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    assertThat(response.bodyAsJsonObject()).isEqualTo(UNAVAILABLE);
  }

  @Test
  void aService503KeepsItsBodyAndGetsRetryAfter() {
    JsonObject down = new JsonObject().put("detail", "The database is unavailable, try again shortly.").put("code", "service_unavailable");
    gateway.entities.fails(503, down);

    HttpResponse<Buffer> response = gateway.send(GET, "/api/suppliers/");

    assertPassedThrough(response, 503, down);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
  }

  private static void assertPassedThrough(HttpResponse<Buffer> response, int status, JsonObject body) {
    assertJson(response, status);
    assertThat(response.bodyAsJsonObject()).isEqualTo(body);
  }

  /** A JSON response of this status, with its request id, as every error is. */
  private static void assertJson(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.getHeader("X-Request-Id")).isNotBlank();
  }
}
