package dev.orderly.entities;

import static dev.orderly.entities.EntityService.await;
import static dev.orderly.entities.EntityService.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.bus.RowsPage;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.ImportStreams;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Imports ({@code import}): rows pulled from a real bus stream ({@link ImportStreams}), validated and written as the API
 * writes them, all or nothing, with every error listed by row and field, on SQLite and on PostgreSQL.
 */
class ImportRowsIT {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static EntityService service;

  @BeforeAll
  static void start() {
    service = new EntityService();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void createsAndUpdatesInOneFileAndCountsUnchangedRows(Db db) {
    long supplier = supplier(db);
    JsonObject first = product(db, supplier, "1.00");
    JsonObject second = product(db, supplier, "2.00");
    String sku = unique("N");
    List<ImportRow> rows = List.of(
        row(2, "sku", sku + "-a", "name", "Mütze", "unit_price", "3.5", "supplier_id", String.valueOf(supplier), "active", "no",
            "stock_quantity", "12.0", "created_at", "whenever", "id", null, "category", null),
        row(3, "id", String.valueOf(first.getLong("id")), "version", "1", "name", "Renamed", "unit_price", "1.25", "sku",
            first.getString("sku"), "updated_at", "2001-01-01T00:00:00Z"),
        row(4, "sku", sku + "-b", "name", "Plain", "unit_price", "0", "supplier_id", String.valueOf(supplier)),
        row(5, "id", String.valueOf(second.getLong("id")), "name", second.getString("name"), "unit_price", "2", "active", "true",
            "category", ""));
    long before = count(db, supplier);

    EntityService.Result r = importRows(db, "products", rows, false);

    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    assertThat(r.json()).isEqualTo(new JsonObject().put("created", 2).put("updated", 1).put("unchanged", 1)
        .put("errors", new JsonArray()).put("dry_run", false));
    assertThat(count(db, supplier)).isEqualTo(before + 2);
    JsonObject created = byName(db, supplier, "Mütze");
    assertThat(created.getString("sku")).isEqualTo(sku + "-a");
    assertThat(created.getString("unit_price")).isEqualTo("3.50");
    assertThat(created.getBoolean("active")).isFalse();
    assertThat(created.getLong("stock_quantity")).isEqualTo(12L);
    assertThat(created.getString("unit")).as("default of a column the file leaves out").isEqualTo("pcs");
    assertThat(created.getString("category")).isEmpty();
    JsonObject renamed = get(db, first.getLong("id"));
    assertThat(renamed.getString("name")).isEqualTo("Renamed");
    assertThat(renamed.getString("unit_price")).isEqualTo("1.25");
    assertThat(renamed.getLong("version")).isEqualTo(2L);
    assertThat(renamed.getString("updated_at")).as("timestamp columns are ignored").isNotEqualTo("2001-01-01T00:00:00Z");
    assertThat(get(db, second.getLong("id")).getLong("version")).as("an unchanged row is not written").isEqualTo(1L);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void everyErrorIsListedWithItsRowAndNothingIsWritten(Db db) {
    long supplier = supplier(db);
    JsonObject existing = product(db, supplier, "1.00");
    String s = String.valueOf(supplier);
    String sku = unique("E");
    List<ImportRow> rows = List.of(
        row(2, "sku", sku + "-1", "name", "Bad price", "unit_price", "12.345", "supplier_id", s, "colour", "red"),
        row(3, "sku", sku + "-2", "name", null, "unit_price", "1", "supplier_id", s),
        row(4, "sku", sku + "-3", "name", "No supplier", "unit_price", "1", "supplier_id", "987654321"),
        row(5, "sku", sku + "-4", "name", "Fine", "unit_price", "1", "supplier_id", s),
        row(6, "sku", " " + sku + "-4 ", "name", "Twin", "unit_price", "1", "supplier_id", s),
        row(7, "sku", existing.getString("sku"), "name", "Taken", "unit_price", "1", "supplier_id", s),
        row(8, "id", String.valueOf(existing.getLong("id")), "version", "99", "name", "Stale"),
        row(9, "id", "987654321", "name", "Nobody"),
        row(10, "id", String.valueOf(existing.getLong("id")), "name", "Again", "unit_price", "abc"),
        row(11, "sku", sku + "-5", "name", "Also fine", "unit_price", "2", "supplier_id", s));
    long before = count(db, supplier);

    EntityService.Result r = importRows(db, "products", rows, false);

    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(400);
    JsonArray errors = r.json().getJsonArray("errors");
    assertThat(errors.stream().map(o -> (JsonObject) o).toList())
        .extracting(e -> e.getLong("row"), e -> e.getString("field"), e -> e.getString("message"))
        .containsExactly(
            tuple(1L, "colour", "Unknown column."),
            tuple(2L, "unit_price", "Ensure that there are no more than 2 decimal places."),
            tuple(3L, "name", "This field is required."),
            tuple(4L, "supplier_id", "Invalid pk \"987654321\" - object does not exist."),
            tuple(6L, "sku", "product with this sku already exists in row 5 of this file."),
            tuple(7L, "sku", "product with this sku already exists."),
            tuple(8L, "version", "The record's version is 1, not 99: it changed since it was exported."),
            tuple(9L, "id", "Invalid pk \"987654321\" - object does not exist."),
            tuple(10L, "unit_price", "A valid number is required."),
            tuple(10L, "id", "Row 8 of this file updates the same record."));
    assertThat(r.json().getInteger("created")).as("the rows that would have been created").isEqualTo(2);
    assertThat(r.json().getBoolean("dry_run")).isFalse();
    assertThat(r.json().fieldNames()).containsExactlyInAnyOrder("created", "updated", "unchanged", "errors", "dry_run");
    assertThat(count(db, supplier)).as("nothing written").isEqualTo(before);
    assertThat(list(db, new JsonObject().put("sku__in", new JsonArray().add(sku + "-4," + sku + "-5"))).getLong("count")).isZero();
    assertThat(get(db, existing.getLong("id")).getLong("version")).isEqualTo(1L);
    assertThat(history(db, existing.getLong("id"))).extracting(h -> ((JsonObject) h).getString("action")).containsExactly("created");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aDryRunReportsWhatItWouldDoAndWritesNothing(Db db) {
    long supplier = supplier(db);
    JsonObject existing = product(db, supplier, "1.00");
    String sku = unique("D");
    List<ImportRow> rows = List.of(
        row(2, "sku", sku + "-1", "name", "One", "unit_price", "1", "supplier_id", String.valueOf(supplier)),
        row(3, "sku", sku + "-2", "name", "Two", "unit_price", "2", "supplier_id", String.valueOf(supplier)),
        row(4, "id", String.valueOf(existing.getLong("id")), "version", "1", "name", "Changed"),
        row(5, "id", null, "sku", null, "name", " "));
    long before = count(db, supplier);

    EntityService.Result r = importRows(db, "products", rows, true);

    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    assertThat(r.json()).isEqualTo(new JsonObject().put("created", 2).put("updated", 1).put("unchanged", 0)
        .put("errors", new JsonArray()).put("dry_run", true));
    assertThat(count(db, supplier)).isEqualTo(before);
    assertThat(get(db, existing.getLong("id")).getString("name")).isEqualTo("Bolt");
    assertThat(history(db, existing.getLong("id"))).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void purchaseOrdersAreNotImportable(Db db) {
    long supplier = supplier(db);
    EntityService.Result r = importRows(db, "purchase-orders", List.of(row(2, "supplier_id", String.valueOf(supplier))), false);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.json().getString("code")).isEqualTo("method_not_allowed");
    assertThat(r.json().getString("detail")).contains("purchase-orders");
    assertThat(list(db, "purchase-orders", new JsonObject().put("supplier_id", new JsonArray().add(String.valueOf(supplier))))
        .getLong("count")).isZero();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void importedRowsHaveTheirHistoryAndTheirEvents(Db db) {
    long supplier = supplier(db);
    JsonObject existing = product(db, supplier, "1.00");
    String sku = unique("H");
    Queue<JsonObject> events = new ConcurrentLinkedQueue<>();
    MessageConsumer<JsonObject> consumer = service.node(db).eventBus().consumer(Events.address("products"), m -> events.add(m.body()));
    consumer.completion().await();
    try {
      EntityService.Result r = importRows(db, "products", List.of(
          row(2, "sku", sku, "name", "Imported", "unit_price", "4.20", "supplier_id", String.valueOf(supplier)),
          row(3, "id", String.valueOf(existing.getLong("id")), "name", "Reimported")), false);
      assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
      long created = byName(db, supplier, "Imported").getLong("id");

      assertThat(history(db, created)).singleElement().satisfies(h -> {
        JsonObject entry = (JsonObject) h;
        assertThat(entry.getString("action")).isEqualTo("created");
        assertThat(entry.getJsonObject("actor").getString("username")).isEqualTo("tester");
        assertThat(entry.getJsonObject("changes").getJsonArray("unit_price")).containsExactly(null, "4.20");
      });
      JsonArray trail = history(db, existing.getLong("id"));
      assertThat(trail).extracting(h -> ((JsonObject) h).getString("action")).containsExactly("created", "updated");
      assertThat(trail.getJsonObject(1).getJsonObject("changes").getJsonArray("name")).containsExactly("Bolt", "Reimported");
      Eventually.until("the import's two events", () -> events.stream().anyMatch(e -> e.getLong("id") == created && "created".equals(e.getString("type")))
          && events.stream().anyMatch(e -> e.getLong("id").equals(existing.getLong("id")) && "updated".equals(e.getString("type"))));
    } finally {
      consumer.unregister().await();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void moreRowsThanTheLimitIsA400AndTheRestIsNotRead(Db db) {
    long supplier = supplier(db);
    List<ImportRow> rows = new ArrayList<>();
    rows.add(row(2, "sku", unique("L"), "name", "First", "unit_price", "1", "supplier_id", String.valueOf(supplier)));
    // blank lines of a sheet count as rows, and cost no query
    for (long n = 3; n <= 100_010; n++) rows.add(row(n, "name", null));
    ImportStreams.Served stream = ImportStreams.serve(service.node(db), rows, 64 * 1024);

    EntityService.Result r = await(service.client(db).importRows("products", stream.address(), false, context()));

    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors")).containsExactly(new JsonObject().put("row", 100_002L).put("field", "non_field_errors")
        .put("message", "An import takes at most 100000 rows."));
    assertThat(count(db, supplier)).isZero();
    Eventually.until("the stream is cancelled", () -> stream.closed().get());
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anExportImportsBackUnchanged(Db db) {
    long supplier = supplier(db);
    product(db, supplier, "1.00");
    product(db, supplier, "12.34");
    EntityService.Result exported = await(service.client(db).rows("products",
        new JsonObject().put("supplier_id", new JsonArray().add(String.valueOf(supplier))), null, 100, context()));
    RowsPage page = RowsPage.fromJson(exported.json());
    List<ImportRow> rows = new ArrayList<>();
    for (int i = 0; i < page.rows().size(); i++) {
      JsonObject values = new JsonObject();
      JsonArray row = page.rows().getJsonArray(i);
      for (int c = 0; c < page.columns().size(); c++) {
        Object v = row.getValue(c);
        values.put(page.columns().get(c).name(), v == null || "".equals(v) ? null : v.toString());
      }
      rows.add(new ImportRow(i + 2, values));
    }
    EntityService.Result r = importRows(db, "products", rows, false);
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    assertThat(r.json()).isEqualTo(new JsonObject().put("created", 0).put("updated", 0).put("unchanged", 2)
        .put("errors", new JsonArray()).put("dry_run", false));
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  /**
   * Imports {@code rows} through a real bus stream, cut into chunks of 50 bytes so that lines (and the two bytes
   * of a "ü") span chunks; checks the stream was then freed (read to its end, or cancelled).
   */
  private static EntityService.Result importRows(Db db, String resource, List<ImportRow> rows, boolean dryRun) {
    ImportStreams.Served stream = ImportStreams.serve(service.node(db), rows, 50);
    EntityService.Result r = await(service.client(db).importRows(resource, stream.address(), dryRun, context()));
    Eventually.until("the import stream is freed", () -> stream.closed().get());
    return r;
  }

  /** A row from name, value pairs (a null value is an empty cell). */
  private static ImportRow row(long number, String... cells) {
    JsonObject values = new JsonObject();
    for (int i = 0; i < cells.length; i += 2) values.put(cells[i], cells[i + 1]);
    return new ImportRow(number, values);
  }

  private static String unique(String prefix) {
    return prefix + "-" + System.nanoTime() % 1_000_000_000L + "-" + SEQ.incrementAndGet();
  }

  private static long supplier(Db db) {
    EntityService.Result r = await(service.client(db).create("suppliers",
        new JsonObject().put("code", unique("S").toUpperCase()).put("name", "Imports"), context()));
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    return r.json().getLong("id");
  }

  private static JsonObject product(Db db, long supplier, String price) {
    EntityService.Result r = await(service.client(db).create("products", new JsonObject().put("sku", unique("P")).put("name", "Bolt")
        .put("unit_price", price).put("supplier_id", supplier), context()));
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    return r.json();
  }

  private static JsonObject get(Db db, long id) {
    EntityService.Result r = await(service.client(db).get("products", String.valueOf(id), new JsonObject(), context()));
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  private static JsonArray history(Db db, long id) {
    EntityService.Result r = await(service.client(db).history("products", String.valueOf(id), context()));
    assertThat(r.status()).isEqualTo(200);
    return (JsonArray) r.body();
  }

  private static long count(Db db, long supplier) {
    return list(db, new JsonObject().put("supplier_id", new JsonArray().add(String.valueOf(supplier)))).getLong("count");
  }

  private static JsonObject byName(Db db, long supplier, String name) {
    JsonObject page = list(db, new JsonObject().put("supplier_id", new JsonArray().add(String.valueOf(supplier)))
        .put("name", new JsonArray().add(name)));
    assertThat(page.getJsonArray("results")).hasSize(1);
    return page.getJsonArray("results").getJsonObject(0);
  }

  private static JsonObject list(Db db, JsonObject params) {
    return list(db, "products", params);
  }

  private static JsonObject list(Db db, String resource, JsonObject params) {
    EntityService.Result r = await(service.client(db).list(resource, params, "http://localhost/api/" + resource + "/", context()));
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    return r.json();
  }
}
