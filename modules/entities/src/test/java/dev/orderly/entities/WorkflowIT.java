package dev.orderly.entities;

import static dev.orderly.entities.EntityService.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.ResourceCalls;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The purchase-order approval workflow over the event bus, on SQLite and PostgreSQL: actors, states, races, history. */
class WorkflowIT {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String ORDERS = "purchase-orders";
  private static EntityService service;

  /** The requester (creates orders; no permission), a clerk ({@code change}), approvers ({@code approve}) and a superuser. */
  private static final RequestContext REQUESTER = as(new Caller(7L, "tester"));
  private static final RequestContext CLERK = as(new Caller(20L, "clerk", false, false, Set.of("purchase_orders.change")));
  private static final RequestContext APPROVER = as(new Caller(30L, "approver", false, false, Set.of("purchase_orders.approve")));
  private static final RequestContext OUTSIDER = as(new Caller(40L, "outsider", false, false, Set.of("purchase_orders.view")));

  @BeforeAll
  static void start() {
    service = new EntityService();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static RequestContext as(Caller caller) {
    return new RequestContext("wf-" + caller.username(), caller, CallerSigning.fromSecret(TestServices.SECRET));
  }

  private static RequestContext superuser(long id) {
    return as(new Caller(id, "root" + id, true, true, Set.of()));
  }

  private static ResourceCalls client(Db db) {
    return service.client(db);
  }

  /** A draft order of {@code requester} with one line (or none). */
  private static long order(Db db, RequestContext requester, boolean withLine) {
    String n = "WF" + System.nanoTime() % 1_000_000_000L + "-" + SEQ.incrementAndGet();
    long supplier = await(client(db).create("suppliers", new JsonObject().put("code", n).put("name", "S"), requester)).json().getLong("id");
    long product = await(client(db).create("products", new JsonObject().put("sku", n).put("name", "P").put("unit_price", "2.50")
        .put("supplier_id", supplier), requester)).json().getLong("id");
    JsonArray lines = withLine ? new JsonArray().add(new JsonObject().put("product_id", product).put("quantity", "4")) : new JsonArray();
    EntityService.Result created = await(client(db).create(ORDERS, new JsonObject().put("supplier_id", supplier).put("lines", lines), requester));
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(200);
    return created.json().getLong("id");
  }

  private static EntityService.Result move(Db db, long id, String transition, String comment, String ifMatch, RequestContext who) {
    return await(client(db).transition(ORDERS, String.valueOf(id), transition, comment, ifMatch, who));
  }

  private static JsonArray history(Db db, long id, RequestContext who) {
    EntityService.Result r = await(client(db).history(ORDERS, String.valueOf(id), who));
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    return (JsonArray) r.body();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void submitThenApproveStampsTheOrderBumpsTheVersionAndIsInTheHistory(Db db) {
    long id = order(db, REQUESTER, true);

    EntityService.Result submitted = move(db, id, "submit", null, "\"1\"", REQUESTER);
    assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(200);
    assertThat(submitted.json().getString("status")).isEqualTo("submitted");
    assertThat(submitted.json().getLong("version")).isEqualTo(2L);
    assertThat(submitted.version()).isEqualTo("2");
    assertThat(submitted.json().getString("submitted_at")).isNotNull();
    assertThat(submitted.json().getJsonArray("lines")).hasSize(1);

    EntityService.Result approved = move(db, id, "approve", "  fine  ", null, APPROVER);
    assertThat(approved.status()).as(String.valueOf(approved.body())).isEqualTo(200);
    assertThat(approved.json().getString("status")).isEqualTo("approved");
    assertThat(approved.json().getLong("decided_by")).isEqualTo(30L);
    assertThat(approved.json().getString("decision_comment")).isEqualTo("fine");
    assertThat(approved.json().getLong("version")).isEqualTo(3L);

    JsonArray trail = history(db, id, OUTSIDER);
    assertThat(trail.stream().map(e -> ((JsonObject) e).getString("action"))).containsExactly("created", "submitted", "approved");
    JsonObject approval = trail.getJsonObject(2);
    assertThat(approval.getString("from")).isEqualTo("submitted");
    assertThat(approval.getString("to")).isEqualTo("approved");
    assertThat(approval.getString("comment")).isEqualTo("fine");
    assertThat(approval.getJsonObject("actor")).isEqualTo(new JsonObject().put("id", 30L).put("username", "approver"));
    assertThat(approval.getJsonObject("changes").getJsonArray("status")).isEqualTo(new JsonArray().add("submitted").add("approved"));
    assertThat(trail.getJsonObject(0).getString("from")).isNull();
    assertThat(trail.getJsonObject(0).getString("at")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void whoMayRunEachTransition(Db db) {
    long id = order(db, REQUESTER, true);
    // only the requester or a holder of change submits; the approver has approve, not change
    assertThat(move(db, id, "submit", null, null, APPROVER).status()).isEqualTo(403);
    assertThat(move(db, id, "submit", null, null, OUTSIDER).status()).isEqualTo(403);
    assertThat(move(db, id, "submit", null, null, CLERK).status()).isEqualTo(200);
    // nobody decides on an order they requested, superusers included
    long own = order(db, superuser(50L), true);
    assertThat(move(db, own, "submit", null, null, superuser(50L)).status()).isEqualTo(200);
    EntityService.Result selfApproval = move(db, own, "approve", null, null, superuser(50L));
    assertThat(selfApproval.status()).isEqualTo(403);
    assertThat(selfApproval.json().getString("code")).isEqualTo("permission_denied");
    assertThat(move(db, own, "reject", "no", null, superuser(50L)).status()).isEqualTo(403);
    assertThat(move(db, own, "approve", null, null, superuser(51L)).status()).isEqualTo(200);
    // approve needs the approve permission
    assertThat(move(db, id, "approve", null, null, CLERK).status()).isEqualTo(403);
    assertThat(move(db, id, "reject", "too dear", null, APPROVER).status()).isEqualTo(200);
    // cancel: the requester or change
    long other = order(db, REQUESTER, true);
    assertThat(move(db, other, "cancel", null, null, OUTSIDER).status()).isEqualTo(403);
    assertThat(move(db, other, "cancel", null, null, REQUESTER).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void everyOtherTransitionIsInvalidStateAndIfMatchComesFirst(Db db) {
    long id = order(db, REQUESTER, true);
    EntityService.Result early = move(db, id, "approve", null, null, APPROVER);
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.json().getString("code")).isEqualTo("invalid_state");
    assertThat(move(db, id, "submit", null, null, REQUESTER).status()).isEqualTo(200);
    assertThat(move(db, id, "submit", null, null, REQUESTER).status()).isEqualTo(409);
    // a stale version is 412 even when the transition is also illegal
    assertThat(move(db, id, "submit", null, "\"1\"", REQUESTER).status()).isEqualTo(412);
    EntityService.Result noComment = move(db, id, "reject", "   ", null, APPROVER);
    assertThat(noComment.status()).isEqualTo(400);
    assertThat(noComment.json().getJsonArray("comment")).isNotEmpty();
    assertThat(move(db, id, "cancel", null, null, REQUESTER).status()).isEqualTo(200);
    for (String t : List.of("submit", "approve", "cancel")) {
      assertThat(move(db, id, t, "x", null, superuser(60L)).status()).as(t).isEqualTo(409);
    }
    // only drafts are edited or deleted
    assertThat(await(client(db).update(ORDERS, String.valueOf(id), new JsonObject().put("notes", "x"), true, null, REQUESTER)).status())
        .isEqualTo(409);
    assertThat(await(client(db).delete(ORDERS, String.valueOf(id), null, REQUESTER)).status()).isEqualTo(409);
    assertThat(move(db, id, "teleport", null, null, REQUESTER).status()).isEqualTo(404);
    assertThat(move(db, 999_999_999L, "submit", null, null, REQUESTER).status()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void submittingAnOrderWithoutLinesIsRefusedOnLines(Db db) {
    long id = order(db, REQUESTER, false);
    EntityService.Result r = move(db, id, "submit", null, null, REQUESTER);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("lines")).isNotEmpty();
    assertThat(history(db, id, REQUESTER)).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void racingApproversAndRejectersHaveExactlyOneWinnerAndOneDecision(Db db) {
    long id = order(db, REQUESTER, true);
    assertThat(move(db, id, "submit", null, null, REQUESTER).status()).isEqualTo(200);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RequestContext approver = as(new Caller(100L + i, "a" + i, false, false, Set.of("purchase_orders.approve")));
      RequestContext rejecter = as(new Caller(200L + i, "r" + i, false, false, Set.of("purchase_orders.approve")));
      calls.add(client(db).transition(ORDERS, String.valueOf(id), "approve", null, null, approver));
      calls.add(client(db).transition(ORDERS, String.valueOf(id), "reject", "no", null, rejecter));
    }
    int ok = 0;
    int conflicts = 0;
    for (Future<?> call : calls) {
      int status = await(call).status();
      if (status == 200) ok++;
      else if (status == 409) conflicts++;
    }
    assertThat(ok).isEqualTo(1);
    assertThat(conflicts).isEqualTo(39);
    JsonArray trail = history(db, id, REQUESTER);
    assertThat(trail.stream().map(e -> ((JsonObject) e).getString("action")).filter(a -> a.equals("approved") || a.equals("rejected")))
        .hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void historyOfADeletedRecordStaysReadableByStaffOnly(Db db) {
    long id = order(db, REQUESTER, true);
    assertThat(await(client(db).update(ORDERS, String.valueOf(id), new JsonObject().put("notes", "n"), true, null, REQUESTER)).status())
        .isEqualTo(200);
    // a write that changes nothing adds no entry
    assertThat(await(client(db).update(ORDERS, String.valueOf(id), new JsonObject().put("notes", "n"), true, null, REQUESTER)).status())
        .isEqualTo(200);
    assertThat(history(db, id, REQUESTER).stream().map(e -> ((JsonObject) e).getString("action"))).containsExactly("created", "updated");
    assertThat(await(client(db).delete(ORDERS, String.valueOf(id), null, REQUESTER)).status()).isEqualTo(200);

    assertThat(await(client(db).history(ORDERS, String.valueOf(id), REQUESTER)).status()).isEqualTo(404);
    RequestContext staff = as(new Caller(70L, "staff", true, false, Set.of("purchase_orders.view")));
    assertThat(history(db, id, staff).stream().map(e -> ((JsonObject) e).getString("action")))
        .containsExactly("created", "updated", "deleted");
    assertThat(await(client(db).history(ORDERS, "999999999", staff)).status()).isEqualTo(404);
  }
}
