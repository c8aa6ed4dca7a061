package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Imports over HTTP on SQLite and PostgreSQL: round trips with the export, all or nothing, permissions, limits. */
class ImportApiIT {
  private static final String PASSWORD = "imp-Passw0rd-e2e";
  private static final String BOUNDARY = "orderly-import-boundary-2f9c1";
  private static final Map<Db, Fixture> FIXTURES = new EnumMap<>(Db.class);

  private record Fixture(RunningOrderly app, long supplier, String importer, String updater, String noImport) {}

  private static synchronized Fixture fixture(Db db) {
    return FIXTURES.computeIfAbsent(db, d -> {
      RunningOrderly app = RunningOrderly.start(d, tempDir(), new JsonObject().put("MAX_IMPORT_SIZE", "200000"));
      long supplier = app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "IMP-1").put("name", "Import Ltd"), 201)
          .bodyAsJsonObject().getLong("id");
      String importer = app.user("importer", PASSWORD, new JsonObject().put("permissions", new JsonArray().add("products.view")
          .add("products.export").add("products.import").add("products.add").add("products.change")));
      String updater = app.user("updater", PASSWORD, new JsonObject().put("permissions", new JsonArray().add("products.view")
          .add("products.import").add("products.change")));
      String noImport = app.user("noimport", PASSWORD, new JsonObject().put("permissions", new JsonArray().add("products.view")
          .add("products.add").add("products.change")));
      return new Fixture(app, supplier, importer, updater, noImport);
    });
  }

  @AfterAll
  static synchronized void stopAll() {
    FIXTURES.values().forEach(f -> f.app().close());
    FIXTURES.clear();
  }

  private static JsonObject product(Fixture f, String sku, String name, String category) {
    return f.app().testRequest(POST, "/api/products/", new JsonObject().put("sku", sku).put("name", name).put("unit_price", "3.25")
        .put("supplier_id", f.supplier()).put("category", category).put("stock_quantity", 5), 201).bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> importFile(Fixture f, String token, String query, String filename, byte[] content) {
    Buffer body = Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").appendBytes(content).appendString("\r\n--" + BOUNDARY + "--\r\n");
    return f.app().send(f.app().requestAs(token, POST, "/api/products/import" + query)
        .putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY), body);
  }

  private static JsonArray list(Fixture f, String category) {
    return f.app().testRequest(GET, "/api/products/?page_size=1000&ordering=sku&category=" + category, null, 200)
        .bodyAsJsonObject().getJsonArray("results");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anXlsxExportEditedAndImportedBackUpdatesExactlyWhatChanged(Db db) throws IOException {
    Fixture f = fixture(db);
    String category = "rt-xlsx-" + db.name().toLowerCase();
    for (int i = 0; i < 5; i++) product(f, "RTX-" + db + "-" + i, "Widget " + i, category);
    JsonArray before = list(f, category);
    HttpResponse<Buffer> exported = f.app().send(f.app().requestAs(f.importer(), GET,
        "/api/products/export?format=xlsx&ordering=sku&category=" + category), null);
    assertThat(exported.statusCode()).isEqualTo(200);
    byte[] edited;
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(exported.body().getBytes()))) {
      Sheet sheet = book.getSheetAt(0);
      int nameColumn = -1;
      for (Cell c : sheet.getRow(0)) if (c.getStringCellValue().equals("name")) nameColumn = c.getColumnIndex();
      for (Row row : sheet) {
        if (row.getRowNum() == 0 || row.getRowNum() > 2) continue;
        // a new cell, as a spreadsheet program writes one (POI, editing an inline string in place, leaves the old text beside it)
        String name = row.getCell(nameColumn).getStringCellValue();
        row.removeCell(row.getCell(nameColumn));
        row.createCell(nameColumn).setCellValue(name + " (renamed)");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      book.write(out);
      edited = out.toByteArray();
    }
    HttpResponse<Buffer> dry = importFile(f, f.importer(), "?dry_run=true", "products.xlsx", edited);
    assertThat(dry.statusCode()).as(dry.bodyAsString()).isEqualTo(200);
    assertThat(dry.bodyAsJsonObject()).isEqualTo(new JsonObject().put("created", 0).put("updated", 2).put("unchanged", 3)
        .put("errors", new JsonArray()).put("dry_run", true));
    assertThat(list(f, category)).isEqualTo(before);
    HttpResponse<Buffer> imported = importFile(f, f.importer(), "", "products.xlsx", edited);
    assertThat(imported.statusCode()).as(imported.bodyAsString()).isEqualTo(200);
    assertThat(imported.bodyAsJsonObject().getInteger("updated")).isEqualTo(2);
    JsonArray after = list(f, category);
    for (int i = 0; i < before.size(); i++) {
      JsonObject was = before.getJsonObject(i);
      JsonObject now = after.getJsonObject(i);
      boolean renamed = i < 2;
      for (String field : was.fieldNames()) {
        switch (field) {
          case "name" -> assertThat(now.getString("name")).isEqualTo(renamed ? was.getString("name") + " (renamed)" : was.getString("name"));
          case "version" -> assertThat(now.getLong("version")).isEqualTo(was.getLong("version") + (renamed ? 1 : 0));
          case "updated_at" -> {
            if (!renamed) assertThat(now.getValue(field)).isEqualTo(was.getValue(field));
          }
          default -> assertThat(now.getValue(field)).as(field).isEqualTo(was.getValue(field));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aCsvExportImportsBackUnchangedAndNewRowsAreCreated(Db db) {
    Fixture f = fixture(db);
    String category = "rt-csv-" + db.name().toLowerCase();
    product(f, "RTC-" + db + "-1", "=SUM(A1:A9)", category);
    product(f, "RTC-" + db + "-2", "Comma, \"quoted\"", category);
    JsonArray before = list(f, category);
    HttpResponse<Buffer> exported = f.app().send(f.app().requestAs(f.importer(), GET,
        "/api/products/export?format=csv&ordering=sku&category=" + category), null);
    String csv = exported.bodyAsString(StandardCharsets.UTF_8.name());
    HttpResponse<Buffer> same = importFile(f, f.importer(), "", "products.csv", csv.getBytes(StandardCharsets.UTF_8));
    assertThat(same.statusCode()).as(same.bodyAsString()).isEqualTo(200);
    assertThat(same.bodyAsJsonObject().getInteger("unchanged")).isEqualTo(2);
    assertThat(list(f, category)).isEqualTo(before);
    String created = "sku,name,unit_price,supplier_id,category\r\nRTC-" + db + "-3,New one,9.99," + f.supplier() + "," + category + "\r\n";
    HttpResponse<Buffer> create = importFile(f, f.importer(), "", "new.csv", created.getBytes(StandardCharsets.UTF_8));
    assertThat(create.statusCode()).as(create.bodyAsString()).isEqualTo(200);
    assertThat(create.bodyAsJsonObject().getInteger("created")).isEqualTo(1);
    assertThat(list(f, category)).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aFileWithAnyErrorWritesNothingAndListsEveryError(Db db) {
    Fixture f = fixture(db);
    String category = "bad-" + db.name().toLowerCase();
    JsonObject existing = product(f, "BAD-" + db + "-0", "Existing", category);
    String csv = "id,version,sku,name,unit_price,supplier_id,category\r\n"
        + existing.getLong("id") + ",99,BAD-" + db + "-0,Renamed,3.25," + f.supplier() + "," + category + "\r\n"
        + ",,BAD-" + db + "-1,Good,1.00," + f.supplier() + "," + category + "\r\n"
        + ",,BAD-" + db + "-2,Bad price,abc," + f.supplier() + "," + category + "\r\n"
        + ",,BAD-" + db + "-1,Duplicate,1.00," + f.supplier() + "," + category + "\r\n"
        + ",,BAD-" + db + "-3,No supplier,1.00,99999999," + category + "\r\n";
    HttpResponse<Buffer> r = importFile(f, f.importer(), "", "bad.csv", csv.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getBoolean("dry_run")).isFalse();
    JsonArray errors = body.getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getInteger("row") + ":" + ((JsonObject) e).getString("field")))
        .contains("2:version", "4:unit_price", "5:sku", "6:supplier_id");
    assertThat(list(f, category)).hasSize(1);
    assertThat(list(f, category).getJsonObject(0).getString("name")).isEqualTo("Existing");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void permissionsLimitsAndHostileFilesAreRefusedBeforeAnythingIsWritten(Db db) {
    Fixture f = fixture(db);
    byte[] create = ("sku,name,unit_price,supplier_id\r\nPERM-" + db + ",X,1.00," + f.supplier() + "\r\n").getBytes(StandardCharsets.UTF_8);
    assertThat(importFile(f, f.noImport(), "", "p.csv", create).statusCode()).as("no import permission").isEqualTo(403);
    assertThat(importFile(f, f.updater(), "", "p.csv", create).statusCode()).as("creates need add").isEqualTo(403);
    assertThat(f.app().testRequest(GET, "/api/products/?sku=PERM-" + db, null, 200).bodyAsJsonObject().getLong("count")).isZero();
    HttpResponse<Buffer> tooLarge = importFile(f, f.importer(), "", "big.csv", new byte[300_000]);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    HttpResponse<Buffer> png = importFile(f, f.importer(), "", "image.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    assertThat(png.statusCode()).isEqualTo(400);
    assertThat(png.bodyAsJsonObject().getJsonArray("file")).isNotEmpty();
    HttpResponse<Buffer> truncated = importFile(f, f.importer(), "", "t.xlsx", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0});
    assertThat(truncated.statusCode()).isEqualTo(400);
    Buffer orderFile = Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"o.csv\"\r\n\r\n"
        + "supplier_id\r\n" + f.supplier() + "\r\n\r\n--" + BOUNDARY + "--\r\n");
    HttpResponse<Buffer> orders = f.app().send(f.app().request(POST, "/api/purchase-orders/import")
        .putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY), orderFile);
    assertThat(orders.statusCode()).as(orders.bodyAsString()).isEqualTo(405);
    assertThat(orders.bodyAsJsonObject().getString("code")).isEqualTo("method_not_allowed");
    HttpResponse<Buffer> dryRun = importFile(f, f.importer(), "?dry_run=maybe", "p.csv", create);
    assertThat(dryRun.statusCode()).isEqualTo(400);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("orderly-import-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
