package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.config.ThrottleRates;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleScopesTest {
  private static final String IP = "192.0.2.10";
  private static final Handler<RoutingContext> NONE = ctx -> {};
  private final ThrottleScopes scopes = new ThrottleScopes(ThrottleRates.parse(""), everyRuledRoute());

  /** A table with the route of every rule, as if the routes other issues add were built. */
  private static RouteTable everyRuledRoute() {
    RouteTable routes = new RouteTable();
    ThrottleScopes.ROUTES.forEach(rule -> routes.api(rule.method(), rule.template(), NONE));
    return routes;
  }

  private List<Check> checks(io.vertx.core.http.HttpMethod method, String path, Long user, String username) {
    return scopes.checks(method, path, user, IP, () -> username);
  }

  @Test
  void anonymousRequestsCountByIpAuthenticatedOnesByUser() {
    assertThat(checks(GET, "/api/suppliers/", null, null)).containsExactly(new Check("anon", IP, 100, 3600));
    assertThat(checks(DELETE, "/api/products/3/", 42L, null)).containsExactly(new Check("user", "42", 1000, 3600));
  }

  @Test
  void approvalAndExportRoutesCountInTheirOwnScopeToo() {
    for (String action : List.of("submit", "approve", "reject", "cancel")) {
      assertThat(checks(POST, "/api/purchase-orders/7/" + action + "/", 42L, null))
          .containsExactly(new Check("user", "42", 1000, 3600), new Check("approval", "42", 10, 3600));
    }
    assertThat(checks(GET, "/api/purchase-orders/7/", 42L, null)).hasSize(1);
    assertThat(checks(GET, "/api/purchase-orders/7/history", 42L, null)).hasSize(1);
    assertThat(checks(POST, "/api/leave-requests/7/approve", 42L, null)).as("the transitions of any resource with a workflow")
        .contains(new Check("approval", "42", 10, 3600));
    assertThat(checks(GET, "/api/products/export", 42L, null)).contains(new Check("export", "42", 20, 3600));
    assertThat(checks(POST, "/api/exports/", 42L, null)).contains(new Check("export", "42", 20, 3600));
    assertThat(checks(POST, "/api/purchase-orders/7/submit", null, null)).as("DRF's ScopedRateThrottle keys anonymous callers by IP")
        .contains(new Check("approval", IP, 10, 3600));
  }

  @Test
  void loginAndSessionShareOneCounterPerIpAndUsernameAndRefreshCountsPerIp() {
    Check login = checks(POST, "/api/auth/login", null, "alice").get(1);
    assertThat(login.scope()).isEqualTo("login");
    assertThat(login.limit()).isEqualTo(10);
    assertThat(login.duration()).isEqualTo(60);
    assertThat(login.key()).startsWith(IP + ":").doesNotContain("alice");
    assertThat(checks(POST, "/api/auth/session/", null, "Alice").get(1)).isEqualTo(login);
    assertThat(checks(POST, "/api/auth/login", null, "bob").get(1).key()).isNotEqualTo(login.key());
    assertThat(checks(POST, "/api/auth/refresh", null, null)).containsExactly(new Check("anon", IP, 100, 3600), new Check("login", IP, 10, 60));
  }

  @Test
  void aRuleCountsOnlyWhenTheTableHasItsRoute() {
    RouteTable resourcesAndLogin = new RouteTable()
        .api(GET, GatewayRouter.RECORD, NONE)
        .api(POST, GatewayRouter.RESOURCE, NONE)
        .unauthenticated(POST, GatewayRouter.AUTH + "login", NONE);
    ThrottleScopes built = new ThrottleScopes(ThrottleRates.parse(""), resourcesAndLogin);

    assertThat(built.checks(GET, "/api/products/export", 42L, IP, () -> null)).containsExactly(new Check("user", "42", 1000, 3600));
    assertThat(built.checks(POST, "/api/exports/", 42L, IP, () -> null)).containsExactly(new Check("user", "42", 1000, 3600));
    assertThat(built.checks(POST, "/api/auth/login", null, IP, () -> "alice")).hasSize(2);
    assertThat(built.checks(POST, "/api/auth/refresh", null, IP, () -> null)).hasSize(1);
  }

  @Test
  void aScopeTurnedOffIsNotChecked() {
    ThrottleScopes off = new ThrottleScopes(ThrottleRates.parse("anon=none,login=none"), everyRuledRoute());
    assertThat(off.checks(POST, "/api/auth/login", null, IP, () -> "alice")).isEmpty();
  }
}
