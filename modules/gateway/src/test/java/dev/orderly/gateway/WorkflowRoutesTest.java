package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.CacheClient.Check;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The transition and history routes: what they forward, answer, drop from the cache and count. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class WorkflowRoutesTest {
  private static final String ORDER = "{\"id\":5,\"version\":3,\"status\":\"approved\"}";

  private GatewayFixture gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.withEntities(vertx, new JsonObject().put("THROTTLE_RATES", "user=50/minute,approval=7/minute"));
    gateway.entities.replies(ORDER, "3", "5");
  }

  private JsonObject forwarded(String action) {
    assertThat(gateway.entities.last().headers().get(Actions.HEADER)).isEqualTo(action);
    return gateway.entities.last().body();
  }

  @Test
  void aTransitionForwardsItsNameCommentAndIfMatchAndAnswersTheRecordWithItsETag() {
    HttpResponse<Buffer> approved = gateway.request(POST, "/api/purchase-orders/5/approve/").putHeader("If-Match", "\"2\"")
        .sendJsonObject(new JsonObject().put("comment", "fine")).await();

    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(approved.bodyAsString()).isEqualTo(ORDER);
    assertThat(approved.getHeader("ETag")).isEqualTo("\"3\"");
    assertThat(forwarded("transition")).isEqualTo(new JsonObject().put("resource", "purchase-orders").put("id", "5")
        .put("transition", "approve").put("comment", "fine").put("if_match", "\"2\""));

    for (String transition : new String[] {"submit", "reject", "cancel"}) {
      gateway.testRequest(POST, "/api/purchase-orders/5/" + transition, 200);
      JsonObject sent = forwarded("transition");
      assertThat(sent.getString("transition")).isEqualTo(transition);
      assertThat(sent.getValue("comment")).as("no body, no comment").isNull();
      assertThat(sent.getValue("if_match")).isNull();
    }
    gateway.send(POST, "/api/purchase-orders/5/reject", "application/json", "{\"comment\": 42}");
    assertThat(forwarded("transition").getString("comment")).isEqualTo("42");
  }

  @Test
  void aCommentThatIsNoTextIs400AndNotForwarded() {
    for (String body : new String[] {"{\"comment\": true}", "{\"comment\": [\"x\"]}", "{\"comment\": {}}"}) {
      HttpResponse<Buffer> refused = gateway.send(POST, "/api/purchase-orders/5/reject", "application/json", body);
      assertThat(refused.statusCode()).as(body).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject()).isEqualTo(new JsonObject().put("comment", new JsonArray().add("Not a valid string.")));
    }
    assertThat(gateway.send(POST, "/api/purchase-orders/5/reject", "application/json", "[]").statusCode()).isEqualTo(400);
    assertThat(gateway.send(POST, "/api/purchase-orders/5/reject", "text/plain", "no").statusCode()).isEqualTo(415);
    assertThat(gateway.entities.count()).isZero();
  }

  @Test
  void aTransitionDropsTheCachedResponsesAndCountsInTheApprovalScopeOnlyWhenItSucceededOrFailed() {
    gateway.testRequest(POST, "/api/purchase-orders/5/submit", 200);
    assertThat(gateway.cache.requests(CacheClient.BUMP)).hasSize(1);
    assertThat(gateway.cache.requests(CacheClient.BUMP).get(0).getString(CacheClient.NAMESPACE)).isEqualTo("purchase_orders");
    assertThat(gateway.cache.lastChecks()).containsExactly(new Check("user", String.valueOf(FakeAuth.SUPERUSER), 50, 60),
        new Check("approval", String.valueOf(FakeAuth.SUPERUSER), 7, 60));

    gateway.entities.fails(409, new JsonObject().put("detail", "Cannot approve a purchase order that is draft.").put("code", "invalid_state"));
    HttpResponse<Buffer> conflict = gateway.testRequest(POST, "/api/purchase-orders/5/approve", 409);
    assertThat(conflict.bodyAsJsonObject().getString("code")).isEqualTo("invalid_state");
    assertThat(conflict.getHeader("RateLimit-Limit")).as("a 409 passed the throttle").isEqualTo("7");
    assertThat(gateway.cache.requests(CacheClient.BUMP)).as("a failed transition changed nothing").hasSize(1);
  }

  @Test
  void aThrottledTransitionIsLoggedUnderItsTemplate() throws InterruptedException {
    AccessLines log = AccessLines.attach();
    try {
      gateway.cache.refuses(30.0);
      HttpResponse<Buffer> refused = gateway.testRequest(POST, "/api/purchase-orders/5/approve", 429);
      assertThat(log.next(refused.getHeader("X-Request-Id"))).contains(" POST /api/{resource}/{id}/approve 429 ");
    } finally {
      log.detach();
    }
  }

  @Test
  void historyIsForwardedEveryTimeAndNeverCachedNorCountedAsAnApproval() {
    String trail = "[{\"action\":\"created\"}]";
    gateway.entities.replies(trail, null, null);

    for (String path : new String[] {"/api/purchase-orders/5/history", "/api/suppliers/9/history/"}) {
      HttpResponse<Buffer> history = gateway.testRequest(GET, path, 200);
      assertThat(history.bodyAsString()).isEqualTo(trail);
      assertThat(history.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(history.getHeader(ResponseCache.HEADER)).isNull();
      assertThat(gateway.cache.lastChecks()).hasSize(1);
    }
    assertThat(forwarded("history")).isEqualTo(new JsonObject().put("resource", "suppliers").put("id", "9"));
    gateway.testRequest(GET, "/api/suppliers/9/history", 200);
    assertThat(gateway.entities.count()).isEqualTo(3);
    assertThat(gateway.cache.requests(CacheClient.LOOKUP)).isEmpty();
    gateway.testRequest(GET, "/api/suppliers/x/history", 404);
    gateway.testRequest(POST, "/api/suppliers/9/history", 405);
  }
}
