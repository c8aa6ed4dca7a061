package dev.orderly.entities;

import static dev.orderly.entities.EntityService.await;
import static dev.orderly.entities.EntityService.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Events;
import dev.orderly.core.test.ResourceCalls;
import dev.orderly.core.test.Db;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CRUD engine end to end over the event bus, on SQLite and on PostgreSQL. */
class CrudEngineIT {
  private static EntityService service;
  private static final AtomicInteger SEQ = new AtomicInteger();

  @BeforeAll
  static void start() {
    service = new EntityService();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static String unique(String prefix) {
    return prefix + "-" + System.nanoTime() % 1_000_000_000L + "-" + SEQ.incrementAndGet();
  }

  private static EntityService.Result create(Db db, String resource, JsonObject data) {
    return await(service.client(db).create(resource, data, context()));
  }

  private static long supplier(Db db) {
    EntityService.Result r = create(db, "suppliers", new JsonObject().put("code", unique("S").toUpperCase()).put("name", "Acme"));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r.json().getLong("id");
  }

  private static long product(Db db, long supplier, String price) {
    EntityService.Result r = create(db, "products", new JsonObject().put("sku", unique("P")).put("name", "Bolt")
        .put("unit_price", price).put("supplier_id", supplier));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r.json().getLong("id");
  }

  private static EntityService.Result list(Db db, String resource, JsonObject params) {
    StringBuilder url = new StringBuilder("http://localhost/api/" + resource + "/");
    for (String name : params.fieldNames()) {
      for (Object v : params.getJsonArray(name)) {
        url.append(url.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
            .append(java.net.URLEncoder.encode(v.toString(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return await(service.client(db).list(resource, params, url.toString(), context()));
  }

  private static JsonObject params(String... pairs) {
    JsonObject p = new JsonObject();
    for (int i = 0; i < pairs.length; i += 2) p.put(pairs[i], new JsonArray().add(pairs[i + 1]));
    return p;
  }

  // ---- suppliers: fields, defaults, validation ---------------------------------------------------

  @ParameterizedTest
  @EnumSource(Db.class)
  void createsWithDefaultsAndSystemFields(Db db) {
    String code = unique("S").toUpperCase();
    EntityService.Result r = create(db, "suppliers", new JsonObject().put("code", code).put("name", "  Acme Ltd  ")
        .put("country", "DE").put("id", 999).put("version", 42).put("bogus", "ignored"));
    assertThat(r.status()).isEqualTo(200);
    JsonObject s = r.json();
    assertThat(s.fieldNames()).containsExactly("id", "code", "name", "email", "phone", "country", "tax_id", "active",
        "notes", "version", "created_at", "updated_at");
    assertThat(s.getLong("id")).isNotEqualTo(999L);
    assertThat(s.getString("name")).isEqualTo("Acme Ltd");
    assertThat(s.getBoolean("active")).isTrue();
    assertThat(s.getString("email")).isEmpty();
    assertThat(s.getLong("version")).isEqualTo(1L);
    assertThat(r.version()).isEqualTo("1");
    assertThat(s.getString("created_at")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    assertThat(s.containsKey("bogus")).isFalse();

    EntityService.Result got = await(service.client(db).get("suppliers", String.valueOf(s.getLong("id")), new JsonObject(), context()));
    assertThat(got.json()).isEqualTo(s);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void rejectsInvalidFieldsWithDrfMessagesAndWritesNothing(Db db) {
    long before = list(db, "suppliers", new JsonObject()).json().getLong("count");
    EntityService.Result r = create(db, "suppliers", new JsonObject().put("code", "lower-case").put("name", "x".repeat(201))
        .put("email", "not-an-email").put("country", "de").put("active", "maybe").put("phone", 12));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors("code")).containsExactly("Enter a valid value.");
    assertThat(r.errors("name")).containsExactly("Ensure this field has no more than 200 characters.");
    assertThat(r.errors("email")).containsExactly("Enter a valid email address.");
    assertThat(r.errors("country").getString(0)).contains("ISO 3166-1");
    assertThat(r.errors("active")).containsExactly("Must be a valid boolean.");
    assertThat(r.json().containsKey("phone")).isFalse();

    EntityService.Result missing = create(db, "suppliers", new JsonObject());
    assertThat(missing.errors("code")).containsExactly("This field is required.");
    assertThat(missing.errors("name")).containsExactly("This field is required.");
    EntityService.Result blank = create(db, "suppliers", new JsonObject().put("code", "OK").put("name", "  ").putNull("notes"));
    assertThat(blank.errors("name")).containsExactly("This field may not be blank.");
    assertThat(blank.errors("notes")).containsExactly("This field may not be null.");
    assertThat(list(db, "suppliers", new JsonObject()).json().getLong("count")).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void lengthsCountCharactersNotBytes(Db db) {
    EntityService.Result r = create(db, "suppliers", new JsonObject().put("code", unique("U").toUpperCase()).put("name", "ü".repeat(200)));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("name")).hasSize(200);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void duplicateUniqueValueIsA400NamingTheField(Db db) {
    String code = unique("D").toUpperCase();
    assertThat(create(db, "suppliers", new JsonObject().put("code", code).put("name", "a")).status()).isEqualTo(200);
    EntityService.Result dup = create(db, "suppliers", new JsonObject().put("code", code).put("name", "b"));
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.errors("code")).containsExactly("supplier with this code already exists.");
  }

  // ---- products: decimals, references -------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Db.class)
  void decimalsAreStringsAndCheckedLikeDrf(Db db) {
    long s = supplier(db);
    EntityService.Result ok = create(db, "products", new JsonObject().put("sku", unique("P")).put("name", "n")
        .put("unit_price", 12.5).put("supplier_id", s));
    assertThat(ok.json().getString("unit_price")).isEqualTo("12.50");
    assertThat(ok.json().getString("unit")).isEqualTo("pcs");
    assertThat(ok.json().getString("currency")).isEqualTo("EUR");
    assertThat(ok.json().getLong("stock_quantity")).isZero();

    EntityService.Result bad = create(db, "products", new JsonObject().put("sku", unique("P")).put("name", "n")
        .put("unit_price", "1.234").put("supplier_id", s).put("stock_quantity", -1).put("unit", "ton").put("currency", "eur"));
    assertThat(bad.errors("unit_price")).containsExactly("Ensure that there are no more than 2 decimal places.");
    assertThat(bad.errors("stock_quantity")).containsExactly("Ensure this value is greater than or equal to 0.");
    assertThat(bad.errors("unit")).containsExactly("\"ton\" is not a valid choice.");
    assertThat(bad.errors("currency").getString(0)).contains("ISO 4217");

    EntityService.Result big = create(db, "products", new JsonObject().put("sku", unique("P")).put("name", "n")
        .put("unit_price", "12345678901.00").put("supplier_id", s));
    assertThat(big.errors("unit_price")).containsExactly("Ensure that there are no more than 12 digits in total.");
    EntityService.Result neg = create(db, "products", new JsonObject().put("sku", unique("P")).put("name", "n")
        .put("unit_price", "-0.01").put("supplier_id", s));
    assertThat(neg.errors("unit_price")).containsExactly("Ensure this value is greater than or equal to 0.");
    EntityService.Result nan = create(db, "products", new JsonObject().put("sku", unique("P")).put("name", "n")
        .put("unit_price", "abc").put("supplier_id", s));
    assertThat(nan.errors("unit_price")).containsExactly("A valid number is required.");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void referenceToMissingRecordIsA400(Db db) {
    EntityService.Result r = create(db, "products", new JsonObject().put("sku", unique("P")).put("name", "n")
        .put("unit_price", "1").put("supplier_id", 987654321));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors("supplier_id")).containsExactly("Invalid pk \"987654321\" - object does not exist.");
    EntityService.Result wrongType = create(db, "products", new JsonObject().put("sku", unique("P")).put("name", "n")
        .put("unit_price", "1").put("supplier_id", "abc"));
    assertThat(wrongType.errors("supplier_id")).containsExactly("Incorrect type. Expected pk value, received str.");
  }

  // ---- reads: not found ---------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Db.class)
  void unknownIdsAndResourcesAreNotFound(Db db) {
    for (String id : List.of("999999999", "abc", "-1", "0", "1.5")) {
      EntityService.Result r = await(service.client(db).get("suppliers", id, new JsonObject(), context()));
      assertThat(r.status()).as(id).isEqualTo(404);
      assertThat(r.json()).isEqualTo(new JsonObject().put("detail", "Not found.").put("code", "not_found"));
    }
    assertThat(await(service.client(db).get("nope", "1", new JsonObject(), context())).status()).isEqualTo(404);
    assertThat(list(db, "nope", new JsonObject()).status()).isEqualTo(404);
  }

  // ---- list: filters, search, ordering, paging, fields ----------------------------------------------

  @ParameterizedTest
  @EnumSource(Db.class)
  void filtersByEveryOperatorOfEachType(Db db) {
    long s = supplier(db);
    long other = supplier(db);
    long cheap = product(db, s, "1.00");
    long mid = product(db, s, "10.00");
    long dear = product(db, s, "100.00");
    product(db, other, "10.00");
    String sid = String.valueOf(s);
    assertThat(ids(list(db, "products", params("supplier_id", sid)))).containsExactly(cheap, mid, dear);
    assertThat(ids(list(db, "products", params("supplier_id", sid, "unit_price__gt", "1")))).containsExactly(mid, dear);
    assertThat(ids(list(db, "products", params("supplier_id", sid, "unit_price__gte", "10")))).containsExactly(mid, dear);
    assertThat(ids(list(db, "products", params("supplier_id", sid, "unit_price__lt", "10")))).containsExactly(cheap);
    assertThat(ids(list(db, "products", params("supplier_id", sid, "unit_price__lte", "10.00")))).containsExactly(cheap, mid);
    assertThat(ids(list(db, "products", params("supplier_id", sid, "unit_price", "10")))).containsExactly(mid);
    assertThat(ids(list(db, "products", params("id__in", cheap + "," + dear)))).containsExactly(cheap, dear);
    assertThat(ids(list(db, "products", params("supplier_id__in", sid + "," + other, "unit_price", "10")))).hasSize(2);
    assertThat(ids(list(db, "products", params("supplier_id", sid, "active", "true")))).hasSize(3);
    assertThat(ids(list(db, "products", params("supplier_id", sid, "active", "false")))).isEmpty();
    assertThat(ids(list(db, "products", params("supplier_id", sid, "supplier_id__isnull", "false")))).hasSize(3);
    assertThat(ids(list(db, "products", params("supplier_id", sid, "supplier_id__isnull", "true")))).isEmpty();
    // an empty value is ignored, as django-filter does
    assertThat(ids(list(db, "products", params("supplier_id", sid, "unit_price", "")))).hasSize(3);
    String created = list(db, "products", params("id", String.valueOf(mid))).json().getJsonArray("results")
        .getJsonObject(0).getString("created_at");
    assertThat(ids(list(db, "products", params("supplier_id", sid, "created_at__lte", created)))).contains(cheap, mid);
    assertThat(ids(list(db, "products", params("supplier_id", sid, "created_at__gt", "2999-01-01T00:00:00Z")))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void stringLookupsAndSearch(Db db) {
    String tag = unique("q").replace("-", "");
    String code1 = ("A" + tag).toUpperCase();
    String code2 = ("B" + tag).toUpperCase();
    long a = create(db, "suppliers", new JsonObject().put("code", code1).put("name", "Alpha " + tag + " Metals")
        .put("email", "sales@alpha.example")).json().getLong("id");
    long b = create(db, "suppliers", new JsonObject().put("code", code2).put("name", "Beta 100%_" + tag)
        .put("tax_id", "DE" + tag)).json().getLong("id");
    assertThat(ids(list(db, "suppliers", params("name__icontains", tag.toUpperCase())))).containsExactly(a, b);
    assertThat(ids(list(db, "suppliers", params("code", code2)))).containsExactly(b);
    assertThat(ids(list(db, "suppliers", params("code__in", code1 + "," + code2)))).containsExactly(a, b);
    // LIKE wildcards in the term match literally
    assertThat(ids(list(db, "suppliers", params("name__icontains", "100%_" + tag)))).containsExactly(b);
    assertThat(ids(list(db, "suppliers", params("search", tag)))).containsExactly(a, b);
    assertThat(ids(list(db, "suppliers", params("search", "metals " + tag)))).containsExactly(a);
    assertThat(ids(list(db, "suppliers", params("search", "de" + tag)))).containsExactly(b);
    assertThat(ids(list(db, "suppliers", params("search", "alpha.example," + tag)))).containsExactly(a);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void orderingWithIdTieBreakAndPagingWithLinks(Db db) {
    long s = supplier(db);
    List<Long> made = new ArrayList<>();
    for (String price : List.of("5.00", "3.00", "5.00", "1.00", "5.00")) made.add(product(db, s, price));
    String sid = String.valueOf(s);
    assertThat(ids(list(db, "products", params("supplier_id", sid, "ordering", "-unit_price"))))
        .containsExactly(made.get(0), made.get(2), made.get(4), made.get(1), made.get(3));
    assertThat(ids(list(db, "products", params("supplier_id", sid, "ordering", "unit_price,-id"))))
        .containsExactly(made.get(3), made.get(1), made.get(4), made.get(2), made.get(0));

    JsonObject page1 = list(db, "products", params("supplier_id", sid, "page_size", "2", "ordering", "-unit_price")).json();
    assertThat(page1.getLong("count")).isEqualTo(5L);
    assertThat(page1.getString("previous")).isNull();
    assertThat(page1.getString("next")).isEqualTo("http://localhost/api/products/?ordering=-unit_price&page=2&page_size=2&supplier_id=" + sid);
    JsonObject page2 = list(db, "products", params("supplier_id", sid, "page_size", "2", "ordering", "-unit_price", "page", "2")).json();
    assertThat(page2.getString("previous")).isEqualTo("http://localhost/api/products/?ordering=-unit_price&page_size=2&supplier_id=" + sid);
    JsonObject page3 = list(db, "products", params("supplier_id", sid, "page_size", "2", "ordering", "-unit_price", "page", "3")).json();
    assertThat(page3.getString("next")).isNull();
    List<Long> seen = new ArrayList<>();
    for (JsonObject p : List.of(page1, page2, page3)) {
      p.getJsonArray("results").forEach(o -> seen.add(((JsonObject) o).getLong("id")));
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(made).doesNotHaveDuplicates();
    assertThat(ids(list(db, "products", params("supplier_id", sid, "page_size", "2", "page", "last")))).containsExactly(made.get(4));

    EntityService.Result past = list(db, "products", params("supplier_id", sid, "page", "4", "page_size", "2"));
    assertThat(past.status()).isEqualTo(404);
    assertThat(past.json()).isEqualTo(new JsonObject().put("detail", "Invalid page.").put("code", "not_found"));
    assertThat(list(db, "products", params("page", "x")).status()).isEqualTo(404);
    assertThat(list(db, "products", params("page", "0")).status()).isEqualTo(404);
    // a bad page size falls back to the default; a huge one is clamped
    assertThat(list(db, "products", params("supplier_id", sid, "page_size", "abc")).json().getJsonArray("results")).hasSize(5);
    assertThat(list(db, "products", params("supplier_id", "-1", "page_size", "100000")).status()).isEqualTo(200);
    // page 1 of nothing is fine
    assertThat(list(db, "products", params("supplier_id", "-1")).json().getLong("count")).isZero();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void fieldsSelectsAndOrdersRenderedFields(Db db) {
    long s = supplier(db);
    JsonObject row = list(db, "suppliers", params("id", String.valueOf(s), "fields", "name,id")).json()
        .getJsonArray("results").getJsonObject(0);
    assertThat(row.fieldNames()).containsExactly("name", "id");
    EntityService.Result detail = await(service.client(db).get("suppliers", String.valueOf(s), params("fields", "code"), context()));
    assertThat(detail.json().fieldNames()).containsExactly("code");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void unknownNamesAreA400NamingThem(Db db) {
    EntityService.Result r = list(db, "suppliers", params("nmae", "x", "code__startswith", "A", "notes", "x",
        "ordering", "-nmae,notes", "fields", "id,zzz", "format", "json"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().fieldNames()).containsExactlyInAnyOrder("nmae", "code__startswith", "notes", "ordering", "fields");
    assertThat(r.errors("ordering").getString(0)).contains("nmae").contains("notes");
    assertThat(r.errors("fields").getString(0)).contains("zzz");
    EntityService.Result badValue = list(db, "products", params("unit_price__gt", "cheap", "active", "perhaps"));
    assertThat(badValue.errors("unit_price__gt")).containsExactly("Enter a number.");
    assertThat(badValue.errors("active").getString(0)).startsWith("Select a valid choice.");
  }

  // ---- updates and deletes -------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Db.class)
  void patchPutAndIfMatch(Db db) {
    long s = supplier(db);
    String id = String.valueOf(s);
    ResourceCalls client = service.client(db);
    EntityService.Result patched = await(client.update("suppliers", id, new JsonObject().put("phone", "+49 1"), true, "\"1\"", context()));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().getLong("version")).isEqualTo(2L);
    assertThat(patched.version()).isEqualTo("2");
    assertThat(patched.json().getString("phone")).isEqualTo("+49 1");

    EntityService.Result stale = await(client.update("suppliers", id, new JsonObject().put("phone", "2"), true, "\"1\"", context()));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().getString("code")).isEqualTo("precondition_failed");

    EntityService.Result putMissing = await(client.update("suppliers", id, new JsonObject().put("name", "n"), false, null, context()));
    assertThat(putMissing.status()).isEqualTo(400);
    assertThat(putMissing.errors("code")).containsExactly("This field is required.");

    String code = patched.json().getString("code");
    EntityService.Result put = await(client.update("suppliers", id, new JsonObject().put("code", code).put("name", "Renamed"), false, "W/\"2\"", context()));
    assertThat(put.json().getString("name")).isEqualTo("Renamed");
    assertThat(put.json().getString("phone")).isEqualTo("+49 1");
    assertThat(put.json().getLong("version")).isEqualTo(3L);

    EntityService.Result same = await(client.update("suppliers", id, new JsonObject().put("name", "Renamed"), true, null, context()));
    assertThat(same.json().getLong("version")).as("no change, no new version").isEqualTo(3L);

    assertThat(await(client.update("suppliers", "999999999", new JsonObject(), true, null, context())).status()).isEqualTo(404);
    EntityService.Result invalid = await(client.update("suppliers", id, new JsonObject().put("email", "x"), true, "\"3\"", context()));
    assertThat(invalid.status()).isEqualTo(400);
    EntityService.Result after = await(client.get("suppliers", id, new JsonObject(), context()));
    assertThat(after.json().getLong("version")).isEqualTo(3L);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void deleteHonoursIfMatchAndRefusesRecordsInUse(Db db) {
    long s = supplier(db);
    long p = product(db, s, "1.00");
    ResourceCalls client = service.client(db);
    EntityService.Result inUse = await(client.delete("suppliers", String.valueOf(s), null, context()));
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.json().getString("code")).isEqualTo("in_use");
    assertThat(await(client.get("suppliers", String.valueOf(s), new JsonObject(), context())).status()).isEqualTo(200);

    assertThat(await(client.delete("products", String.valueOf(p), "\"9\"", context())).status()).isEqualTo(412);
    assertThat(await(client.delete("products", String.valueOf(p), "\"1\"", context())).status()).isEqualTo(200);
    assertThat(await(client.get("products", String.valueOf(p), new JsonObject(), context())).status()).isEqualTo(404);
    assertThat(await(client.delete("products", String.valueOf(p), null, context())).status()).isEqualTo(404);
    assertThat(await(client.delete("suppliers", String.valueOf(s), null, context())).status()).isEqualTo(200);
  }

  // ---- purchase orders ----------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Db.class)
  void purchaseOrderWithLinesNumbersAndTotals(Db db) {
    long s = supplier(db);
    long p1 = product(db, s, "2.50");
    long p2 = product(db, s, "0.99");
    EntityService.Result r = create(db, "purchase-orders", new JsonObject().put("supplier_id", s).put("status", "approved")
        .put("lines", new JsonArray()
            .add(new JsonObject().put("product_id", p1).put("quantity", "3"))
            .add(new JsonObject().put("product_id", p2).put("quantity", "1.005").put("unit_price", "1.11"))));
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    JsonObject po = r.json();
    int year = LocalDate.now(ZoneOffset.UTC).getYear();
    assertThat(po.getString("number")).matches("PO-" + year + "-\\d{6}");
    assertThat(po.getString("status")).isEqualTo("draft");
    assertThat(po.getString("currency")).isEqualTo("EUR");
    assertThat(po.getString("order_date")).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
    assertThat(po.getLong("requested_by")).isEqualTo(7L);
    JsonArray lines = po.getJsonArray("lines");
    assertThat(lines).hasSize(2);
    assertThat(lines.getJsonObject(0).getString("unit_price")).as("defaults to the product's price").isEqualTo("2.50");
    assertThat(lines.getJsonObject(0).getString("quantity")).isEqualTo("3.000");
    assertThat(lines.getJsonObject(0).getString("line_total")).isEqualTo("7.50");
    // 1.005 x 1.11 = 1.11555 -> 1.12 (half up)
    assertThat(lines.getJsonObject(1).getString("line_total")).isEqualTo("1.12");
    assertThat(po.getString("total_amount")).isEqualTo("8.62");
    assertThat(po.fieldNames()).containsExactly("id", "number", "supplier_id", "status", "currency", "order_date",
        "expected_date", "notes", "lines", "total_amount", "requested_by", "submitted_at", "decided_by", "decided_at",
        "decision_comment", "version", "created_at", "updated_at");

    // replace the set: update line 1, drop line 2, add a new one
    long line1 = lines.getJsonObject(0).getLong("id");
    String id = String.valueOf(po.getLong("id"));
    EntityService.Result patched = await(service.client(db).update("purchase-orders", id, new JsonObject().put("lines", new JsonArray()
        .add(new JsonObject().put("id", line1).put("product_id", p1).put("quantity", "4"))
        .add(new JsonObject().put("product_id", p2).put("quantity", "2"))), true, "\"1\"", context()));
    assertThat(patched.status()).as(String.valueOf(patched.body())).isEqualTo(200);
    JsonArray after = patched.json().getJsonArray("lines");
    assertThat(after).hasSize(2);
    assertThat(after.getJsonObject(0).getLong("id")).isEqualTo(line1);
    assertThat(after.getJsonObject(0).getString("line_total")).isEqualTo("10.00");
    assertThat(after.getJsonObject(1).getString("line_total")).isEqualTo("1.98");
    assertThat(patched.json().getString("total_amount")).isEqualTo("11.98");
    assertThat(patched.json().getLong("version")).isEqualTo(2L);
    assertThat(patched.json().getString("number")).isEqualTo(po.getString("number"));

    // lines listed with their orders
    JsonObject listed = list(db, "purchase-orders", params("id", id)).json().getJsonArray("results").getJsonObject(0);
    assertThat(listed.getJsonArray("lines")).isEqualTo(after);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void purchaseOrderLineRules(Db db) {
    long s = supplier(db);
    long other = supplier(db);
    long mine = product(db, s, "1.00");
    long theirs = product(db, other, "1.00");
    EntityService.Result foreign = create(db, "purchase-orders", new JsonObject().put("supplier_id", s)
        .put("lines", new JsonArray().add(new JsonObject().put("product_id", mine).put("quantity", 1))
            .add(new JsonObject().put("product_id", theirs).put("quantity", 1))));
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.errors("lines").getJsonObject(0).isEmpty()).isTrue();
    assertThat(foreign.errors("lines").getJsonObject(1).getJsonArray("product_id").getString(0)).contains("not supplied by supplier");

    EntityService.Result badLine = create(db, "purchase-orders", new JsonObject().put("supplier_id", s)
        .put("lines", new JsonArray().add(new JsonObject().put("quantity", "0")).add("x")));
    assertThat(badLine.errors("lines").getJsonObject(0).getJsonArray("product_id")).containsExactly("This field is required.");
    assertThat(badLine.errors("lines").getJsonObject(0).getJsonArray("quantity")).containsExactly("Ensure this value is greater than 0.");
    assertThat(badLine.errors("lines").getJsonObject(1).getJsonArray("non_field_errors").getString(0)).contains("got str");

    EntityService.Result dates = create(db, "purchase-orders", new JsonObject().put("supplier_id", s)
        .put("order_date", "2026-05-10").put("expected_date", "2026-05-09"));
    assertThat(dates.errors("expected_date")).hasSize(1);
    EntityService.Result badDate = create(db, "purchase-orders", new JsonObject().put("supplier_id", s).put("order_date", "10/05/2026"));
    assertThat(badDate.errors("order_date").getString(0)).startsWith("Date has wrong format.");

    long a = create(db, "purchase-orders", new JsonObject().put("supplier_id", s)
        .put("lines", new JsonArray().add(new JsonObject().put("product_id", mine).put("quantity", 1)))).json().getLong("id");
    JsonObject b = create(db, "purchase-orders", new JsonObject().put("supplier_id", s)
        .put("lines", new JsonArray().add(new JsonObject().put("product_id", mine).put("quantity", 1)))).json();
    long lineOfB = b.getJsonArray("lines").getJsonObject(0).getLong("id");
    EntityService.Result stolen = await(service.client(db).update("purchase-orders", String.valueOf(a), new JsonObject()
        .put("lines", new JsonArray().add(new JsonObject().put("id", lineOfB).put("product_id", mine).put("quantity", 2))), true, null, context()));
    assertThat(stolen.status()).isEqualTo(400);
    assertThat(stolen.errors("lines").getString(0)).contains("does not belong");
    // B's line is untouched
    JsonObject bAfter = await(service.client(db).get("purchase-orders", String.valueOf(b.getLong("id")), new JsonObject(), context())).json();
    assertThat(bAfter.getJsonArray("lines").getJsonObject(0).getString("quantity")).isEqualTo("1.000");

    // a product on an order line is in use
    assertThat(await(service.client(db).delete("products", String.valueOf(mine), null, context())).status()).isEqualTo(409);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void onlyDraftOrdersChangeOrDelete(Db db) throws Exception {
    long s = supplier(db);
    JsonObject po = create(db, "purchase-orders", new JsonObject().put("supplier_id", s)).json();
    String id = String.valueOf(po.getLong("id"));
    // no transition exists yet in this service: move the order out of draft directly
    setStatus(db, po.getLong("id"), "submitted");
    EntityService.Result edit = await(service.client(db).update("purchase-orders", id, new JsonObject().put("notes", "x"), true, null, context()));
    assertThat(edit.status()).isEqualTo(409);
    assertThat(edit.json().getString("code")).isEqualTo("invalid_state");
    EntityService.Result stale = await(service.client(db).update("purchase-orders", id, new JsonObject().put("notes", "x"), true, "\"7\"", context()));
    assertThat(stale.status()).as("If-Match is checked before the state").isEqualTo(412);
    assertThat(await(service.client(db).delete("purchase-orders", id, null, context())).status()).isEqualTo(409);
    setStatus(db, po.getLong("id"), "draft");
    assertThat(await(service.client(db).delete("purchase-orders", id, null, context())).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void concurrentCreatesGetDistinctNumbers(Db db) {
    long s = supplier(db);
    List<Future<?>> all = new ArrayList<>();
    List<EntityService.Result> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(service.client(db).create("purchase-orders", new JsonObject().put("supplier_id", s), context())
          .onSuccess(m -> results.add(new EntityService.Result(200, ((io.vertx.core.buffer.Buffer) m.body()).toJsonObject(), null))));
    }
    Future.all(all).await();
    Set<String> numbers = new HashSet<>();
    results.forEach(r -> numbers.add(r.json().getString("number")));
    assertThat(numbers).hasSize(10);
  }

  // ---- audit and events -----------------------------------------------------------------------------

  /** An event as it arrived, with what another connection saw of its write at that moment. */
  private record Arrival(JsonObject event, String committed) {}

  @ParameterizedTest
  @EnumSource(Db.class)
  void everyWriteIsAuditedAndPublishedAfterCommit(Db db) throws Exception {
    BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    List<Arrival> mine = new ArrayList<>();
    JsonObject created;
    try (java.sql.Connection other = jdbc(db)) {
      MessageConsumer<JsonObject> consumer = service.node(db).eventBus().<JsonObject>consumer(Events.address("suppliers"),
          // read at once, before this handler returns: an event published before commit finds the write not yet visible
          m -> arrivals.add(new Arrival(m.body(), committed(other, m.body().getLong("id")))));
      consumer.completion().await();
      created = create(db, "suppliers", new JsonObject().put("code", unique("E").toUpperCase()).put("name", "Events")).json();
      long id = created.getLong("id");
      // each write waits for its event, so a later write cannot make an earlier event look committed
      mine.add(next(arrivals, id));
      await(service.client(db).update("suppliers", String.valueOf(id), new JsonObject().put("name", "Changed"), true, null, context()));
      mine.add(next(arrivals, id));
      await(service.client(db).delete("suppliers", String.valueOf(id), null, context()));
      mine.add(next(arrivals, id));
      consumer.unregister().await();
    }
    assertThat(mine).extracting(a -> a.event().getString("type")).containsExactly("created", "updated", "deleted");
    assertThat(mine).extracting(Arrival::committed).as("what another connection saw when each event arrived")
        .containsExactly("version 1, audit [created]", "version 2, audit [created, updated]", "no row, audit [created, updated, deleted]");
    JsonObject first = mine.get(0).event();
    assertThat(first.getString("resource")).isEqualTo("suppliers");
    assertThat(first.getJsonObject("data")).isEqualTo(created);
    assertThat(first.getJsonObject("actor")).isEqualTo(new JsonObject().put("id", 7L).put("username", "tester"));
    assertThat(mine.get(1).event().getLong("version")).isEqualTo(2L);
    assertThat(mine.get(2).event().getValue("data")).isNull();

    List<JsonObject> audit = auditRows(db, "suppliers", created.getLong("id"));
    assertThat(audit).extracting(a -> a.getString("action")).containsExactly("created", "updated", "deleted");
    assertThat(new JsonObject(audit.get(1).getString("changes")).getJsonArray("name")).containsExactly("Events", "Changed");
    assertThat(audit.get(1).getLong("actor_id")).isEqualTo(7L);
  }

  /** The next event about record {@code id} (events of other records are skipped), within 10 s. */
  private static Arrival next(BlockingQueue<Arrival> arrivals, long id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Arrival a; (a = arrivals.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
      if (a.event().getLong("id") == id) return a;
    }
    throw new AssertionError("no event about supplier " + id + " within 10 s");
  }

  // ---- helpers that look at the database directly ----------------------------------------------------

  private static List<Long> ids(EntityService.Result r) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    List<Long> out = new ArrayList<>();
    r.json().getJsonArray("results").forEach(o -> out.add(((JsonObject) o).getLong("id")));
    return out;
  }

  private static void setStatus(Db db, long id, String status) throws Exception {
    try (var c = jdbc(db); var st = c.prepareStatement("UPDATE purchase_orders SET status = ? WHERE id = ?")) {
      st.setString(1, status);
      st.setLong(2, id);
      assertThat(st.executeUpdate()).isEqualTo(1);
    }
  }

  private static List<JsonObject> auditRows(Db db, String table, long id) throws Exception {
    List<JsonObject> rows = new ArrayList<>();
    try (var c = jdbc(db); var st = c.prepareStatement(
        "SELECT action, changes, actor_id FROM audit_log WHERE resource = ? AND record_id = ? ORDER BY id")) {
      st.setString(1, table);
      st.setLong(2, id);
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          rows.add(new JsonObject().put("action", rs.getString(1)).put("changes", rs.getString(2)).put("actor_id", rs.getLong(3)));
        }
      }
    }
    return rows;
  }

  /** The record's version (or "no row") and its audit actions, as a connection of its own sees them now. */
  private static String committed(java.sql.Connection c, long id) {
    try (var version = c.prepareStatement("SELECT version FROM suppliers WHERE id = ?");
         var actions = c.prepareStatement("SELECT action FROM audit_log WHERE resource = 'suppliers' AND record_id = ? ORDER BY id")) {
      version.setLong(1, id);
      actions.setLong(1, id);
      String row;
      try (var rs = version.executeQuery()) {
        row = rs.next() ? "version " + rs.getLong(1) : "no row";
      }
      List<String> audit = new ArrayList<>();
      try (var rs = actions.executeQuery()) {
        while (rs.next()) audit.add(rs.getString(1));
      }
      return row + ", audit " + audit;
    } catch (java.sql.SQLException e) {
      return "unreadable: " + e;
    }
  }

  private static java.sql.Connection jdbc(Db db) throws Exception {
    EntityService.Opened o = service.database(db);
    if (db == Db.POSTGRES) {
      var c = java.sql.DriverManager.getConnection("jdbc:postgresql://" + dev.orderly.core.test.TestServices.PG_HOST + ":"
          + dev.orderly.core.test.TestServices.PG_PORT + "/" + dev.orderly.core.test.TestServices.PG_DB + "?currentSchema=" + o.overrides().getString("POSTGRES_SCHEMA"),
          dev.orderly.core.test.TestServices.PG_USER, dev.orderly.core.test.TestServices.PG_PASSWORD);
      return c;
    }
    return java.sql.DriverManager.getConnection("jdbc:sqlite:" + o.dir().resolve("data").resolve("db.sqlite3") + "?busy_timeout=5000");
  }
}
