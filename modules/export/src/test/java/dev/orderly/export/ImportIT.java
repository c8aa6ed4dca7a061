package dev.orderly.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ExportMessages.ImportUpload;
import dev.orderly.core.bus.ExportMessages.Upload;
import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.bus.ReadStreamSource;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.RowsPage;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TestServices;
import dev.orderly.core.test.TestVertx;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code import} action end to end on one node: the deployed {@link ExportVerticle} (SQLite), a real
 * upload stream of a real file, and in place of the entity service a small consumer of
 * {@value ResourceClient#ENTITIES_ADDRESS} that pulls the streamed rows the way the owning service does,
 * records them and answers a summary.
 */
class ImportIT {
  private static final String RESOURCE = "suppliers";

  @RegisterExtension final TestVertx node = new TestVertx();
  @TempDir Path dir;

  private final List<Received> imports = new CopyOnWriteArrayList<>();
  private Path tempDir;

  /** One import request the consumer got: its caller, dry_run, and the rows it pulled. */
  record Received(Caller caller, boolean dryRun, List<ImportRow> rows) {}

  record Result(int status, JsonObject body) {}

  private Vertx vertx() {
    return node.vertx();
  }

  private void deploy(JsonObject extra) {
    JsonObject overrides = TestServices.sqlite(dir.resolve("data")).put("LOG_DIR", dir.resolve("logs").toString()).mergeIn(extra);
    tempDir = TempFiles.directory(node.settings(overrides));
    vertx().deployVerticle(new ExportVerticle(), new DeploymentOptions().setConfig(node.config(overrides))).await();
    Consumers.register(vertx(), CallerSigning.fromSecret(TestServices.SECRET), ResourceClient.ENTITIES_ADDRESS,
        Map.of(ResourceRequest.IMPORT, (body, context) -> {
          ResourceRequest.Import request = ResourceRequest.Import.fromJson(body);
          return pullRows(BusStream.reader(vertx(), request.stream(), 10_000)).compose(rows -> {
            imports.add(new Received(context.caller(), request.dryRun(), rows));
            return summary(rows, request.dryRun());
          });
        })).await();
  }

  /** What an owning service answers: counts, and an error for every row named "bad" (then a 400 with the same body). */
  private static Future<Consumers.Reply> summary(List<ImportRow> rows, boolean dryRun) {
    long updates = rows.stream().filter(r -> r.values().getValue("id") != null).count();
    JsonArray errors = new JsonArray();
    rows.stream().filter(r -> "bad".equals(r.values().getString("name")))
        .forEach(r -> errors.add(new JsonObject().put("row", r.row()).put("field", "name").put("message", "Bad name.")));
    JsonObject body = new JsonObject().put("created", rows.size() - updates).put("updated", updates).put("unchanged", 0)
        .put("errors", errors).put("dry_run", dryRun);
    return errors.isEmpty() ? Future.succeededFuture(Consumers.Reply.of(ResourceReply.of(body))) : Future.failedFuture(new ServiceError(400, body));
  }

  /** Pulls NDJSON lines to the end of the stream; a line may span chunks. */
  private static Future<List<ImportRow>> pullRows(BusStream.Reader reader) {
    Promise<List<ImportRow>> done = Promise.promise();
    pull(reader, Buffer.buffer(), new ArrayList<>(), done);
    return done.future();
  }

  private static void pull(BusStream.Reader reader, Buffer pending, List<ImportRow> rows, Promise<List<ImportRow>> done) {
    reader.next().onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      if (ar.result() == null) {
        if (pending.length() > 0) rows.add(ImportRow.fromJson(pending.toJsonObject()));
        done.complete(rows);
        return;
      }
      Buffer all = pending.appendBuffer(ar.result());
      int start = 0;
      for (int i = 0; i < all.length(); i++) {
        if (all.getByte(i) == '\n') {
          rows.add(ImportRow.fromJson(all.getBuffer(start, i).toJsonObject()));
          start = i + 1;
        }
      }
      pull(reader, all.getBuffer(start, all.length()), rows, done);
    });
  }

  private static RequestContext caller(String... actions) {
    Set<String> permissions = Arrays.stream(actions).map(a -> "suppliers." + a).collect(Collectors.toSet());
    return new RequestContext("it-" + System.nanoTime(), new Caller(7L, "importer", false, false, permissions),
        CallerSigning.fromSecret(TestServices.SECRET));
  }

  /** Serves {@code file} as an upload stream; {@code closed} turns true when its producer frees it (end, cancel or idle). */
  private ImportUpload upload(Path file, String filename, String contentType, boolean dryRun, AtomicBoolean closed) {
    AsyncFile opened = vertx().fileSystem().open(file.toString(), new OpenOptions().setRead(true).setWrite(false)).await();
    String address = BusStream.serve(vertx(), new ReadStreamSource(opened, () -> {
      closed.set(true);
      opened.close();
    }), 30_000).await();
    return new ImportUpload(RESOURCE, dryRun, new Upload(address, filename, contentType, new JsonObject()));
  }

  private Result send(ImportUpload upload, RequestContext context) {
    try {
      return new Result(200, new ExportClient(vertx(), 60_000).importFile(upload, context).await().json());
    } catch (Exception e) {
      ServiceError error = Consumers.toServiceError(e);
      return new Result(error.status(), error.body());
    }
  }

  private void assertCleanedUp(AtomicBoolean uploadClosed) {
    Eventually.until("the upload stream is freed", uploadClosed::get);
    Eventually.until("no file left in " + tempDir, () -> ImportSamples.filesIn(tempDir).isEmpty());
  }

  @Test
  void csvAndXlsxRowsReachTheOwningServiceAsStreamed() throws Exception {
    deploy(new JsonObject());
    Path csv = ImportSamples.csv(dir.resolve("s.csv"));
    Path xlsx = ImportSamples.xlsx(dir.resolve("s.xlsx"));
    List<ImportRow> expectedCsv = ImportSamples.read(csv, "s.csv", dir);
    List<ImportRow> expectedXlsx = ImportSamples.read(xlsx, null, dir);
    JsonObject summary = new JsonObject().put("created", 2).put("updated", 2).put("unchanged", 0).put("errors", new JsonArray())
        .put("dry_run", false);

    AtomicBoolean csvClosed = new AtomicBoolean();
    assertThat(send(upload(csv, "s.csv", "text/csv", false, csvClosed), caller("import", "add", "change")))
        .isEqualTo(new Result(200, summary));
    AtomicBoolean xlsxClosed = new AtomicBoolean();
    assertThat(send(upload(xlsx, "s.xlsx", XlsxSheet.CONTENT_TYPE, true, xlsxClosed), caller("import", "add", "change")))
        .isEqualTo(new Result(200, summary.copy().put("dry_run", true)));

    assertThat(imports).hasSize(2);
    assertThat(imports.get(0).rows()).isEqualTo(expectedCsv).extracting(ImportRow::row).containsExactly(2L, 3L, 4L, 6L);
    assertThat(imports.get(0).rows().get(1).values().getString("code")).isEqualTo("'=x");
    assertThat(imports.get(1).rows()).isEqualTo(expectedXlsx);
    assertThat(imports.get(1).dryRun()).isTrue();
    // the caller reached the owning service signed, as the gateway sent it
    assertThat(imports.get(0).caller().username()).isEqualTo("importer");
    assertCleanedUp(csvClosed);
    assertCleanedUp(xlsxClosed);
  }

  @Test
  void manyRowsStreamAcrossManyChunksInOrder() throws Exception {
    deploy(new JsonObject());
    List<RowsPage.Column> columns = List.of(new RowsPage.Column("name", RowsPage.Kind.STRING), new RowsPage.Column("note", RowsPage.Kind.STRING));
    JsonArray table = new JsonArray();
    for (int i = 0; i < 20_000; i++) table.add(new JsonArray().add("name " + i).add("line one\nline, \"two\" é " + i));
    StringBuilder body = new StringBuilder();
    CsvFormat.rows(body, columns, table);
    Path file = Files.write(dir.resolve("many.csv"), CsvFormat.header(columns).appendBuffer(CsvFormat.encode(body)).getBytes());
    assertThat(Files.size(file)).isGreaterThan(10L * BusStream.CHUNK_SIZE);

    AtomicBoolean closed = new AtomicBoolean();
    Result result = send(upload(file, "many.csv", null, false, closed), caller("import", "add"));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body().getLong("created")).isEqualTo(20_000);
    List<ImportRow> rows = imports.get(0).rows();
    assertThat(rows).hasSize(20_000);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).row()).isEqualTo(i + 2);
      assertThat(rows.get(i).values()).isEqualTo(new JsonObject().put("name", "name " + i).put("note", "line one\nline, \"two\" é " + i));
    }
    assertCleanedUp(closed);
  }

  @Test
  void permissionsAreCheckedBeforeTheOwningServiceSeesARow() throws Exception {
    deploy(new JsonObject());
    Path file = ImportSamples.csv(dir.resolve("s.csv")); // creates two rows and updates two
    Path createsOnly = Files.writeString(dir.resolve("c.csv"), "name\r\nx\r\n");
    Path updatesOnly = Files.writeString(dir.resolve("u.csv"), "id,name\r\n1,x\r\n");
    record Case(Path file, RequestContext context, int status) {}
    List<Case> cases = List.of(
        new Case(file, RequestContext.anonymous("anonymous", TestServices.SIGNING), 401),
        new Case(file, caller("add", "change"), 403),
        new Case(file, caller("import", "add"), 403),
        new Case(file, caller("import", "change"), 403),
        new Case(createsOnly, caller("import", "change"), 403),
        new Case(updatesOnly, caller("import", "add"), 403));
    for (Case c : cases) {
      AtomicBoolean closed = new AtomicBoolean();
      Result result = send(upload(c.file(), "x.csv", "text/csv", false, closed), c.context());
      assertThat(result.status()).as(c.toString()).isEqualTo(c.status());
      assertThat(result.body().getString("code")).isEqualTo(c.status() == 401 ? "not_authenticated" : "permission_denied");
      assertCleanedUp(closed);
    }
    assertThat(imports).isEmpty();
    // each needs only what its rows do
    assertThat(send(upload(createsOnly, "c.csv", null, false, new AtomicBoolean()), caller("import", "add")).status()).isEqualTo(200);
    assertThat(send(upload(updatesOnly, "u.csv", null, false, new AtomicBoolean()), caller("import", "change")).status()).isEqualTo(200);
    assertThat(imports).hasSize(2);
  }

  @Test
  void aFileOverMaxImportSizeIs413AndItsUploadIsCancelled() throws Exception {
    deploy(new JsonObject().put("MAX_IMPORT_SIZE", "200000"));
    StringBuilder csv = new StringBuilder("name\r\n");
    while (csv.length() <= 1_000_000) csv.append("a name that fills the file\r\n");
    Path big = Files.writeString(dir.resolve("big.csv"), csv);
    Path small = Files.writeString(dir.resolve("small.csv"), csv.substring(0, 199_990));

    AtomicBoolean closed = new AtomicBoolean();
    Result result = send(upload(big, "big.csv", null, false, closed), caller("import", "add", "change"));

    assertThat(result.status()).isEqualTo(413);
    assertThat(result.body()).isEqualTo(new JsonObject().put("detail", "The file is larger than the import limit of 200000 bytes.")
        .put("code", "too_large"));
    assertCleanedUp(closed);
    assertThat(imports).isEmpty();
    assertThat(send(upload(small, "small.csv", null, false, new AtomicBoolean()), caller("import", "add")).status()).isEqualTo(200);
  }

  @Test
  void theOwningServicesErrorsComeBackAsTheyAre() throws Exception {
    deploy(new JsonObject());
    Path file = Files.writeString(dir.resolve("bad.csv"), "name\r\ngood\r\nbad\r\n");
    AtomicBoolean closed = new AtomicBoolean();

    Result result = send(upload(file, "bad.csv", null, false, closed), caller("import", "add"));

    assertThat(result).isEqualTo(new Result(400, new JsonObject().put("created", 2).put("updated", 0).put("unchanged", 0)
        .put("errors", new JsonArray().add(new JsonObject().put("row", 3).put("field", "name").put("message", "Bad name.")))
        .put("dry_run", false)));
    assertCleanedUp(closed);
  }

  @Test
  void aHostileFileIs400AndNothingReachesTheOwningService() throws Exception {
    deploy(new JsonObject());
    Path bomb = new TestXlsx().part("xl/worksheets/sheet1.xml", out -> {
      out.write(("<worksheet xmlns=\"" + TestXlsx.MAIN + "\"><sheetData>").getBytes());
      byte[] spaces = new byte[1 << 16];
      Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 2048; i++) out.write(spaces);
      out.write("</sheetData></worksheet>".getBytes());
    }).write(dir.resolve("bomb.xlsx"));
    Path garbage = Files.write(dir.resolve("g.bin"), new byte[] {1, 2, 3, 4, 5});
    for (Path file : List.of(bomb, garbage)) {
      AtomicBoolean closed = new AtomicBoolean();
      Result result = send(upload(file, file.getFileName().toString(), null, false, closed), caller("import", "add", "change"));
      assertThat(result.status()).isEqualTo(400);
      assertThat(result.body().fieldNames()).containsExactly("file");
      assertCleanedUp(closed);
    }
    Result none = send(new ImportUpload(RESOURCE, false, new Upload(null, null, null, new JsonObject())), caller("import"));
    assertThat(none).isEqualTo(new Result(400, new JsonObject().put("file", new JsonArray().add("No file was submitted."))));
    assertThat(imports).isEmpty();
    assertThat(ImportSamples.filesIn(tempDir)).isEmpty();
  }
}
