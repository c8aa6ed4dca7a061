package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET /api/R/{id}/history} over HTTP, on SQLite and PostgreSQL: what it holds, who reads it, what it omits. */
class HistoryApiIT {
  private static final String ORDERS = OrderFixture.ORDERS;
  private static final OrderFixture.PerDatabase FIXTURES = new OrderFixture.PerDatabase();

  @AfterAll
  static void stopAll() {
    FIXTURES.close();
  }
  private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

  private static JsonObject actor(String username, RunningOrderly app, String token) {
    JsonObject me = app.send(app.requestAs(token, GET, "/api/auth/me"), null).bodyAsJsonObject();
    return new JsonObject().put("id", me.getLong("id")).put("username", username);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anOrdersHistoryHoldsEveryChangeAndTransitionButNoWriteThatChangedNothing(Db db) {
    OrderFixture f = FIXTURES.of(db);
    RunningOrderly app = f.app;
    long id = f.draft(f.requester);
    JsonObject note = new JsonObject().put("notes", "urgent");
    assertThat(app.send(app.requestAs(f.clerk, PATCH, ORDERS + id + "/"), note).bodyAsJsonObject().getLong("version")).isEqualTo(2L);
    HttpResponse<Buffer> unchanged = app.send(app.requestAs(f.clerk, PATCH, ORDERS + id + "/"), note);
    assertThat(unchanged.statusCode()).isEqualTo(200);
    assertThat(unchanged.bodyAsJsonObject().getLong("version")).as("nothing changed").isEqualTo(2L);
    assertThat(f.move(f.requester, id, "submit", null, null).statusCode()).isEqualTo(200);
    assertThat(f.move(f.approver, id, "approve", "  within budget  ", null).statusCode()).isEqualTo(200);

    JsonArray trail = f.history(f.requester, "purchase-orders", id);
    assertThat(OrderFixture.actions(trail)).containsExactly("created", "updated", "submitted", "approved");
    JsonObject created = trail.getJsonObject(0);
    assertThat(created.fieldNames()).containsExactlyInAnyOrder("at", "actor", "action", "from", "to", "comment", "changes");
    assertThat(created.getString("at")).matches(TIMESTAMP);
    assertThat(created.getJsonObject("actor")).isEqualTo(actor("requester", app, f.requester));
    assertThat(created.getValue("from")).isNull();
    assertThat(created.getJsonObject("changes").getJsonArray("status")).isEqualTo(new JsonArray().addNull().add("draft"));
    JsonObject updated = trail.getJsonObject(1);
    assertThat(updated.getJsonObject("actor")).isEqualTo(actor("clerk", app, f.clerk));
    assertThat(updated.getJsonObject("changes").getJsonArray("notes")).isEqualTo(new JsonArray().add("").add("urgent"));
    assertThat(updated.getJsonObject("changes").fieldNames()).doesNotContain("status");
    JsonObject submitted = trail.getJsonObject(2);
    assertThat(submitted.getString("from")).isEqualTo("draft");
    assertThat(submitted.getString("to")).isEqualTo("submitted");
    assertThat(submitted.getJsonObject("changes").getJsonArray("status")).isEqualTo(new JsonArray().add("draft").add("submitted"));
    JsonObject approved = trail.getJsonObject(3);
    assertThat(approved.getJsonObject("actor")).isEqualTo(actor("approver", app, f.approver));
    assertThat(approved.getString("from")).isEqualTo("submitted");
    assertThat(approved.getString("to")).isEqualTo("approved");
    assertThat(approved.getString("comment")).isEqualTo("within budget");
    assertThat(approved.getJsonObject("changes").getJsonArray("decision_comment")).isEqualTo(new JsonArray().add("").add("within budget"));

    assertThat(f.history(f.approver, "purchase-orders", id)).as("the same for every reader, read afresh").isEqualTo(trail);
    HttpResponse<Buffer> denied = app.send(app.requestAs(f.nobody, GET, ORDERS + id + "/history"), null);
    assertThat(denied.statusCode()).as("history needs view").isEqualTo(403);
    assertThat(denied.getHeader("RateLimit-Limit")).as("refused at the gateway").isNull();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aDeletedRecordsHistoryIsReadByStaffOnlyAndAnUnknownRecordIs404(Db db) {
    OrderFixture f = FIXTURES.of(db);
    RunningOrderly app = f.app;
    long id = f.draft(f.requester);
    app.testRequest(DELETE, ORDERS + id + "/", null, 204);

    HttpResponse<Buffer> hidden = app.send(app.requestAs(f.requester, GET, ORDERS + id + "/history/"), null);
    assertThat(hidden.statusCode()).as("not staff: the record is gone").isEqualTo(404);
    assertThat(hidden.bodyAsJsonObject()).isEqualTo(new JsonObject().put("detail", "Not found.").put("code", "not_found"));
    JsonArray trail = f.history(f.staff, "purchase-orders", id);
    assertThat(OrderFixture.actions(trail)).containsExactly("created", "deleted");
    assertThat(trail.getJsonObject(1).getJsonObject("actor").getString("username")).isEqualTo(RunningOrderly.ADMIN);
    assertThat(OrderFixture.actions(f.history(null, "purchase-orders", id))).as("superusers are staff").hasSize(2);

    for (String token : new String[] {f.staff, f.requester}) {
      assertThat(app.send(app.requestAs(token, GET, ORDERS + "999999/history"), null).statusCode()).isEqualTo(404);
    }
    assertThat(app.send(app.requestAs(f.requester, GET, ORDERS + "12x/history"), null).statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void everyResourceHasAHistoryUsersAndGroupsForStaff(Db db) {
    OrderFixture f = FIXTURES.of(db);
    RunningOrderly app = f.app;
    app.testRequest(PATCH, "/api/suppliers/" + f.supplier + "/", new JsonObject().put("phone", "+49 30 1234"), 200);
    JsonArray supplier = f.history(f.staff, "suppliers", f.supplier);
    assertThat(OrderFixture.actions(supplier)).containsExactly("created", "updated");
    assertThat(supplier.getJsonObject(1).getJsonObject("changes").getJsonArray("phone")).isEqualTo(new JsonArray().add("").add("+49 30 1234"));
    assertThat(supplier.getJsonObject(1).getValue("from")).isNull();

    long requesterId = app.send(app.requestAs(f.requester, GET, "/api/auth/me"), null).bodyAsJsonObject().getLong("id");
    JsonArray user = f.history(null, "users", requesterId);
    assertThat(OrderFixture.actions(user)).containsExactly("created");
    assertThat(user.getJsonObject(0).getJsonObject("changes").fieldNames()).contains("username").doesNotContain("password");
    String viewer = f.user("user-viewer", false, "users.view");
    assertThat(app.send(app.requestAs(viewer, GET, "/api/users/" + requesterId + "/history"), null).statusCode())
        .as("users need staff").isEqualTo(403);
    assertThat(app.send(app.requestAs(f.staff, GET, "/api/users/" + requesterId + "/history"), null).statusCode())
        .as("staff need users.view too").isEqualTo(403);
  }
}
