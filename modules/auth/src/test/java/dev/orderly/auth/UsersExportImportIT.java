package dev.orderly.auth;

import static dev.orderly.auth.AuthNode.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.orderly.auth.AuthNode.Result;
import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.RowsPage;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.ImportStreams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Users export with their linked names and no password, and import through the engine behind the staff
 * rules: {@code users.export} / {@code users.import} for staff, and the user hooks (only a superuser grants
 * staff) for every imported row.
 */
class UsersExportImportIT {
  private static final String PASSWORD = "tr1cky-Passw0rd";

  @ParameterizedTest
  @EnumSource(Db.class)
  void usersExportWithTheirNamesAndImportThroughTheStaffRules(Db db, @TempDir Path dir) {
    try (AuthNode node = AuthNode.start(db, dir, AuthNode.FAST_ITERATIONS)) {
      await(node.resources.create("groups", new JsonObject().put("name", "clerks"), node.system()));
      await(node.resources.create("groups", new JsonObject().put("name", "buyers"), node.system()));
      long frank = node.user(new JsonObject().put("username", "frank").put("password", PASSWORD)
          .put("groups", new JsonArray().add("clerks"))).getLong("id");
      long staff = node.user(new JsonObject().put("username", "staffer").put("password", PASSWORD).put("is_staff", true)
          .put("permissions", new JsonArray().add("users.export").add("users.import").add("users.view"))).getLong("id");
      long viewer = node.user(new JsonObject().put("username", "viewer").put("password", PASSWORD).put("is_staff", true)
          .put("permissions", new JsonArray().add("users.view"))).getLong("id");

      JsonObject byName = new JsonObject().put("ordering", new JsonArray().add("username"));
      Result rows = await(node.resources.rows("users", byName, null, 10, node.system()));
      assertThat(rows.status()).as(rows.body().encode()).isEqualTo(200);
      RowsPage page = RowsPage.fromJson(rows.body());
      assertThat(page.columns()).extracting(RowsPage.Column::name).containsExactly("id", "username", "email", "first_name", "last_name",
          "is_active", "is_staff", "is_superuser", "groups", "permissions", "date_joined", "last_login", "version", "created_at",
          "updated_at");
      assertThat(page.columns().get(8).kind()).isEqualTo(RowsPage.Kind.NAMES);
      assertThat(page.rows().getJsonArray(0).getString(1)).isEqualTo("frank");
      assertThat(page.rows().getJsonArray(0).getJsonArray(8)).containsExactly("clerks");
      assertThat(page.rows().getJsonArray(1).getJsonArray(9)).containsExactly("users.export", "users.import", "users.view");
      assertThat(page.after()).isNull();
      assertThat(await(node.resources.rows("users", byName, null, 10, node.callerOf(viewer))).status()).isEqualTo(403);
      assertThat(await(node.resources.rows("users", byName, null, 10, node.callerOf(staff))).status()).isEqualTo(200);

      RequestContext staffer = node.callerOf(staff);
      Result imported = importRows(node, List.of(
          new ImportRow(2, new JsonObject().put("id", String.valueOf(frank)).put("groups", "clerks, buyers").put("first_name", "Frank")),
          new ImportRow(3, new JsonObject().put("username", "zoe").put("groups", "[\"buyers\"]").put("is_staff", "no"))), staffer);
      assertThat(imported.status()).as(imported.body().encode()).isEqualTo(200);
      assertThat(imported.body().getInteger("created")).isEqualTo(1);
      assertThat(imported.body().getInteger("updated")).isEqualTo(1);
      JsonObject updated = await(node.resources.get("users", String.valueOf(frank), new JsonObject(), node.system())).body();
      assertThat(updated.getJsonArray("groups")).containsExactly("buyers", "clerks");
      assertThat(updated.getString("first_name")).isEqualTo("Frank");

      Result refused = importRows(node, List.of(
          new ImportRow(2, new JsonObject().put("username", "eve").put("is_staff", "yes")),
          new ImportRow(3, new JsonObject().put("username", "mallory").put("password", "whatever1"))), staffer);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body().getJsonArray("errors").stream().map(o -> (JsonObject) o).toList())
          .extracting(e -> e.getLong("row"), e -> e.getString("field"), e -> e.getString("message"))
          .containsExactly(
              tuple(1L, "password", "Unknown column."),
              tuple(2L, "non_field_errors", "Only a superuser may change is_staff or is_superuser."));
      Result viewerImport = importRows(node, List.of(new ImportRow(2, new JsonObject().put("username", "ivy"))), node.callerOf(viewer));
      assertThat(viewerImport.status()).isEqualTo(403);
      Result users = await(node.resources.list("users", new JsonObject(), "http://x/api/users/", node.system()));
      assertThat(users.body().getLong("count")).as("frank, staffer, viewer, zoe").isEqualTo(4L);
    }
  }

  private static Result importRows(AuthNode node, List<ImportRow> rows, RequestContext caller) {
    ImportStreams.Served stream = ImportStreams.serve(node.vertx, rows, 40);
    return await(node.resources.importRows("users", stream.address(), false, caller));
  }
}
