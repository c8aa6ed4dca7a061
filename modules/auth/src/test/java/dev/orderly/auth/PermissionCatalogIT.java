package dev.orderly.auth;

import static dev.orderly.auth.AuthNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.auth.AuthNode.Result;
import dev.orderly.core.bus.AuthMessages.PermissionDeclaration;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.test.Db;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Codenames the services declare become grantable, once; only the system (a superuser) declares. */
class PermissionCatalogIT {
  private static final String PASSWORD = "tr1cky-Passw0rd";

  private static Result declare(AuthNode node, RequestContext who, String... codenames) {
    return await(node.auth.declarePermissions(new PermissionDeclaration(List.of(codenames)), who));
  }

  private static JsonArray permissionsOf(AuthNode node, long userId) {
    return await(node.auth.me(node.callerOf(userId))).body().getJsonArray("permissions");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aDeclaredCodenameIsGrantableAndDeclaringItAgainChangesNothing(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      long root = node.user(new JsonObject().put("username", "root").put("password", PASSWORD).put("is_superuser", true)).getLong("id");
      assertThat(permissionsOf(node, root)).as("the first migration's, users' and groups' included").hasSize(35);
      Result unknown = await(node.resources.create("users", new JsonObject().put("username", "early").put("password", PASSWORD)
          .put("permissions", new JsonArray().add("widgets.view")), node.system()));
      assertThat(unknown.status()).as("not grantable before it is declared").isEqualTo(400);

      Result first = declare(node, node.system(), "widgets.view", "widgets.add", "suppliers.view", "widgets.view");
      assertThat(first.status()).as(first.body().encode()).isEqualTo(200);
      assertThat(first.body()).isEqualTo(new JsonObject().put("added", new JsonArray().add("widgets.add").add("widgets.view")));

      long dave = node.user(new JsonObject().put("username", "dave").put("password", PASSWORD)
          .put("permissions", new JsonArray().add("widgets.view"))).getLong("id");
      assertThat(permissionsOf(node, dave)).containsExactly("widgets.view");
      JsonArray all = permissionsOf(node, root);
      assertThat(all).hasSize(37).contains("widgets.view", "widgets.add");

      assertThat(declare(node, node.system(), "widgets.view", "widgets.add").body())
          .isEqualTo(new JsonObject().put("added", new JsonArray()));
      assertThat(permissionsOf(node, root)).isEqualTo(all);
      assertThat(permissionsOf(node, dave)).containsExactly("widgets.view");
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void onlyASuperuserDeclaresAndAMalformedCodenameStoresNothing(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      assertThat(declare(node, node.anonymous(), "widgets.view").status()).isEqualTo(401);
      RequestContext staff = node.as(new Caller(5L, "staff", true, false, Set.of("users.add")));
      assertThat(declare(node, staff, "widgets.view").status()).isEqualTo(403);

      Result malformed = declare(node, node.system(), "widgets.view", "widgets.fly", "Widgets.add");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.body().getJsonArray("codenames")).hasSize(2);
      assertThat(malformed.body().getJsonArray("codenames").getString(0)).contains("Widgets.add");
      assertThat(declare(node, node.system(), "widgets.view").body().getJsonArray("added")).as("nothing was stored")
          .containsExactly("widgets.view");
      assertThat(declare(node, node.system()).body().getJsonArray("added")).isEmpty();
    }
  }
}
