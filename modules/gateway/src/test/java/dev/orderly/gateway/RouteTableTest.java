package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.OPTIONS;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.bus.CallerSigning;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static final Handler<RoutingContext> NONE = ctx -> {};
  private final RouteTable table = new RouteTable()
      .open(GET, "/health/live", NONE)
      .api(GET, GatewayRouter.RESOURCE, NONE)
      .api(POST, GatewayRouter.RESOURCE, NONE)
      .api(GET, GatewayRouter.RECORD, NONE)
      .api(PUT, GatewayRouter.RECORD, NONE)
      .api(PATCH, GatewayRouter.RECORD, NONE)
      .api(DELETE, GatewayRouter.RECORD, NONE);

  @Test
  void templatesMatchWithAndWithoutTrailingSlash() {
    assertThat(table.templateOf("/api/purchase-orders")).isEqualTo("/api/{resource}");
    assertThat(table.templateOf("/api/purchase_orders/")).isEqualTo("/api/{resource}");
    assertThat(table.templateOf("/api/suppliers/12")).isEqualTo("/api/{resource}/{id}");
    assertThat(table.templateOf("/api/suppliers/12/")).isEqualTo("/api/{resource}/{id}");
    assertThat(table.templateOf("/health/live/")).isEqualTo("/health/live");
  }

  @Test
  void resourceNamesAreLowerCaseAndStartWithALetter() {
    assertThat(table.templateOf("/api/Suppliers")).isEqualTo("-");
    assertThat(table.templateOf("/api/1suppliers")).isEqualTo("-");
    assertThat(table.templateOf("/api/sup.pliers")).isEqualTo("-");
    assertThat(table.templateOf("/api/suppliers/1/extra")).isEqualTo("-");
    assertThat(table.templateOf("/api//1")).isEqualTo("-");
    assertThat(table.templateOf("/elsewhere")).isEqualTo("-");
    assertThat(table.templateOf(null)).isEqualTo("-");
  }

  @Test
  void theAuthenticationRoutesAndTheEventStreamAreNoResources() {
    for (String path : new String[] {"/api/auth", "/api/auth/1", "/api/events/", "/api/events/1"}) {
      assertThat(table.templateOf(path)).as(path).isEqualTo("-");
    }
    assertThat(table.templateOf("/api/eventsx/")).isEqualTo("/api/{resource}");
    assertThat(table.templateOf("/api/authors/1")).isEqualTo("/api/{resource}/{id}");
  }

  @Test
  void anIdIsAsciiDigitsOnly() {
    assertThat(table.templateOf("/api/products/007/")).isEqualTo("/api/{resource}/{id}");
    for (String path : new String[] {"/api/products/export", "/api/products/+1/", "/api/products/1a/", "/api/products/-1", "/api/products/١"}) {
      assertThat(table.templateOf(path)).as(path).isEqualTo("-");
    }
  }

  @Test
  void parametersAreNamedGroups() {
    Matcher m = RouteTable.compile(GatewayRouter.RECORD).matcher("/api/products/7/");
    assertThat(m.matches()).isTrue();
    assertThat(m.group("resource")).isEqualTo("products");
    assertThat(m.group("id")).isEqualTo("7");
  }

  @Test
  void everyApiRowHasItsPermissionCrudRowsTheirMethodsOne() {
    Vertx vertx = Vertx.vertx();
    RouteTable routes;
    try {
      routes = GatewayRouter.routes(new ResourceHandlers(null, null, null), new HealthHandlers(null), new ApiDocs(),
          new AuthHandlers(null, false, () -> { }), new EventStreams(vertx, null, CallerSigning.NONE, 1_000, 1, EventStreams.Options.DEFAULT),
          new FileHandlers(null, null, null, null, 0, 0), new MetricsEndpoint(vertx),
          new StaticFiles(vertx, java.nio.file.Path.of("static")));
    } finally {
      vertx.close().await();
    }
    assertThat(routes.permissionOf(GET, GatewayRouter.RESOURCE)).isEqualTo(Permission.of("view"));
    assertThat(routes.permissionOf(POST, GatewayRouter.RESOURCE)).isEqualTo(Permission.of("add"));
    assertThat(routes.permissionOf(GET, GatewayRouter.RECORD)).isEqualTo(Permission.of("view"));
    assertThat(routes.permissionOf(PUT, GatewayRouter.RECORD)).isEqualTo(Permission.of("change"));
    assertThat(routes.permissionOf(PATCH, GatewayRouter.RECORD)).isEqualTo(Permission.of("change"));
    assertThat(routes.permissionOf(DELETE, GatewayRouter.RECORD)).isEqualTo(Permission.of("delete"));
    assertThat(routes.permissionOf(GET, GatewayRouter.HISTORY)).isEqualTo(Permission.of("view"));
    assertThat(routes.permissionOf(POST, GatewayRouter.APPROVE)).isEqualTo(Permission.of("approve"));
    assertThat(routes.permissionOf(POST, GatewayRouter.REJECT)).isEqualTo(Permission.of("approve"));
    assertThat(routes.permissionOf(POST, GatewayRouter.SUBMIT)).isEqualTo(Permission.SERVICE_DECIDES);
    assertThat(routes.permissionOf(POST, GatewayRouter.CANCEL)).isEqualTo(Permission.SERVICE_DECIDES);
    assertThat(routes.permissionOf(GET, GatewayRouter.AUTH + "me")).as("authenticated, no resource").isNull();
    assertThat(routes.templateOf("/api/purchase-orders/3/approve/")).isEqualTo("/api/{resource}/{id}/approve");
    assertThat(routes.allowed("/api/purchase-orders/3/history")).containsExactly(GET);
  }

  @Test
  void aPermissionNamesAKnownActionAndOnlyCrudMethodsHaveADefault() {
    assertThatThrownBy(() -> Permission.of("fly")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RouteTable().api(OPTIONS, GatewayRouter.RESOURCE, NONE)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new RouteTable().api(OPTIONS, GatewayRouter.RESOURCE, NONE, Permission.of("view"))
        .permissionOf(OPTIONS, GatewayRouter.RESOURCE)).isEqualTo(Permission.of("view"));
  }

  @Test
  void allowedListsTheMethodsOfThePathInTableOrder() {
    assertThat(table.allowed("/api/suppliers/")).containsExactly(GET, POST);
    assertThat(table.allowed("/api/suppliers/3")).containsExactly(GET, PUT, PATCH, DELETE);
    assertThat(table.allowed("/health/live")).containsExactly(GET);
    assertThat(table.allowed("/nowhere")).isEmpty();
  }
}
