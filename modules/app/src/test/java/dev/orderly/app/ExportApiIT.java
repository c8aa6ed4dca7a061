package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ExportMessages.JobEvent;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Synchronous exports and export jobs over HTTP (and the batch callers' bus address), on SQLite and PostgreSQL. */
class ExportApiIT {
  private static final String PASSWORD = "exp-Passw0rd-e2e";
  private static final Map<Db, Fixture> FIXTURES = new EnumMap<>(Db.class);

  /** A node with a supplier, a few products (one with a formula-like name), an exporter and a user without export. */
  private record Fixture(RunningOrderly app, long supplier, String exporter, String viewer, long exporterId) {}

  private static synchronized Fixture fixture(Db db) {
    return FIXTURES.computeIfAbsent(db, d -> {
      RunningOrderly app = RunningOrderly.start(d, tempDir());
      long supplier = app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "EXP-1").put("name", "Export Ltd"), 201)
          .bodyAsJsonObject().getLong("id");
      product(app, supplier, "EXP-P1", "Bolt", "12.50", 7);
      product(app, supplier, "EXP-P2", "=HYPERLINK(\"http://x\")", "0.05", 0);
      product(app, supplier, "EXP-P3", "Nut, \"hex\"\nM8", "1234567890.99", 2147483647);
      String exporter = app.user("exporter", PASSWORD, new JsonObject().put("permissions",
          new JsonArray().add("products.view").add("products.export")));
      String viewer = app.user("viewer", PASSWORD, new JsonObject().put("permissions", new JsonArray().add("products.view")));
      long exporterId = app.send(app.requestAs(exporter, GET, "/api/auth/me"), null).bodyAsJsonObject().getLong("id");
      return new Fixture(app, supplier, exporter, viewer, exporterId);
    });
  }

  @AfterAll
  static synchronized void stopAll() {
    FIXTURES.values().forEach(f -> f.app().close());
    FIXTURES.clear();
  }

  private static void product(RunningOrderly app, long supplier, String sku, String name, String price, long stock) {
    product(app, supplier, sku, name, price, stock, "exp");
  }

  private static void product(RunningOrderly app, long supplier, String sku, String name, String price, long stock, String category) {
    app.testRequest(POST, "/api/products/", new JsonObject().put("sku", sku).put("name", name).put("unit_price", price)
        .put("supplier_id", supplier).put("stock_quantity", stock).put("category", category), 201);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void csvExportIsTheFilteredListWithBomQuotingAndNoFormula(Db db) {
    Fixture f = fixture(db);
    HttpResponse<Buffer> r = f.app().send(f.app().requestAs(f.exporter(), GET,
        "/api/products/export?format=csv&category=exp&ordering=sku&fields=sku,name,unit_price,stock_quantity"), null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("text/csv");
    assertThat(r.getHeader("Content-Disposition")).matches("attachment; filename=\"products-\\d{8}T\\d{6}Z\\.csv\".*");
    byte[] bytes = r.body().getBytes();
    assertThat(bytes[0] & 0xff).isEqualTo(0xEF);
    assertThat(bytes[1] & 0xff).isEqualTo(0xBB);
    assertThat(bytes[2] & 0xff).isEqualTo(0xBF);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertThat(text).isEqualTo("sku,name,unit_price,stock_quantity\r\n"
        + "EXP-P1,Bolt,12.50,7\r\n"
        + "EXP-P2,\"'=HYPERLINK(\"\"http://x\"\")\",0.05,0\r\n"
        + "EXP-P3,\"Nut, \"\"hex\"\"\nM8\",1234567890.99,2147483647\r\n");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void xlsxExportHasTypedCellsABoldFrozenHeaderAndNoFormula(Db db) throws IOException {
    Fixture f = fixture(db);
    HttpResponse<Buffer> r = f.app().send(f.app().requestAs(f.exporter(), GET, "/api/products/export?category=exp&ordering=sku"), null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Disposition")).contains(".xlsx");
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(r.body().getBytes()))) {
      Sheet sheet = book.getSheetAt(0);
      Row header = sheet.getRow(0);
      List<String> names = new ArrayList<>();
      header.forEach(c -> names.add(c.getStringCellValue()));
      assertThat(names).startsWith("id", "sku", "name").contains("unit_price", "supplier_id", "active", "version", "created_at",
          "updated_at");
      assertThat(book.getFontAt(header.getCell(0).getCellStyle().getFontIndex()).getBold()).isTrue();
      assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
      assertThat(sheet.getLastRowNum()).isEqualTo(3);
      Map<String, Cell> p2 = cells(sheet, names, 2);
      assertThat(p2.get("name").getCellType()).isEqualTo(CellType.STRING);
      assertThat(p2.get("name").getStringCellValue()).isEqualTo("=HYPERLINK(\"http://x\")");
      assertThat(p2.get("unit_price").getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(p2.get("unit_price").getNumericCellValue()).isEqualTo(0.05);
      assertThat(p2.get("active").getCellType()).isEqualTo(CellType.BOOLEAN);
      Cell created = p2.get("created_at");
      assertThat(created.getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(DateUtil.isCellDateFormatted(created)).isTrue();
      assertThat(created.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(LocalDate.now(java.time.ZoneOffset.UTC));
      Map<String, Cell> p3 = cells(sheet, names, 3);
      assertThat(p3.get("stock_quantity").getNumericCellValue()).isEqualTo(2147483647d);
      assertThat(p3.get("unit_price").getNumericCellValue()).isEqualTo(1234567890.99);
      for (Row row : sheet) for (Cell cell : row) assertThat(cell.getCellType()).isNotEqualTo(CellType.FORMULA);
    }
  }

  private static Map<String, Cell> cells(Sheet sheet, List<String> names, int row) {
    Map<String, Cell> cells = new java.util.HashMap<>();
    for (int i = 0; i < names.size(); i++) cells.put(names.get(i), sheet.getRow(row).getCell(i));
    return cells;
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void badParametersAndMissingPermissionAreRefusedBeforeAnyFile(Db db) {
    Fixture f = fixture(db);
    HttpResponse<Buffer> format = f.app().send(f.app().requestAs(f.exporter(), GET, "/api/products/export?format=pdf"), null);
    assertThat(format.statusCode()).isEqualTo(400);
    assertThat(format.bodyAsJsonObject().getJsonArray("format")).isNotEmpty();
    HttpResponse<Buffer> filter = f.app().send(f.app().requestAs(f.exporter(), GET, "/api/products/export?colour=red"), null);
    assertThat(filter.statusCode()).isEqualTo(400);
    assertThat(filter.bodyAsJsonObject().containsKey("colour")).as(filter.bodyAsString()).isTrue();
    HttpResponse<Buffer> denied = f.app().send(f.app().requestAs(f.viewer(), GET, "/api/products/export?format=csv"), null);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.bodyAsJsonObject().getString("code")).isEqualTo("permission_denied");
    HttpResponse<Buffer> anonymous = f.app().send(f.app().anonymous(GET, "/api/products/export"), null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> orders = f.app().send(f.app().request(GET, "/api/purchase-orders/export?format=csv"), null);
    assertThat(orders.statusCode()).isEqualTo(200);
    assertThat(orders.bodyAsString().lines().findFirst().orElse("")).doesNotContain("lines").contains("number");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aClientThatLeavesMidExportLeavesNoTemporaryFile(Db db) throws IOException {
    Fixture f = fixture(db);
    for (int i = 0; i < 300; i++) product(f.app(), f.supplier(), "BULK-" + db + "-" + i, "Bulk " + i, "1.00", i, "bulk");
    Path temp = f.app().settings().dataDir().resolve("tmp").resolve("export");
    for (String format : List.of("csv", "xlsx")) {
      try (Socket socket = new Socket("127.0.0.1", f.app().port())) {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/products/export?format=" + format + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + f.exporter() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] first = new byte[64];
        assertThat(in.read(first)).isPositive();
      }
    }
    Eventually.within(Duration.ofSeconds(45), () -> {
      assertThat(files(temp)).as("temporary files in %s", temp).isEmpty();
      return null;
    });
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.exists(dir)) return List.of();
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anExportJobRunsToItsFileAndOnlyItsRequesterSeesIt(Db db) {
    Fixture f = fixture(db);
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = f.app().vertx().eventBus().consumer(ExportClient.EVENTS_ADDRESS, m -> events.add(m.body()));
    try {
      HttpResponse<Buffer> submitted = f.app().send(f.app().requestAs(f.exporter(), POST, "/api/exports/"),
          new JsonObject().put("resource", "products").put("format", "csv").put("filters", new JsonObject().put("category", "exp")));
      assertThat(submitted.statusCode()).as(submitted.bodyAsString()).isEqualTo(202);
      JsonObject job = submitted.bodyAsJsonObject();
      assertThat(job.getString("status")).isEqualTo("queued");
      long id = job.getLong("id");
      JsonObject done = Eventually.within(Duration.ofSeconds(30), () -> {
        JsonObject now = f.app().send(f.app().requestAs(f.exporter(), GET, "/api/exports/" + id), null).bodyAsJsonObject();
        assertThat(now.getString("status")).as(now.encode()).isEqualTo("done");
        return now;
      });
      assertThat(done.getLong("rows")).isEqualTo(3);
      assertThat(done.getInteger("progress")).isEqualTo(100);
      assertThat(done.getString("download_url")).isEqualTo(f.app().url("/api/exports/" + id + "/download"));
      HttpResponse<Buffer> file = f.app().send(f.app().requestAs(f.exporter(), GET, "/api/exports/" + id + "/download"), null);
      assertThat(file.statusCode()).isEqualTo(200);
      assertThat(file.bodyAsString()).contains("EXP-P1").contains("EXP-P3").doesNotContain("BULK-");
      assertThat(f.app().send(f.app().requestAs(f.viewer(), GET, "/api/exports/" + id), null).statusCode()).isEqualTo(404);
      assertThat(f.app().send(f.app().requestAs(f.viewer(), GET, "/api/exports/" + id + "/download"), null).statusCode()).isEqualTo(404);
      assertThat(f.app().send(f.app().request(GET, "/api/exports/" + id), null).statusCode()).as("staff").isEqualTo(200);
      Eventually.within(Duration.ofSeconds(10), () -> assertThat(events).anySatisfy(e -> {
        assertThat(e.getString("type")).isEqualTo(JobEvent.DONE);
        assertThat(e.getLong("id")).isEqualTo(id);
      }));
      HttpResponse<Buffer> refused = f.app().send(f.app().requestAs(f.viewer(), POST, "/api/exports/"),
          new JsonObject().put("resource", "products").put("format", "csv"));
      assertThat(refused.statusCode()).isEqualTo(403);
      HttpResponse<Buffer> badFilter = f.app().send(f.app().requestAs(f.exporter(), POST, "/api/exports/"),
          new JsonObject().put("resource", "products").put("filters", new JsonObject().put("colour", "red")));
      assertThat(badFilter.statusCode()).isEqualTo(400);
      for (Object notAnObject : new Object[] {new JsonArray(), "name=a", 1}) {
        HttpResponse<Buffer> notFilters = f.app().send(f.app().requestAs(f.exporter(), POST, "/api/exports/"),
            new JsonObject().put("resource", "products").put("filters", notAnObject));
        assertThat(notFilters.statusCode()).as("filters %s", notAnObject).isEqualTo(400);
        assertThat(notFilters.bodyAsJsonObject().containsKey("filters")).isTrue();
      }
    } finally {
      consumer.unregister();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void batchCallersSubmitOnTheBusForAUser(Db db) {
    Fixture f = fixture(db);
    RequestContext batch = RequestContext.anonymous("batch", CallerSigning.fromSecret(f.app().settings().secretKey()));
    JsonObject submission = new JsonObject().put("resource", "products").put("format", "xlsx").put("filters", new JsonObject().put("sku", "EXP-P1"))
        .put("user_id", f.exporterId());
    // a caller that does not hold the deployment's key is not answered
    Throwable unsigned = RunningOrderly.awaitFailure(f.app().vertx().eventBus().request(ExportClient.SUBMIT_ADDRESS, submission,
        new DeliveryOptions().setSendTimeout(1_000)));
    assertThat(((ReplyException) unsigned).failureType()).isEqualTo(ReplyFailure.TIMEOUT);
    JsonObject reply = RunningOrderly.await(f.app().vertx().eventBus().<JsonObject>request(ExportClient.SUBMIT_ADDRESS, submission,
        batch.deliveryOptions(10_000))).body();
    long id = reply.getLong("id");
    JsonObject done = Eventually.within(Duration.ofSeconds(30), () -> {
      JsonObject now = f.app().send(f.app().requestAs(f.exporter(), GET, "/api/exports/" + id), null).bodyAsJsonObject();
      assertThat(now.getString("status")).as(now.encode()).isEqualTo("done");
      return now;
    });
    assertThat(done.getLong("rows")).isEqualTo(1);
    Throwable refused = RunningOrderly.awaitFailure(f.app().vertx().eventBus().request(ExportClient.SUBMIT_ADDRESS,
        new JsonObject().put("resource", "products").put("user_id", 999_999), batch.deliveryOptions(10_000)));
    assertThat(refused.getMessage()).contains("user_id");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aNodeRunsAtMostExportWorkersJobsAtOnceAndQueuesTheRest(Db db) {
    RunningOrderly app = RunningOrderly.start(db, tempDir(), new JsonObject().put("EXPORT_WORKERS", "1"));
    try {
      long supplier = app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "Q-1").put("name", "Queue Ltd"), 201)
          .bodyAsJsonObject().getLong("id");
      for (int i = 0; i < 40; i++) product(app, supplier, "Q-" + i, "Queued " + i, "1.00", i);
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ids.add(app.testRequest(POST, "/api/exports/", new JsonObject().put("resource", "products").put("format", "xlsx"), 202)
            .bodyAsJsonObject().getLong("id"));
      }
      for (long id : ids) {
        Eventually.within(Duration.ofSeconds(60), () -> {
          assertThat(app.testRequest(GET, "/api/exports/" + id, null, 200).bodyAsJsonObject().getString("status")).isEqualTo("done");
          return null;
        });
      }
      // each job's claim and its end: with one worker they never overlap (times are whole seconds: ties sort by the end)
      io.vertx.sqlclient.Pool pool = dev.orderly.core.db.Database.pool(app.vertx(), app.settings(), "test-queue");
      try {
        List<long[]> spans = new ArrayList<>();
        RunningOrderly.await(pool.query("SELECT started_at, finished_at FROM export_jobs ORDER BY started_at, finished_at").execute())
            .forEach(row -> spans.add(new long[] {row.getLong("started_at"), row.getLong("finished_at")}));
        assertThat(spans).hasSize(4);
        for (int i = 1; i < spans.size(); i++) {
          assertThat(spans.get(i)[0]).as("job %d starts after job %d ended", i, i - 1).isGreaterThanOrEqualTo(spans.get(i - 1)[1]);
        }
      } finally {
        RunningOrderly.await(pool.close());
      }
    } finally {
      app.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aJobLeftRunningByAStoppedNodeIsFailedWhenTheNodeStarts(Db db) throws IOException {
    RunningOrderly app = RunningOrderly.start(db, tempDir());
    try {
      String node = Files.readString(app.settings().dataDir().resolve("node-id")).trim();
      long id;
      io.vertx.sqlclient.Pool pool = dev.orderly.core.db.Database.pool(app.vertx(), app.settings(), "test-jobs");
      try {
        id = RunningOrderly.await(dev.orderly.core.db.NamedSql.of(dev.orderly.core.db.Database.dialect(app.settings()),
                "INSERT INTO export_jobs (resource, format, filters, status, filename, user_id, caller, node, created_at, heartbeat_at)"
                + " VALUES ('products', 'csv', '{}', 'running', 'products.csv', #{user}, '{}', #{node}, #{now}, #{now}) RETURNING id")
            .execute(pool, Map.of("user", app.adminId(), "node", node, "now", System.currentTimeMillis())))
            .iterator().next().getLong("id");
      } finally {
        RunningOrderly.await(pool.close());
      }
      assertThat(app.testRequest(GET, "/api/exports/" + id, null, 200).bodyAsJsonObject().getString("status")).isEqualTo("running");
      app = app.restart();
      JsonObject job = app.testRequest(GET, "/api/exports/" + id, null, 200).bodyAsJsonObject();
      assertThat(job.getString("status")).isEqualTo("failed");
      assertThat(job.getString("error")).contains("stopped");
    } finally {
      app.close();
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("orderly-export-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
