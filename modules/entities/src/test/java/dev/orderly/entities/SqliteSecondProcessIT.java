package dev.orderly.entities;

import static dev.orderly.entities.EntityService.await;
import static dev.orderly.entities.EntityService.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * A node on SQLite leaves the database to other processes between its transactions (the command line
 * changes users while a node runs): its writes never leave the write lock held, and its reads see what
 * another process committed.
 */
class SqliteSecondProcessIT {
  private static long unpublished(String url) {
    try (Connection c = DriverManager.getConnection(url); var st = c.createStatement();
         var rs = st.executeQuery("SELECT COUNT(*) FROM audit_log WHERE published_at IS NULL")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anotherProcessWritesWhileTheNodeRunsAndTheNodeReadsItsCommit() throws Exception {
    try (EntityService service = new EntityService()) {
      long supplier = await(service.client(Db.SQLITE).create("suppliers", new JsonObject().put("code", "TWO-1").put("name", "before"),
          context())).json().getLong("id");
      long order = await(service.client(Db.SQLITE).create("purchase-orders", new JsonObject().put("supplier_id", supplier), context()))
          .json().getLong("id");
      String url = "jdbc:sqlite:" + service.database(Db.SQLITE).dir().resolve("data").resolve("db.sqlite3") + "?busy_timeout=2000";
      // once the relay has run, which writes too (numbering and marking the events just committed)
      Eventually.until("the relay marked both events published", () -> unpublished(url) == 0);
      try (Connection other = DriverManager.getConnection(url); var update = other.prepareStatement("UPDATE suppliers SET name = ? WHERE id = ?")) {
        update.setString(1, "written elsewhere");
        update.setLong(2, supplier);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      assertThat(await(service.client(Db.SQLITE).get("suppliers", String.valueOf(supplier), new JsonObject(), context())).json()
          .getString("name")).isEqualTo("written elsewhere");
      assertThat(await(service.client(Db.SQLITE).get("purchase-orders", String.valueOf(order), new JsonObject(), context())).status())
          .isEqualTo(200);
    }
  }
}
