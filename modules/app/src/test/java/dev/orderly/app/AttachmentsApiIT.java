package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attachments over HTTP, through the gateway's streamed multipart uploads and downloads, on SQLite and
 * PostgreSQL: byte-identical round trip, the limit while streaming, hostile names, permissions, and files
 * that go with their record.
 */
class AttachmentsApiIT {
  private static final String PASSWORD = "att-Passw0rd-e2e";
  private static final String BOUNDARY = "orderly-test-boundary-7MA4YWxkTrZu0gW";
  private static final Map<Db, Fixture> FIXTURES = new EnumMap<>(Db.class);

  private record Fixture(RunningOrderly app, long supplier, String editor, String viewer) {}

  private static synchronized Fixture fixture(Db db) {
    return FIXTURES.computeIfAbsent(db, d -> {
      RunningOrderly app = RunningOrderly.start(d, tempDir(), new JsonObject().put("MAX_UPLOAD_SIZE", String.valueOf(21 * 1024 * 1024)));
      long supplier = app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", "ATT-1").put("name", "Files Ltd"), 201)
          .bodyAsJsonObject().getLong("id");
      String editor = app.user("editor", PASSWORD, new JsonObject().put("permissions",
          new JsonArray().add("products.view").add("products.change").add("products.add").add("products.delete")));
      String viewer = app.user("reader", PASSWORD, new JsonObject().put("permissions", new JsonArray().add("suppliers.view")));
      return new Fixture(app, supplier, editor, viewer);
    });
  }

  @AfterAll
  static synchronized void stopAll() {
    FIXTURES.values().forEach(f -> f.app().close());
    FIXTURES.clear();
  }

  private static long product(Fixture f, String sku) {
    return f.app().send(f.app().requestAs(f.editor(), POST, "/api/products/"), new JsonObject().put("sku", sku).put("name", "Part")
        .put("unit_price", "1.00").put("supplier_id", f.supplier())).bodyAsJsonObject().getLong("id");
  }

