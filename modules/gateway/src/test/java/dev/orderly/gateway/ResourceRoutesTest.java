package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.RequestContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class ResourceRoutesTest {
  private static final String RECORD = "{\"id\":42,\"version\":3,\"name\":\"Acme\"}";

  private GatewayFixture gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.withEntities(vertx);
  }

  /** The last message the entity service got, once checked to be {@code action} on {@code resource}. */
  private Message<JsonObject> forwarded(String action, String resource) {
    Message<JsonObject> msg = gateway.entities.last();
    assertThat(msg.headers().get(Actions.HEADER)).isEqualTo(action);
    assertThat(msg.body().getString("resource")).isEqualTo(resource);
    return msg;
  }

  @Test
  void listForwardsEveryQueryValueAndTheAbsoluteUrl() {
    String page = "{\"count\":1,\"next\":null,\"previous\":null,\"results\":[" + RECORD + "]}";
    gateway.entities.replies(page, null, null);

    HttpResponse<Buffer> response = gateway.testRequest(GET, "/api/purchase-orders/?status=draft&page=2&status=submitted&search=red+chair", 200);

    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsString()).isEqualTo(page);
    Message<JsonObject> msg = forwarded("list", "purchase-orders");
    assertThat(msg.headers().get(RequestContext.REQUEST_ID_HEADER)).isEqualTo(response.getHeader("X-Request-Id"));
    assertThat(msg.body().getJsonObject("params")).isEqualTo(new JsonObject()
        .put("status", new JsonArray().add("draft").add("submitted"))
        .put("page", new JsonArray().add("2"))
        .put("search", new JsonArray().add("red chair")));
    assertThat(msg.body().getString("url"))
        .isEqualTo(gateway.baseUrl() + "/api/purchase-orders/?status=draft&page=2&status=submitted&search=red+chair");
  }

  @Test
  void everyRouteAnswersWithAndWithoutTrailingSlash() {
    gateway.entities.replies(RECORD, "3", "42");
    gateway.testRequest(GET, "/api/suppliers", 200);
    gateway.testRequest(GET, "/api/suppliers/", 200);
    gateway.testRequest(GET, "/api/suppliers/42", 200);
    gateway.testRequest(GET, "/api/suppliers/42/", 200);
    gateway.testRequest(POST, "/api/suppliers", 201);
    gateway.testRequest(PUT, "/api/suppliers/42", 200);
    gateway.testRequest(PATCH, "/api/suppliers/42/", 200);
    gateway.testRequest(DELETE, "/api/suppliers/42", 204);
    gateway.testRequest(DELETE, "/api/suppliers/42/", 204);
    assertThat(gateway.entities.count()).isEqualTo(9);
  }

  @Test
  void getReturnsTheRecordWithItsVersionAsETag() {
    gateway.entities.replies(RECORD, "3", "42");

    HttpResponse<Buffer> response = gateway.testRequest(GET, "/api/products/42/?fields=id&fields=name", 200);

    assertThat(response.getHeader("ETag")).isEqualTo("\"3\"");
    assertThat(response.bodyAsString()).isEqualTo(RECORD);
    Message<JsonObject> msg = forwarded("get", "products");
    assertThat(msg.body().getString("id")).isEqualTo("42");
    assertThat(msg.body().getJsonObject("params")).isEqualTo(new JsonObject().put("fields", new JsonArray().add("id").add("name")));
  }

  @Test
  void createIs201WithLocationAndETag() {
    gateway.entities.replies(RECORD, "1", "42");

    HttpResponse<Buffer> response = gateway.send(POST, "/api/suppliers/", "application/json; charset=utf-8", "{\"name\":\"Acme\",\"code\":\"AC-1\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.getHeader("Location")).isEqualTo(gateway.baseUrl() + "/api/suppliers/42/");
    assertThat(response.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsString()).isEqualTo(RECORD);
    assertThat(forwarded("create", "suppliers").body().getJsonObject("data")).isEqualTo(new JsonObject().put("name", "Acme").put("code", "AC-1"));
  }

  @Test
  void anEmptyBodyIsAnEmptyObject() {
    gateway.entities.replies(RECORD, "1", "42");

    gateway.testRequest(POST, "/api/suppliers/", 201);

    assertThat(gateway.entities.last().body().getJsonObject("data")).isEqualTo(new JsonObject());
  }

  @Test
  void putIsAFullUpdateAndPatchAPartialOneBothWithIfMatch() {
    gateway.entities.replies(RECORD, "4", "42");

    HttpResponse<Buffer> put = gateway.request(PUT, "/api/suppliers/42/").putHeader("If-Match", "\"3\"")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"name\":\"Acme\"}")).await();

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.getHeader("ETag")).isEqualTo("\"4\"");
    assertThat(put.bodyAsString()).isEqualTo(RECORD);
    JsonObject sent = forwarded("update", "suppliers").body();
    assertThat(sent.getBoolean("partial")).isFalse();
    assertThat(sent.getString("if_match")).isEqualTo("\"3\"");
    assertThat(sent.getString("id")).isEqualTo("42");
    assertThat(sent.getJsonObject("data")).isEqualTo(new JsonObject().put("name", "Acme"));

    HttpResponse<Buffer> patch = gateway.send(PATCH, "/api/suppliers/42", "application/json", "{\"notes\":\"x\"}");

    assertThat(patch.statusCode()).isEqualTo(200);
    assertThat(gateway.entities.last().body().getBoolean("partial")).isTrue();
    assertThat(gateway.entities.last().body().getString("if_match")).isNull();
    assertThat(gateway.entities.last().body().getJsonObject("data")).isEqualTo(new JsonObject().put("notes", "x"));
  }

  @Test
  void deleteIs204WithNoBodyAndForwardsIfMatch() {
    gateway.entities.replies("{\"ignored\":true}", null, null);

    HttpResponse<Buffer> response = GatewayFixture.testRequest(gateway.request(DELETE, "/api/products/9/").putHeader("If-Match", "\"7\""), 204);

    assertThat(response.body()).isNull();
    Message<JsonObject> msg = forwarded("delete", "products");
    assertThat(msg.body().getString("id")).isEqualTo("9");
    assertThat(msg.body().getString("if_match")).isEqualTo("\"7\"");
  }
}
