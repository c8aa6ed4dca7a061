package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.PermissionDeclaration;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.security.Permissions;
import dev.orderly.core.test.Db;
import dev.orderly.entities.resources.Resources;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Permission codenames come from the services' definitions: a newly declared one is grantable over HTTP at once. */
class CodenamesApiIT {
  private static final String PASSWORD = "e2e-Passw0rd";

  private static JsonArray permissionsOf(RunningOrderly app, String token) {
    return app.send(app.requestAs(token, GET, "/api/auth/me"), null).bodyAsJsonObject().getJsonArray("permissions");
  }

  private static List<String> declare(RunningOrderly app, String... codenames) {
    RequestContext system = new RequestContext("e2e-declare", Caller.SYSTEM, CallerSigning.fromSecret(app.settings().secretKey()));
    return RunningOrderly.await(new AuthClient(app.vertx(), RunningOrderly.TIMEOUT_SECONDS * 1000)
        .declarePermissions(new PermissionDeclaration(List.of(codenames)), system)).added();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aDeclaredCodenameIsGrantableAndSeenInMeAndDeclaringTwiceChangesNothing(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      JsonArray before = permissionsOf(app, app.adminToken());
      assertThat(before).as("every codename the running services declared")
          .containsAll(Permissions.codenames(Resources.ALL))
          .contains("suppliers.view", "purchase_orders.approve", "users.change", "groups.view");
      assertThat(app.testRequest(POST, "/api/users/", new JsonObject().put("username", "early")
          .put("password", PASSWORD).put("permissions", new JsonArray().add("widgets.view")), 400).bodyAsJsonObject()
          .getJsonArray("permissions")).isNotEmpty();

      assertThat(declare(app, "widgets.view", "widgets.add", "suppliers.view")).containsExactly("widgets.add", "widgets.view");

      String dave = app.user("dave", PASSWORD, new JsonObject().put("permissions", new JsonArray().add("widgets.view")));
      assertThat(permissionsOf(app, dave)).containsExactly("widgets.view");
      JsonArray after = permissionsOf(app, app.adminToken());
      assertThat(after).hasSize(before.size() + 2).contains("widgets.view", "widgets.add");

      assertThat(declare(app, "widgets.view", "widgets.add")).isEmpty();
      assertThat(permissionsOf(app, app.adminToken())).isEqualTo(after);
      assertThat(permissionsOf(app, dave)).containsExactly("widgets.view");
    }
  }
}