  /** A multipart body: the given fields before the file, then the file part named {@code file}. */
  private static Buffer multipart(Map<String, String> fields, String filename, byte[] content) {
    Buffer body = Buffer.buffer();
    fields.forEach((name, value) -> body.appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name
        + "\"\r\n\r\n" + value + "\r\n"));
    body.appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
        + "\"\r\nContent-Type: application/pdf\r\n\r\n");
    body.appendBytes(content).appendString("\r\n--" + BOUNDARY + "--\r\n");
    return body;
  }

  private static HttpResponse<Buffer> upload(Fixture f, String token, Map<String, String> fields, String filename, byte[] content) {
    return f.app().send(f.app().requestAs(token, POST, "/api/attachments/")
        .putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY), multipart(fields, filename, content));
  }

  private static List<Path> stored(Fixture f) throws IOException {
    Path dir = f.app().settings().mediaRoot().resolve("attachments");
    if (!Files.exists(dir)) return List.of();
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aTwentyMebibyteFileComesBackByteForByte(Db db) throws Exception {
    Fixture f = fixture(db);
    long product = product(f, "ATT-BIG-" + db);
    byte[] content = new byte[20 * 1024 * 1024];
    new Random(42).nextBytes(content);
    HttpResponse<Buffer> created = upload(f, f.editor(), Map.of("resource", "products", "record_id", String.valueOf(product)),
        "drawing.pdf", content);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject attachment = created.bodyAsJsonObject();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    assertThat(attachment.getString("sha256")).isEqualTo(sha);
    assertThat(attachment.getLong("size")).isEqualTo(content.length);
    assertThat(attachment.getString("filename")).isEqualTo("drawing.pdf");
    HttpResponse<Buffer> download = f.app().send(f.app().requestAs(f.editor(), GET,
        "/api/attachments/" + attachment.getLong("id") + "/download"), null);
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.getHeader("Content-Disposition")).startsWith("attachment; filename=\"drawing.pdf\"");
    assertThat(download.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body().getBytes()))).isEqualTo(sha);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aFileOverTheLimitIs413WhileItStreamsAndLeavesNothing(Db db) throws IOException {
    Fixture f = fixture(db);
    long product = product(f, "ATT-HUGE-" + db);
    List<Path> before = stored(f);
    long limit = f.app().settings().maxUploadSize();
    // a raw client that sends far more than the limit and reads the answer as soon as it comes
    try (Socket socket = new Socket("127.0.0.1", f.app().port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"resource\"\r\n\r\nproducts\r\n--" + BOUNDARY
          + "\r\nContent-Disposition: form-data; name=\"record_id\"\r\n\r\n" + product + "\r\n--" + BOUNDARY
          + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\r\n";
      out.write(("POST /api/attachments/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + f.editor()
          + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nTransfer-Encoding: chunked\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      chunk(out, head.getBytes(StandardCharsets.US_ASCII));
      byte[] block = new byte[64 * 1024];
      long sent = 0;
      try {
        while (sent < limit * 3) {
          chunk(out, block);
          sent += block.length;
        }
      } catch (IOException closedByServer) {
        // the server answered and closed while the body was still coming: that is the point
      }
      String answer = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 413");
      assertThat(answer).contains("\"code\":\"too_large\"");
    }
    Eventually.within(Duration.ofSeconds(20), () -> {
      assertThat(stored(f)).as("files under MEDIA_ROOT/attachments").containsExactlyInAnyOrderElementsOf(before);
      return null;
    });
    JsonObject list = f.app().send(f.app().requestAs(f.editor(), GET, "/api/attachments/?resource=products&record_id=" + product), null)
        .bodyAsJsonObject();
    assertThat(list.getLong("count")).isZero();
  }

  private static void chunk(OutputStream out, byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void hostileNamesStayMetadataAndOtherUsersAreRefused(Db db) throws IOException {
    Fixture f = fixture(db);
    long product = product(f, "ATT-NAMES-" + db);
    Map<String, String> fields = Map.of("resource", "products", "record_id", String.valueOf(product));
    for (String name : List.of("../../etc/passwd", "%2e%2e/%2e%2e/x", "a\u0000b.txt", "..\\..\\boot.ini")) {
      HttpResponse<Buffer> r = upload(f, f.editor(), fields, name, "hello".getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(name + ": " + r.bodyAsString()).isEqualTo(201);
      String kept = r.bodyAsJsonObject().getString("filename");
      assertThat(kept).doesNotContain("/").doesNotContain("\\").doesNotContain("\u0000");
    }
    Path root = f.app().settings().mediaRoot().toAbsolutePath().normalize();
    for (Path p : stored(f)) assertThat(p.toAbsolutePath().normalize().startsWith(root.resolve("attachments"))).isTrue();
    assertThat(Files.exists(root.resolve("etc"))).isFalse();
    HttpResponse<Buffer> denied = upload(f, f.viewer(), fields, "x.txt", "x".getBytes(StandardCharsets.UTF_8));
    assertThat(denied.statusCode()).isEqualTo(403);
    JsonObject page = f.app().send(f.app().requestAs(f.viewer(), GET, "/api/attachments/?resource=products"), null).bodyAsJsonObject();
    assertThat(page.getLong("count")).as("a user without products.view sees none").isZero();
    HttpResponse<Buffer> noFile = f.app().send(f.app().requestAs(f.editor(), POST, "/api/attachments/")
        .putHeader("Content-Type", "application/json"), new JsonObject().put("resource", "products"));
    assertThat(noFile.statusCode()).isEqualTo(415);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void filesGoWithTheirRecord(Db db) throws IOException {
    Fixture f = fixture(db);
    long product = product(f, "ATT-DEL-" + db);
    HttpResponse<Buffer> created = upload(f, f.editor(), Map.of("resource", "products", "record_id", String.valueOf(product)),
        "spec.pdf", "spec".getBytes(StandardCharsets.UTF_8));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    long id = created.bodyAsJsonObject().getLong("id");
    int files = stored(f).size();
    assertThat(f.app().send(f.app().requestAs(f.editor(), DELETE, "/api/products/" + product + "/"), null).statusCode()).isEqualTo(204);
    Eventually.within(Duration.ofSeconds(15), () -> {
      assertThat(f.app().send(f.app().requestAs(f.editor(), GET, "/api/attachments/" + id), null).statusCode()).isEqualTo(404);
      assertThat(stored(f)).hasSize(files - 1);
      return null;
    });
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("orderly-attachments-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
