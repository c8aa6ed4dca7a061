package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.HEAD;
import static io.vertx.core.http.HttpMethod.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.ResourceReply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** HEAD and OPTIONS on the list and detail routes, as DRF answers them, in front of a stand-in entity service. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class HeadAndOptionsTest {
  private static final JsonObject FIELDS = new JsonObject()
      .put("id", new JsonObject().put("type", "integer").put("required", false).put("read_only", true).put("label", "ID"))
      .put("code", new JsonObject().put("type", "string").put("required", true).put("read_only", false).put("label", "Code")
          .put("max_length", 32));
  private static final JsonObject DESCRIBED = new JsonObject().put("name", "Supplier").put("singular", "supplier")
      .put("plural", "suppliers").put("fields", FIELDS);
  private static final String RECORD = "{\"id\":7,\"version\":3,\"code\":\"ACME\"}";
  private static final String PAGE = "{\"count\":1,\"next\":null,\"previous\":null,\"results\":[" + RECORD + "]}";

  private GatewayFixture gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.withEntities(vertx);
    // the service: its description, record 7 (any other id is not found) and a page holding it
    gateway.entities.answers(msg -> {
      String action = msg.headers().get(Actions.HEADER);
      switch (action) {
        case "describe" -> msg.reply(DESCRIBED.toBuffer());
        case "get" -> {
          if ("7".equals(msg.body().getString("id"))) {
            msg.reply(Buffer.buffer(RECORD), new DeliveryOptions().addHeader(ResourceReply.VERSION_HEADER, "3")
                .addHeader(ResourceReply.ID_HEADER, "7"));
          } else {
            msg.fail(404, new JsonObject().put("detail", "Not found.").put("code", "not_found").encode());
          }
        }
        case "list" -> msg.reply(Buffer.buffer(PAGE));
        default -> msg.fail(501, "unexpected " + action);
      }
    });
    gateway.auth.user(20, "viewer", false, false, "suppliers.view");
    gateway.auth.user(21, "clerk", false, false, "suppliers.view", "suppliers.add", "suppliers.change");
    gateway.auth.user(22, "nobody", false, false);
    gateway.auth.user(23, "staff-viewer", true, false, "users.view", "users.add");
    gateway.auth.answers("describe", new JsonObject().put("name", "User").put("singular", "user").put("plural", "users")
        .put("fields", FIELDS));
  }

  private HttpResponse<Buffer> as(long user, HttpMethod method, String path) {
    return gateway.anonymous(method, path).putHeader("Authorization", "Bearer " + gateway.token(user)).send().await();
  }

  @Test
  void headIsGetWithoutItsBodySameStatusAndHeaders() {
    for (String path : List.of("/api/suppliers/7/", "/api/suppliers/", "/api/suppliers/8")) {
      HttpResponse<Buffer> get = as(20, GET, path);
      HttpResponse<Buffer> head = as(20, HEAD, path);

      assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
      assertThat(head.body()).as(path).isNull();
      assertThat(head.getHeader("Content-Length")).as(path).isEqualTo(String.valueOf(get.body().length()));
      for (String header : List.of("Content-Type", "ETag", "X-Content-Type-Options", "Content-Security-Policy", "RateLimit-Limit")) {
        assertThat(head.getHeader(header)).as(path + " " + header).isEqualTo(get.getHeader(header));
      }
      assertThat(head.getHeader("X-Request-Id")).isNotBlank();
    }
    assertThat(as(20, HEAD, "/api/suppliers/7").getHeader("ETag")).isEqualTo("\"3\"");
    assertThat(as(20, HEAD, "/api/suppliers/8").statusCode()).isEqualTo(404);
  }

  @Test
  void headNeedsWhatGetNeeds() {
    HttpResponse<Buffer> anonymous = gateway.anonymous(HEAD, "/api/suppliers/7").send().await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(anonymous.body()).isNull();
    assertThat(as(22, HEAD, "/api/suppliers/7").statusCode()).isEqualTo(403);
    assertThat(as(22, HEAD, "/api/suppliers/").statusCode()).isEqualTo(403);
    assertThat(as(20, HEAD, "/api/users/").statusCode()).as("users and groups need staff").isEqualTo(403);
  }

  @Test
  void optionsOnTheListAnswersTheMetadataWithPostForACallerWhoMayAdd() {
    HttpResponse<Buffer> clerk = as(21, OPTIONS, "/api/suppliers/");

    assertThat(clerk.statusCode()).isEqualTo(200);
    assertThat(clerk.getHeader("Allow")).isEqualTo("GET, POST, HEAD, OPTIONS");
    assertThat(clerk.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(clerk.getHeader("X-Frame-Options")).isEqualTo("DENY");
    JsonObject body = clerk.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactly("name", "description", "renders", "parses", "actions");
    assertThat(body.getString("name")).isEqualTo("Supplier List");
    assertThat(body.getString("description")).startsWith("The suppliers: GET lists them");
    assertThat(body.getJsonArray("renders")).isEqualTo(new JsonArray().add("application/json"));
    assertThat(body.getJsonArray("parses")).isEqualTo(new JsonArray().add("application/json"));
    assertThat(body.getJsonObject("actions")).isEqualTo(new JsonObject().put("POST", FIELDS));

    JsonObject viewer = as(20, OPTIONS, "/api/suppliers").bodyAsJsonObject();
    assertThat(viewer.fieldNames()).as("no actions for a caller who may not add").containsExactly("name", "description", "renders", "parses");
  }

  @Test
  void optionsOnADetailHasPutOnlyForACallerWhoMayChangeARecordThatExists() {
    HttpResponse<Buffer> clerk = as(21, OPTIONS, "/api/suppliers/7/");

    assertThat(clerk.statusCode()).isEqualTo(200);
    assertThat(clerk.getHeader("Allow")).isEqualTo("GET, PUT, PATCH, DELETE, HEAD, OPTIONS");
    assertThat(clerk.bodyAsJsonObject().getString("name")).isEqualTo("Supplier Instance");
    assertThat(clerk.bodyAsJsonObject().getJsonObject("actions")).isEqualTo(new JsonObject().put("PUT", FIELDS));

    HttpResponse<Buffer> missing = as(21, OPTIONS, "/api/suppliers/8/");
    assertThat(missing.statusCode()).as("DRF answers, without PUT, when get_object finds nothing").isEqualTo(200);
    assertThat(missing.bodyAsJsonObject().containsKey("actions")).isFalse();
    assertThat(as(20, OPTIONS, "/api/suppliers/7/").bodyAsJsonObject().containsKey("actions")).isFalse();
  }

  @Test
  void optionsNeedsTheReadPermissionAndIsCountedAsARequest() {
    HttpResponse<Buffer> anonymous = gateway.anonymous(OPTIONS, "/api/suppliers/").send().await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.bodyAsJsonObject().getString("code")).isEqualTo("not_authenticated");

    HttpResponse<Buffer> nobody = as(22, OPTIONS, "/api/suppliers/7");
    assertThat(nobody.statusCode()).isEqualTo(403);
    assertThat(nobody.bodyAsJsonObject().getString("code")).isEqualTo("permission_denied");
    assertThat(as(20, OPTIONS, "/api/users/").statusCode()).as("users and groups need staff").isEqualTo(403);

    HttpResponse<Buffer> staff = as(23, OPTIONS, "/api/users/");
    assertThat(staff.statusCode()).isEqualTo(200);
    assertThat(staff.bodyAsJsonObject().getString("name")).isEqualTo("User List");
    assertThat(staff.bodyAsJsonObject().getJsonObject("actions").fieldNames()).containsExactly("POST");
    assertThat(staff.getHeader("RateLimit-Limit")).as("throttled like any request").isNotNull();
  }

  @Test
  void aMethodNotAllowedListsHeadAndOptionsToo() {
    HttpResponse<Buffer> wrong = as(21, HttpMethod.PUT, "/api/suppliers/");

    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.getHeader("Allow")).isEqualTo("GET, POST, HEAD, OPTIONS");
  }
}
