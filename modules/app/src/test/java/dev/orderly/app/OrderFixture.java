package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The people of the approval workflow on a {@link RunningOrderly}, each with its access token, and purchase
 * orders in any state, all made over HTTP: the requester (add and view on purchase orders), an approver
 * (approve and view), a clerk (change and view), a staff member (view only) and somebody with no permission.
 * The superuser is the node's own ({@link RunningOrderly#request}).
 */
final class OrderFixture {
  static final String PASSWORD = "wf-Passw0rd-e2e";
  static final String ORDERS = "/api/purchase-orders/";

  final RunningOrderly app;
  final String requester;
  final String approver;
  final String clerk;
  final String staff;
  final String nobody;
  final long supplier;
  private final long product;

  private OrderFixture(RunningOrderly app) {
    this.app = app;
    this.requester = user("requester", false, "purchase_orders.add", "purchase_orders.view");
    this.approver = user("approver", false, "purchase_orders.approve", "purchase_orders.view");
    this.clerk = user("clerk", false, "purchase_orders.change", "purchase_orders.view");
    this.staff = user("staffer", true, "purchase_orders.view", "suppliers.view");
    this.nobody = user("nobody", false);
    this.supplier = app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "WF-1").put("name", "Workflow Supplies"), 201)
        .bodyAsJsonObject().getLong("id");
    this.product = app.testRequest(POST, "/api/products/", new JsonObject().put("sku", "WF-P1").put("name", "Widget")
        .put("unit_price", "2.50").put("supplier_id", supplier), 201).bodyAsJsonObject().getLong("id");
  }

  static OrderFixture on(RunningOrderly app) {
    return new OrderFixture(app);
  }

  /** A node per database, started on first use and shared by the tests of one class (each user costs two password hashes). */
  static final class PerDatabase implements AutoCloseable {
    private final Map<Db, OrderFixture> fixtures = new EnumMap<>(Db.class);

    synchronized OrderFixture of(Db db) {
      return fixtures.computeIfAbsent(db, d -> on(RunningOrderly.start(d, tempDir())));
    }

    @Override
    public synchronized void close() {
      fixtures.values().forEach(f -> f.app.close());
      fixtures.clear();
    }
  }

  /** A new directory for the files of a node that outlives one test method. */
  private static Path tempDir() {
    try {
      return Files.createTempDirectory("orderly-workflow-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A user with these permissions; its access token. */
  String user(String username, boolean staffStatus, String... permissions) {
    return app.user(username, PASSWORD, new JsonObject().put("is_staff", staffStatus)
        .put("permissions", new JsonArray(List.of((Object[]) permissions))));
  }

  /** A request with {@code token}, or as the superuser when it is null. */
  HttpRequest<Buffer> as(String token, HttpMethod method, String path) {
    return token == null ? app.request(method, path) : app.requestAs(token, method, path);
  }

  /** A draft order with one line, requested by {@code token}'s user (the superuser when null); its id. */
  long draft(String token) {
    JsonObject body = new JsonObject().put("supplier_id", supplier).put("notes", "")
        .put("lines", new JsonArray().add(new JsonObject().put("product_id", product).put("quantity", "4")));
    HttpResponse<Buffer> created = app.send(as(token, POST, ORDERS), body);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getLong("id");
  }

  /** The requester's order, moved to {@code state} by the requester and the approver. */
  long orderIn(String state) {
    long id = draft(requester);
    List<String> path = switch (state) {
      case "draft" -> List.of();
      case "submitted" -> List.of("submit");
      case "approved" -> List.of("submit", "approve");
      case "rejected" -> List.of("submit", "reject");
      case "cancelled" -> List.of("cancel");
      default -> throw new IllegalArgumentException(state);
    };
    for (String transition : path) {
      String who = transition.equals("approve") || transition.equals("reject") ? approver : requester;
      assertThat(move(who, id, transition, "setting up", null).statusCode()).as("%s to reach %s", transition, state).isEqualTo(200);
    }
    return id;
  }

  /** {@code POST /api/purchase-orders/{id}/<transition>} as {@code token}, with a comment (or none) and If-Match (or none). */
  HttpResponse<Buffer> move(String token, long id, String transition, String comment, String ifMatch) {
    HttpRequest<Buffer> request = as(token, POST, ORDERS + id + "/" + transition + "/");
    if (ifMatch != null) request.putHeader("If-Match", ifMatch);
    return app.send(request, comment == null ? null : new JsonObject().put("comment", comment));
  }

  /** The record's history as {@code token}, which must answer 200. */
  JsonArray history(String token, String resource, long id) {
    HttpResponse<Buffer> r = app.send(as(token, GET, "/api/" + resource + "/" + id + "/history"), null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("X-Cache")).as("a history is never cached").isNull();
    return r.bodyAsJsonArray();
  }

  /** The {@code action} of each entry. */
  static List<String> actions(JsonArray history) {
    return history.stream().map(e -> ((JsonObject) e).getString("action")).toList();
  }
}
