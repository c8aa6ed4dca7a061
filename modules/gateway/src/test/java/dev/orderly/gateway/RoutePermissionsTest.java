package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each API row's own permission, checked before the row is throttled or forwarded. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class RoutePermissionsTest {
  private static final String ORDER = "{\"id\":5,\"version\":2,\"status\":\"submitted\"}";
  private static final JsonObject RATES = new JsonObject().put("THROTTLE_RATES", "user=50/minute,approval=20/minute");

  private static HttpResponse<Buffer> as(GatewayFixture gateway, String token, HttpMethod method, String path) {
    return gateway.anonymous(method, path).putHeader("Authorization", "Bearer " + token).send().await();
  }

  @Test
  void approveAndRejectNeedTheApprovePermissionSubmitAndCancelOnlyACaller(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, RATES);
    gateway.entities.replies(ORDER, "2", "5");
    gateway.auth.user(20, "clerk", false, false, "purchase_orders.view", "purchase_orders.change");
    gateway.auth.user(21, "approver", false, false, "purchase_orders.approve");
    gateway.auth.user(22, "nobody", false, false);
    String clerk = gateway.token(20);
    String approver = gateway.token(21);
    String nobody = gateway.token(22);

    for (String decision : new String[] {"approve", "reject"}) {
      HttpResponse<Buffer> denied = as(gateway, clerk, POST, "/api/purchase-orders/5/" + decision);
      assertThat(denied.statusCode()).as(decision).isEqualTo(403);
      assertThat(denied.bodyAsJsonObject().getString("code")).isEqualTo("permission_denied");
      assertThat(denied.getHeader("RateLimit-Limit")).as("a 403 at the gateway uses no quota").isNull();
      assertThat(as(gateway, nobody, POST, "/api/purchase-orders/5/" + decision + "/").statusCode()).isEqualTo(403);
    }
    assertThat(gateway.entities.count()).as("nothing forwarded").isZero();

    assertThat(as(gateway, approver, POST, "/api/purchase-orders/5/approve").statusCode()).isEqualTo(200);
    assertThat(as(gateway, approver, POST, "/api/purchase-orders/5/reject/").statusCode()).isEqualTo(200);
    // the requester may lack change: the service decides, so even a caller with no permission is forwarded
    for (String mine : new String[] {"submit", "cancel"}) {
      HttpResponse<Buffer> forwarded = as(gateway, nobody, POST, "/api/purchase-orders/5/" + mine);
      assertThat(forwarded.statusCode()).as(mine).isEqualTo(200);
      assertThat(forwarded.getHeader("RateLimit-Limit")).as("counted in the approval scope").isEqualTo("20");
    }
    assertThat(gateway.entities.count()).isEqualTo(4);
  }

  @Test
  void historyNeedsViewAndUsersAndGroupsNeedStaffOnEveryRoute(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx);
    gateway.entities.replies("[]", null, null);
    gateway.auth.user(20, "viewer", false, false, "suppliers.view", "users.view", "users.change");
    gateway.auth.user(21, "staff", true, false, "users.view", "groups.change");
    String viewer = gateway.token(20);
    String staff = gateway.token(21);

    assertThat(as(gateway, viewer, GET, "/api/suppliers/3/history").statusCode()).isEqualTo(200);
    assertThat(as(gateway, viewer, GET, "/api/products/3/history/").statusCode()).isEqualTo(403);
    assertThat(as(gateway, viewer, GET, "/api/users/3/history").statusCode()).isEqualTo(403);
    assertThat(as(gateway, viewer, POST, "/api/users/3/submit").statusCode()).as("staff only, whatever the service decides")
        .isEqualTo(403);
    assertThat(as(gateway, staff, GET, "/api/users/3/history").statusCode()).isEqualTo(200);
    assertThat(as(gateway, staff, GET, "/api/groups/3/history").statusCode()).isEqualTo(403);
    assertThat(as(gateway, staff, POST, "/api/groups/3/cancel").statusCode()).as("forwarded: the auth service decides").isEqualTo(200);
  }

  @Test
  void aRowMayNeedAnyActionSuchAsExportOrImport(Vertx vertx) {
    FakeEntities entities = FakeEntities.register(vertx);
    entities.replies("{}", null, null);
    GatewayFixture gateway = GatewayFixture.serve(vertx, new JsonObject(), routes -> routes
        .api(GET, GatewayRouter.RESOURCE + "/report", ctx -> Responses.json(ctx, 200, new JsonObject().put("exported", true)),
            Permission.of("export"))
        .api(POST, GatewayRouter.RESOURCE + "/archive", ctx -> Responses.json(ctx, 200, new JsonObject().put("imported", true)),
            Permission.of("import")));
    java.util.function.BiFunction<String, String, Integer> status = (permissions, path) -> gateway
        .request(path.endsWith("archive") ? POST : GET, path).putHeader(GatewayFixture.TEST_USER, "7")
        .putHeader(GatewayFixture.TEST_PERMISSIONS, permissions).send().await().statusCode();

    assertThat(status.apply("products.view", "/api/products/report")).as("view is not export").isEqualTo(403);
    assertThat(status.apply("products.export", "/api/products/report")).isEqualTo(200);
    assertThat(status.apply("suppliers.export", "/api/products/report")).isEqualTo(403);
    assertThat(status.apply("products.add", "/api/products/archive")).as("add is not import").isEqualTo(403);
    assertThat(status.apply("products.import", "/api/products/archive")).isEqualTo(200);
    assertThat(status.apply("products.view", "/api/products/3")).as("the CRUD rows keep the method's permission").isEqualTo(200);
    assertThat(status.apply("products.export", "/api/products/3")).isEqualTo(403);
  }
}
