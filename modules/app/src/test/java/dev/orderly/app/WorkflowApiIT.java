package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The purchase-order approval workflow over HTTP, on SQLite and PostgreSQL: who may do what, from where, how often, how fast. */
class WorkflowApiIT {
  private static final String ORDERS = OrderFixture.ORDERS;
  private static final OrderFixture.PerDatabase FIXTURES = new OrderFixture.PerDatabase();

  @AfterAll
  static void stopAll() {
    FIXTURES.close();
  }

  /** Where a refusal comes from: the gateway's permission check (no quota used, no RateLimit headers) or the service. */
  private enum By { GATEWAY, SERVICE }

  /** One attempt: {@code who} runs {@code transition} on an order in state {@code from}. */
  private record Case(String who, String from, String transition, String comment, int status, By refusedBy) {}

  @ParameterizedTest
  @EnumSource(Db.class)
  void everyRoleMayRunExactlyItsTransitions(Db db) {
    OrderFixture f = FIXTURES.of(db);
    RunningOrderly app = f.app;
    Function<String, String> token = who -> switch (who) {
      case "requester" -> f.requester;
      case "approver" -> f.approver;
      case "clerk" -> f.clerk;
      case "nobody" -> f.nobody;
      default -> null;
    };
    List<Case> cases = List.of(
        new Case("requester", "draft", "submit", null, 200, null),
        new Case("requester", "draft", "cancel", null, 200, null),
        new Case("requester", "submitted", "cancel", null, 200, null),
        new Case("requester", "submitted", "approve", null, 403, By.GATEWAY),
        new Case("requester", "submitted", "reject", "no", 403, By.GATEWAY),
        new Case("approver", "draft", "submit", null, 403, By.SERVICE),
        new Case("approver", "submitted", "cancel", null, 403, By.SERVICE),
        new Case("approver", "submitted", "approve", "fine", 200, null),
        new Case("approver", "submitted", "reject", "too dear", 200, null),
        new Case("approver", "submitted", "reject", "  ", 400, null),
        new Case("approver", "draft", "approve", null, 409, null),
        new Case("approver", "approved", "reject", "late", 409, null),
        new Case("clerk", "draft", "submit", null, 200, null),
        new Case("clerk", "submitted", "cancel", null, 200, null),
        new Case("clerk", "submitted", "approve", null, 403, By.GATEWAY),
        new Case("clerk", "submitted", "reject", "no", 403, By.GATEWAY),
        new Case("superuser", "draft", "submit", null, 200, null),
        new Case("superuser", "submitted", "approve", null, 200, null),
        new Case("superuser", "submitted", "reject", "no", 200, null),
        new Case("superuser", "submitted", "cancel", null, 200, null),
        new Case("superuser", "approved", "cancel", null, 409, null),
        new Case("superuser", "rejected", "submit", null, 409, null),
        new Case("superuser", "cancelled", "approve", null, 409, null),
        new Case("nobody", "draft", "submit", null, 403, By.SERVICE),
        new Case("nobody", "submitted", "cancel", null, 403, By.SERVICE),
        new Case("nobody", "submitted", "approve", null, 403, By.GATEWAY),
        new Case("nobody", "submitted", "reject", "no", 403, By.GATEWAY));
    for (Case c : cases) {
      long id = f.orderIn(c.from());
      HttpResponse<Buffer> r = f.move(token.apply(c.who()), id, c.transition(), c.comment(), null);
      String what = c.who() + " " + c.transition() + " from " + c.from() + ": " + r.bodyAsString();
      assertThat(r.statusCode()).as(what).isEqualTo(c.status());
      if (c.status() == 200) {
        assertThat(r.getHeader("ETag")).as(what).isEqualTo("\"" + r.bodyAsJsonObject().getLong("version") + "\"");
        assertThat(r.bodyAsJsonObject().getJsonArray("lines")).as("the whole order").hasSize(1);
      }
      if (c.refusedBy() != null) {
        assertThat(r.bodyAsJsonObject().getString("code")).as(what).isEqualTo("permission_denied");
        assertThat(r.getHeader("RateLimit-Limit") == null).as("%s: refused by the %s", what, c.refusedBy()).isEqualTo(c.refusedBy() == By.GATEWAY);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void nobodyDecidesOnAnOrderTheyRequestedAndIfMatchComesBeforeTheState(Db db) {
    OrderFixture f = FIXTURES.of(db);
    RunningOrderly app = f.app;
    String buyer = f.user("buyer", false, "purchase_orders.add", "purchase_orders.approve", "purchase_orders.view");
    long own = f.draft(buyer);
    assertThat(f.move(buyer, own, "submit", null, null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> self = f.move(buyer, own, "approve", null, null);
    assertThat(self.statusCode()).isEqualTo(403);
    assertThat(self.bodyAsJsonObject().getString("detail")).isEqualTo("You cannot approve a purchase order you requested.");
    long admins = f.draft(null);
    assertThat(f.move(null, admins, "submit", null, null).statusCode()).isEqualTo(200);
    assertThat(f.move(null, admins, "reject", "mine", null).statusCode()).as("superusers included").isEqualTo(403);
    assertThat(f.move(buyer, admins, "approve", "yours", null).statusCode()).isEqualTo(200);

    long id = f.orderIn("submitted");
    HttpResponse<Buffer> stale = f.move(f.requester, id, "submit", null, "\"1\"");
    assertThat(stale.statusCode()).as("stale and illegal: 412 first").isEqualTo(412);
    assertThat(stale.bodyAsJsonObject().getString("code")).isEqualTo("precondition_failed");
    HttpResponse<Buffer> approved = f.move(f.approver, id, "approve", null, "\"2\"");
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(approved.getHeader("ETag")).isEqualTo("\"3\"");
    assertThat(approved.bodyAsJsonObject().getString("status")).isEqualTo("approved");
    HttpResponse<Buffer> again = f.move(f.approver, id, "approve", null, "\"3\"");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("code")).isEqualTo("invalid_state");

    assertThat(f.move(null, 999_999, "submit", null, null).statusCode()).isEqualTo(404);
    assertThat(app.testRequest(POST, "/api/suppliers/" + f.supplier + "/approve", null).statusCode())
        .as("a resource without a workflow").isEqualTo(404);
    assertThat(app.testRequest(POST, ORDERS + id + "/teleport", null).statusCode()).isEqualTo(404);
    assertThat(app.testRequest(GET, ORDERS + id + "/approve", null).statusCode()).isEqualTo(405);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aTransitionDropsTheCachedResponsesOfOrders(Db db) {
    OrderFixture f = FIXTURES.of(db);
    RunningOrderly app = f.app;
    long id = f.orderIn("submitted");
    String number = app.testRequest(GET, ORDERS + id + "/", null, 200).bodyAsJsonObject().getString("number");
    String submitted = ORDERS + "?status=submitted&number=" + number;
    // the setup's own change events may drop the first entries a little later
    Eventually.until("the order is served from the cache",
        () -> "HIT".equals(app.testRequest(GET, ORDERS + id + "/", null, 200).getHeader("X-Cache")));
    Eventually.until("the list is served from the cache", () -> "HIT".equals(app.testRequest(GET, submitted, null, 200).getHeader("X-Cache")));
    assertThat(app.testRequest(GET, submitted, null, 200).bodyAsJsonObject().getLong("count")).isEqualTo(1L);
    assertThat(f.move(f.approver, id, "approve", null, null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> fresh = app.testRequest(GET, ORDERS + id + "/", null, 200);
    assertThat(fresh.getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(fresh.bodyAsJsonObject().getString("status")).isEqualTo("approved");
    assertThat(app.testRequest(GET, submitted, null, 200).bodyAsJsonObject().getLong("count")).isZero();
  }

  @Test
  void theApprovalScopeCountsTransitionsPerUserAndRefusesBeyondItsRate(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("THROTTLE_RATES", "approval=3/minute"))) {
      OrderFixture f = OrderFixture.on(app);
      long id = f.draft(f.requester);
      assertThat(f.move(f.requester, id, "approve", null, null).statusCode()).as("a 403 at the gateway uses no quota").isEqualTo(403);
      int[] expected = {200, 409, 409};
      for (int i = 0; i < expected.length; i++) {
        HttpResponse<Buffer> r = f.move(f.requester, id, "submit", null, null);
        assertThat(r.statusCode()).isEqualTo(expected[i]);
        assertThat(r.getHeader("RateLimit-Limit")).isEqualTo("3");
        assertThat(r.getHeader("RateLimit-Remaining")).isEqualTo(String.valueOf(2 - i));
      }
      HttpResponse<Buffer> refused = f.move(f.requester, id, "cancel", null, null);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 60L);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("throttled");
      assertThat(app.send(app.requestAs(f.requester, GET, ORDERS + id + "/"), null).bodyAsJsonObject().getString("status"))
          .as("refused before it ran; reads are no approvals").isEqualTo("submitted");
      f.history(f.requester, "purchase-orders", id);
      assertThat(f.move(f.approver, id, "approve", null, null).statusCode()).as("another user's own quota").isEqualTo(200);
    }
  }

  @Test
  void theReadmesWalkThroughTheDemoOrdersWorks(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir)) {
      DemoData.Summary loaded = RunningOrderly.await(new DemoData(app.vertx(), 10_000,
          CallerSigning.fromSecret(app.settings().secretKey())).loadIfEmpty());
      assertThat(loaded.orders()).isEqualTo(3);
      JsonObject first = app.testRequest(GET, ORDERS + "?fields=id,number,status,requested_by", null, 200).bodyAsJsonObject()
          .getJsonArray("results").getJsonObject(0);
      assertThat(first.getLong("requested_by")).as("requested by the node, so a superuser may decide").isZero();
      long id = first.getLong("id");
      app.testRequest(POST, ORDERS + id + "/submit/", null, 200);
      HttpResponse<Buffer> approved = app.send(app.request(POST, ORDERS + id + "/approve/").putHeader("If-Match", "\"2\""),
          new JsonObject().put("comment", "Within budget"));
      assertThat(approved.statusCode()).as(approved.bodyAsString()).isEqualTo(200);
      assertThat(approved.bodyAsJsonObject().getString("decision_comment")).isEqualTo("Within budget");
      assertThat(OrderFixture.actions(app.testRequest(GET, ORDERS + id + "/history/", null, 200).bodyAsJsonArray()))
          .containsExactly("created", "submitted", "approved");

      long own = app.testRequest(POST, ORDERS, new JsonObject().put("supplier_id", 1).put("lines", new JsonArray()
          .add(new JsonObject().put("product_id", 1).put("quantity", "5"))), 201).bodyAsJsonObject().getLong("id");
      app.testRequest(POST, ORDERS + own + "/submit/", null, 200);
      app.testRequest(POST, ORDERS + own + "/approve/", null, 403);
      String carol = app.user("carol", "car0l-approves", new JsonObject()
          .put("permissions", new JsonArray().add("purchase_orders.view").add("purchase_orders.approve")));
      assertThat(app.send(app.requestAs(carol, POST, ORDERS + own + "/approve/"), new JsonObject().put("comment", "OK for this quarter"))
          .statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void racingApprovalsAndRejectionsOverHttpHaveOneWinnerAndOneDecision(Db db) {
    OrderFixture f = FIXTURES.of(db);
    RunningOrderly app = f.app;
    String other = f.user("approver2", false, "purchase_orders.approve", "purchase_orders.view");
    long id = f.orderIn("submitted");
    // a connection per request, so that the 40 really race
    WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("localhost").setDefaultPort(app.port()),
        new PoolOptions().setHttp1MaxSize(40));
    try {
      List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(client.post(ORDERS + id + "/approve/").putHeader("Authorization", "Bearer " + f.approver).send());
        calls.add(client.post(ORDERS + id + "/reject/").putHeader("Authorization", "Bearer " + other)
            .sendJsonObject(new JsonObject().put("comment", "no " + i)));
      }
      List<Integer> statuses = calls.stream().map(call -> RunningOrderly.await(call).statusCode()).toList();
      assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(39);
    } finally {
      client.close();
    }
    List<String> actions = OrderFixture.actions(f.history(f.staff, "purchase-orders", id));
    assertThat(actions).filteredOn(a -> a.equals("approved") || a.equals("rejected")).hasSize(1);
    assertThat(actions).hasSize(3);
    String status = app.testRequest(GET, ORDERS + id + "/", null, 200).bodyAsJsonObject().getString("status");
    assertThat(status).isEqualTo(actions.get(2).equals("approved") ? "approved" : "rejected");
  }
}
