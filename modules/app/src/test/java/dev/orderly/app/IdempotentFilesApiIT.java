package dev.orderly.app;

import static dev.orderly.app.IdempotentRequests.KEY;
import static dev.orderly.app.IdempotentRequests.REPLAYED;
import static dev.orderly.app.IdempotentRequests.assertReplayOf;
import static dev.orderly.app.IdempotentRequests.count;
import static dev.orderly.app.IdempotentRequests.key;
import static dev.orderly.app.IdempotentRequests.keyed;
import static dev.orderly.app.IdempotentRequests.supplier;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Idempotency-Key} on the export service's writes, on SQLite and PostgreSQL: an export job, an attachment and
 * an import sent again under their key are replayed and written once; an upload's retry under a new multipart
 * boundary is the same request, another file under the key a 422.
 */
class IdempotentFilesApiIT {
  private static final String BOUNDARY = "orderly-idempotency-boundary";
  private static final Map<Db, RunningOrderly> NODES = new EnumMap<>(Db.class);

  private static synchronized RunningOrderly node(Db db) {
    return NODES.computeIfAbsent(db, d -> RunningOrderly.start(d, tempDir()));
  }

  @AfterAll
  static synchronized void stopAll() {
    NODES.values().forEach(RunningOrderly::close);
    NODES.clear();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anExportJobSubmittedTwiceIsQueuedOnce(Db db) {
    RunningOrderly app = node(db);
    String key = key();
    JsonObject job = new JsonObject().put("resource", "suppliers").put("format", "csv").put("filters", new JsonObject().put("code", "IDEM-6"));
    HttpResponse<Buffer> first = keyed(app, POST, "/api/exports/", key, job);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(202);

    HttpResponse<Buffer> again = keyed(app, POST, "/api/exports/", key, job);

    assertReplayOf(again, first);
    assertThat(count(app, "export_jobs", "filters LIKE ?", "%IDEM-6%")).isEqualTo(1);
    HttpResponse<Buffer> other = keyed(app, POST, "/api/exports/", key, job.copy().put("format", "xlsx"));
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(count(app, "export_idempotency_keys", "idempotency_key = ?", key)).isEqualTo(1);
  }

  private static Buffer multipart(Map<String, String> fields, String filename, byte[] content, String boundary) {
    Buffer body = Buffer.buffer();
    fields.forEach((name, value) -> body.appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
        + "\"\r\n\r\n" + value + "\r\n"));
    body.appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
        + "\"\r\nContent-Type: text/csv\r\n\r\n");
    return body.appendBytes(content).appendString("\r\n--" + boundary + "--\r\n");
  }

  private static HttpResponse<Buffer> upload(RunningOrderly app, String path, String key, Map<String, String> fields, byte[] content,
                                             String boundary) {
    HttpRequest<Buffer> request = app.request(POST, path).putHeader(KEY, key)
        .putHeader("Content-Type", "multipart/form-data; boundary=" + boundary);
    return app.send(request, multipart(fields, "file.csv", content, boundary));
  }

  private static long storedFiles(RunningOrderly app) {
    Path dir = app.settings().mediaRoot().resolve("attachments");
    if (!Files.exists(dir)) return 0;
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anAttachmentUploadedTwiceIsStoredOnceEvenUnderANewBoundary(Db db) {
    RunningOrderly app = node(db);
    long supplier = app.testRequest(POST, "/api/suppliers/", supplier("IDEM-7"), 201).bodyAsJsonObject().getLong("id");
    Map<String, String> fields = Map.of("resource", "suppliers", "record_id", String.valueOf(supplier));
    byte[] content = "a,b\r\n1,2\r\n".getBytes(StandardCharsets.UTF_8);
    String key = key();
    HttpResponse<Buffer> first = upload(app, "/api/attachments/", key, fields, content, BOUNDARY + "-1");
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    long files = storedFiles(app);

    // a client's retry draws a new multipart boundary: still the same request
    HttpResponse<Buffer> again = upload(app, "/api/attachments/", key, fields, content, BOUNDARY + "-2");

    assertReplayOf(again, first);
    assertThat(count(app, "attachments", "record_id = CAST(? AS BIGINT)", String.valueOf(supplier))).isEqualTo(1);
    assertThat(storedFiles(app)).as("the retry's file was not kept").isEqualTo(files);
    byte[] other = "a,b\r\n3,4\r\n".getBytes(StandardCharsets.UTF_8);
    HttpResponse<Buffer> anotherFile = upload(app, "/api/attachments/", key, fields, other, BOUNDARY + "-3");
    assertThat(anotherFile.statusCode()).as("a file of the same size but other bytes").isEqualTo(422);
    assertThat(count(app, "attachments", "record_id = CAST(? AS BIGINT)", String.valueOf(supplier))).isEqualTo(1);
    assertThat(storedFiles(app)).isEqualTo(files);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anImportSentTwiceCreatesItsRowsOnce(Db db) {
    RunningOrderly app = node(db);
    long supplier = app.testRequest(POST, "/api/suppliers/", supplier("IDEM-8"), 201).bodyAsJsonObject().getLong("id");
    byte[] csv = ("sku,name,unit_price,supplier_id\r\nIDEM-8-" + db + ",Imported,1.00," + supplier + "\r\n").getBytes(StandardCharsets.UTF_8);
    String key = key();
    HttpResponse<Buffer> first = upload(app, "/api/products/import", key, Map.of(), csv, BOUNDARY + "-1");
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject().getInteger("created")).isEqualTo(1);

    HttpResponse<Buffer> again = upload(app, "/api/products/import", key, Map.of(), csv, BOUNDARY + "-2");

    assertReplayOf(again, first);
    assertThat(count(app, "products", "sku = ?", "IDEM-8-" + db)).isEqualTo(1);
    // a dry run writes nothing and keeps no key: under its own key it runs each time
    String dryKey = key();
    byte[] dryCsv = ("sku,name,unit_price,supplier_id\r\nIDEM-8D-" + db + ",Dry,1.00," + supplier + "\r\n").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 2; i++) {
      HttpResponse<Buffer> dry = upload(app, "/api/products/import?dry_run=true", dryKey, Map.of(), dryCsv, BOUNDARY);
      assertThat(dry.statusCode()).as(dry.bodyAsString()).isEqualTo(200);
      assertThat(dry.getHeader(REPLAYED)).isNull();
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("orderly-idempotent-files-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
