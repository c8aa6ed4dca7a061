package dev.orderly.entities;

import static dev.orderly.entities.EntityService.await;
import static dev.orderly.entities.EntityService.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.RowsPage;
import dev.orderly.core.test.Db;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Export rows ({@code rows}): keyset pages that, concatenated, are exactly the list in its order (ties broken
 * by id, nulls where the list puts them), with the list's filters, search and {@code fields=}, on SQLite and
 * on PostgreSQL.
 */
class ExportRowsIT {
  private static final int LIMIT = 7;
  private static final List<String> PRODUCT_COLUMNS = List.of("id", "sku", "name", "description", "category", "unit", "unit_price",
      "currency", "supplier_id", "stock_quantity", "reorder_level", "active", "version", "created_at", "updated_at");
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final Map<Db, Long> SUPPLIERS = new EnumMap<>(Db.class);
  private static EntityService service;

  @BeforeAll
  static void start() {
    service = new EntityService();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  // ---- products -------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Db.class)
  void pagesInTheDefaultOrderAreTheList(Db db) {
    long supplier = products(db);
    JsonObject params = params("supplier_id", String.valueOf(supplier));
    List<RowsPage> pages = pages(db, "products", params, LIMIT);

    List<Long> expected = listIds(db, "products", params);
    assertThat(expected).hasSize(30);
    assertThat(ids(pages)).containsExactlyElementsOf(expected);
    assertThat(pages).hasSize(5);
    assertThat(pages.subList(0, 4)).allSatisfy(p -> assertThat(p.rows().size()).isEqualTo(LIMIT));
    assertThat(pages.get(4).rows().size()).isEqualTo(2);
    assertThat(pages.get(4).after()).isNull();
    assertThat(pages.get(0).after()).as("the cursor is the last row's key: its id").isEqualTo(new JsonArray().add(expected.get(6)));

    RowsPage first = pages.get(0);
    assertThat(first.columns()).extracting(RowsPage.Column::name).containsExactlyElementsOf(PRODUCT_COLUMNS);
    assertThat(first.columns()).extracting(RowsPage.Column::kind).containsExactly(RowsPage.Kind.INTEGER, RowsPage.Kind.STRING,
        RowsPage.Kind.STRING, RowsPage.Kind.STRING, RowsPage.Kind.STRING, RowsPage.Kind.STRING, RowsPage.Kind.DECIMAL,
        RowsPage.Kind.STRING, RowsPage.Kind.INTEGER, RowsPage.Kind.INTEGER, RowsPage.Kind.INTEGER, RowsPage.Kind.BOOLEAN,
        RowsPage.Kind.INTEGER, RowsPage.Kind.TIMESTAMP, RowsPage.Kind.TIMESTAMP);
    // each row holds the values the list renders, in column order
    JsonObject listed = list(db, "products", params).json().getJsonArray("results").getJsonObject(0);
    JsonArray row = first.rows().getJsonArray(0);
    for (int i = 0; i < PRODUCT_COLUMNS.size(); i++) {
      assertThat(row.getValue(i)).as(PRODUCT_COLUMNS.get(i)).isEqualTo(listed.getValue(PRODUCT_COLUMNS.get(i)));
    }
    assertThat(row.getValue(6)).isInstanceOf(String.class);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void pagesFollowAnOrderingWithTies(Db db) {
    long supplier = products(db);
    for (String ordering : List.of("-unit_price,name", "category,-stock_quantity", "unit_price", "-name", "active,-id", "-created_at")) {
      JsonObject params = params("supplier_id", String.valueOf(supplier), "ordering", ordering);
      List<RowsPage> pages = pages(db, "products", params, LIMIT);
      assertThat(ids(pages)).as(ordering).hasSize(30).doesNotHaveDuplicates().containsExactlyElementsOf(listIds(db, "products", params));
    }
    // the cursor holds the ordering's keys then the id
    RowsPage first = pages(db, "products", params("supplier_id", String.valueOf(supplier), "ordering", "-unit_price,name"), LIMIT).get(0);
    JsonArray last = first.rows().getJsonArray(LIMIT - 1);
    assertThat(first.after()).isEqualTo(new JsonArray().add(last.getValue(6)).add(last.getValue(2)).add(last.getValue(0)));
    // id in the ordering ends the key
    RowsPage byId = pages(db, "products", params("supplier_id", String.valueOf(supplier), "ordering", "-id,name"), LIMIT).get(0);
    assertThat(byId.after()).isEqualTo(new JsonArray().add(byId.rows().getJsonArray(LIMIT - 1).getValue(0)));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void filtersAndSearchAreTheList(Db db) {
    long supplier = products(db);
    for (JsonObject params : List.of(
        params("supplier_id", String.valueOf(supplier), "search", "bolt"),
        params("supplier_id", String.valueOf(supplier), "unit_price__gte", "3.00", "ordering", "-unit_price"),
        params("supplier_id", String.valueOf(supplier), "category__in", "tools,", "active", "true", "ordering", "name"),
        params("search", "nut", "ordering", "-stock_quantity,sku"))) {
      List<RowsPage> pages = pages(db, "products", params, 4);
      List<Long> expected = listIds(db, "products", params);
      assertThat(expected).as(params.encode()).isNotEmpty().hasSizeLessThan(30);
      assertThat(ids(pages)).as(params.encode()).containsExactlyElementsOf(expected);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void fieldsChooseTheColumnsAndTheirOrder(Db db) {
    long supplier = products(db);
    JsonObject params = params("supplier_id", String.valueOf(supplier), "fields", "name,id,unit_price", "ordering", "-stock_quantity");
    List<RowsPage> pages = pages(db, "products", params, LIMIT);
    assertThat(pages.get(0).columns()).extracting(RowsPage.Column::name).containsExactly("name", "id", "unit_price");
    List<Long> ids = new ArrayList<>();
    for (RowsPage p : pages) {
      for (Object r : p.rows()) {
        assertThat((JsonArray) r).hasSize(3);
        ids.add(((JsonArray) r).getLong(1));
      }
    }
    // the key (stock_quantity, id) is not among the columns, and paging still follows it
    assertThat(ids).containsExactlyElementsOf(listIds(db, "products", params));
    assertThat(pages.get(0).after()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void badParametersAreA400AndPagingParametersAreIgnored(Db db) {
    long supplier = products(db);
    EntityService.Result unknown = rows(db, "products", params("colour", "red"), null, LIMIT);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getJsonArray("colour")).containsExactly("Unknown filter parameter.");
    EntityService.Result ordering = rows(db, "products", params("ordering", "-colour"), null, LIMIT);
    assertThat(ordering.status()).isEqualTo(400);
    assertThat(ordering.json().containsKey("ordering")).isTrue();
    EntityService.Result cursor = rows(db, "products", params("ordering", "-unit_price"), new JsonArray().add("1.00"), LIMIT);
    assertThat(cursor.status()).isEqualTo(400);
    assertThat(cursor.json().getJsonArray("after")).containsExactly("Invalid cursor.");
    EntityService.Result badValue = rows(db, "products", params("ordering", "-unit_price"), new JsonArray().add("abc").add(1), LIMIT);
    assertThat(badValue.status()).isEqualTo(400);

    EntityService.Result paged = rows(db, "products", params("supplier_id", String.valueOf(supplier), "page", "abc", "page_size", "2"),
        null, 40);
    assertThat(paged.status()).isEqualTo(200);
    assertThat(RowsPage.fromJson(paged.json()).rows()).hasSize(30);
  }

  // ---- purchase orders: no lines, nullable keys --------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Db.class)
  void purchaseOrdersExportWithoutLinesAndNullsSitWhereTheListPutsThem(Db db) {
    long supplier = products(db);
    long product = listIds(db, "products", params("supplier_id", String.valueOf(supplier))).get(0);
    for (int i = 0; i < 11; i++) {
      JsonObject order = new JsonObject().put("supplier_id", supplier).put("notes", "order " + i)
          .put("lines", new JsonArray().add(new JsonObject().put("product_id", product).put("quantity", "2")));
      // nulls, ties and distinct dates
      if (i % 3 != 0) order.put("expected_date", "2030-01-0" + (1 + i % 4));
      EntityService.Result r = await(service.client(db).create("purchase-orders", order, context()));
      assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    }
    for (String ordering : List.of("expected_date", "-expected_date", "expected_date,-id", "-expected_date,currency,-order_date", "-submitted_at")) {
      JsonObject params = params("supplier_id", String.valueOf(supplier), "ordering", ordering);
      List<RowsPage> pages = pages(db, "purchase-orders", params, 3);
      assertThat(ids(pages)).as(ordering).hasSize(11).containsExactlyElementsOf(listIds(db, "purchase-orders", params));
    }
    RowsPage page = pages(db, "purchase-orders", params("supplier_id", String.valueOf(supplier)), 20).get(0);
    assertThat(page.columns()).extracting(RowsPage.Column::name).containsExactly("id", "number", "supplier_id", "status", "currency",
        "order_date", "expected_date", "notes", "total_amount", "requested_by", "submitted_at", "decided_by", "decided_at",
        "decision_comment", "version", "created_at", "updated_at");
    assertThat(page.columns()).extracting(RowsPage.Column::kind).contains(RowsPage.Kind.DATE, RowsPage.Kind.DECIMAL);
    JsonArray row = page.rows().getJsonArray(0);
    JsonObject listed = list(db, "purchase-orders", params("supplier_id", String.valueOf(supplier))).json().getJsonArray("results")
        .getJsonObject(0);
    for (int i = 0; i < page.columns().size(); i++) {
      String name = page.columns().get(i).name();
      assertThat(row.getValue(i)).as(name).isEqualTo(listed.getValue(name));
    }
    assertThat(row.getString(8)).as("total_amount: 2 x 0.50").isEqualTo("1.00");
    assertThat(row.getValue(10)).as("submitted_at of a draft").isNull();
    // lines asked for by name are still no column
    RowsPage chosen = pages(db, "purchase-orders", params("supplier_id", String.valueOf(supplier), "fields", "number,lines"), 20).get(0);
    assertThat(chosen.columns()).extracting(RowsPage.Column::name).containsExactly("number");
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  /** Thirty products of a supplier of their own, made once per database: prices, names and categories with ties. */
  private static synchronized long products(Db db) {
    Long known = SUPPLIERS.get(db);
    if (known != null) return known;
    EntityService.Result s = await(service.client(db).create("suppliers",
        new JsonObject().put("code", "X" + System.nanoTime() % 1_000_000_000L + "-" + SEQ.incrementAndGet()).put("name", "Rows"), context()));
    assertThat(s.status()).as(String.valueOf(s.body())).isEqualTo(200);
    long supplier = s.json().getLong("id");
    String[] names = {"Bolt", "Nut", "Washer", "Bolt long", "Screw"};
    String[] categories = {"", "tools", "fasteners", ""};
    for (int i = 0; i < 30; i++) {
      JsonObject p = new JsonObject().put("sku", "R-" + supplier + "-" + i).put("name", names[i % names.length])
          .put("category", categories[i % categories.length]).put("unit_price", (i % 6) + ".50").put("supplier_id", supplier)
          .put("stock_quantity", i % 4).put("active", i % 5 != 0);
      EntityService.Result r = await(service.client(db).create("products", p, context()));
      assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    }
    SUPPLIERS.put(db, supplier);
    return supplier;
  }

  /** Every page of the rows, following the cursors; at most 100 pages. */
  private static List<RowsPage> pages(Db db, String resource, JsonObject params, int limit) {
    List<RowsPage> pages = new ArrayList<>();
    JsonArray after = null;
    do {
      EntityService.Result r = rows(db, resource, params, after, limit);
      assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
      RowsPage page = RowsPage.fromJson(r.json());
      assertThat(page.rows().size()).isLessThanOrEqualTo(limit);
      pages.add(page);
      after = page.after();
      assertThat(pages).as("pages of " + params.encode()).hasSizeLessThan(100);
    } while (after != null);
    return pages;
  }

  private static EntityService.Result rows(Db db, String resource, JsonObject params, JsonArray after, int limit) {
    return await(service.client(db).rows(resource, params, after, limit, context()));
  }

  private static List<Long> ids(List<RowsPage> pages) {
    List<Long> ids = new ArrayList<>();
    for (RowsPage p : pages) {
      int id = p.columns().stream().map(RowsPage.Column::name).toList().indexOf("id");
      for (Object r : p.rows()) ids.add(((JsonArray) r).getLong(id));
    }
    assertThat(new HashSet<>(ids)).as("no row twice").hasSize(ids.size());
    return ids;
  }

  private static List<Long> listIds(Db db, String resource, JsonObject params) {
    JsonObject all = params.copy().put("page_size", new JsonArray().add("1000"));
    all.remove("fields");
    EntityService.Result r = list(db, resource, all);
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    r.json().getJsonArray("results").forEach(o -> ids.add(((JsonObject) o).getLong("id")));
    assertThat(r.json().getLong("count")).isEqualTo((long) ids.size());
    return ids;
  }

  private static EntityService.Result list(Db db, String resource, JsonObject params) {
    StringBuilder url = new StringBuilder("http://localhost/api/" + resource + "/");
    for (String name : params.fieldNames()) {
      for (Object v : params.getJsonArray(name)) {
        url.append(url.indexOf("?") < 0 ? '?' : '&').append(name).append('=').append(URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
      }
    }
    return await(service.client(db).list(resource, params, url.toString(), context()));
  }

  private static JsonObject params(String... pairs) {
    JsonObject p = new JsonObject();
    for (int i = 0; i < pairs.length; i += 2) p.put(pairs[i], new JsonArray().add(pairs[i + 1]));
    return p;
  }
}
