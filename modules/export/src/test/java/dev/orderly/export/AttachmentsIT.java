package dev.orderly.export;

import static dev.orderly.export.AttachmentNode.EDITOR;
import static dev.orderly.export.AttachmentNode.PRODUCT_VIEWER;
import static dev.orderly.export.AttachmentNode.ROOT;
import static dev.orderly.export.AttachmentNode.SUPPLIER_VIEWER;
import static dev.orderly.export.AttachmentNode.sha256;
import static dev.orderly.export.AttachmentNode.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.ChangeEvent;
import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.ResourceNames;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TestServices;
import dev.orderly.export.AttachmentNode.Downloaded;
import dev.orderly.export.AttachmentNode.Result;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attachments end to end on the bus, against the real export service on SQLite and PostgreSQL: files go in
 * and out byte for byte, the limit holds while a file streams, a client's name never becomes a path, uploads
 * need {@code change} and reads {@code view}, and a record's deleted event takes its attachments along.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AttachmentsIT {
  private static final int MIB = 1024 * 1024;
  private static final int MAX_UPLOAD = 20 * MIB;
  private static final Pattern STORED_NAME = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
  private static final Caller ANONYMOUS = Caller.ANONYMOUS;

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aTwentyMebibyteFileComesBackByteForByte(Db db, @TempDir Path dir) throws IOException {
    try (AttachmentNode node = new AttachmentNode(db, dir)) {
      byte[] bytes = random(MAX_UPLOAD, 42);
      BytesSource source = new BytesSource(bytes, MultiMap.caseInsensitiveMultiMap(), () -> {});
      Result stored = node.upload(EDITOR, source, "report.pdf", "application/pdf", target("suppliers", 1));

      assertThat(stored.status()).as("%s", stored.body()).isEqualTo(200);
      JsonObject a = stored.body();
      assertThat(a.fieldNames()).containsExactlyInAnyOrder("id", "resource", "record_id", "filename", "content_type", "size", "sha256",
          "uploaded_by", "created_at");
      assertThat(a.getString("resource")).isEqualTo("suppliers");
      assertThat(a.getLong("record_id")).isEqualTo(1L);
      assertThat(a.getString("filename")).isEqualTo("report.pdf");
      assertThat(a.getString("content_type")).isEqualTo("application/pdf");
      assertThat(a.getLong("size")).isEqualTo(MAX_UPLOAD);
      assertThat(a.getString("sha256")).isEqualTo(sha256(bytes));
      assertThat(a.getLong("uploaded_by")).isEqualTo(EDITOR.id());
      assertThat(Instant.parse(a.getString("created_at"))).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(1));
      assertThat(source.closed()).isTrue();
      assertThat(node.detail(SUPPLIER_VIEWER, a.getLong("id")).body()).isEqualTo(a);

      Downloaded down = node.download(SUPPLIER_VIEWER, a.getLong("id"));
      assertThat(down.file().size()).isEqualTo(MAX_UPLOAD);
      assertThat(down.file().filename()).isEqualTo("report.pdf");
      assertThat(down.file().contentType()).isEqualTo("application/pdf");
      assertThat(down.bytes()).hasSize(MAX_UPLOAD);
      assertThat(sha256(down.bytes())).isEqualTo(sha256(bytes));

      List<Path> files = node.storedFiles();
      assertThat(files).hasSize(1);
      assertThat(files.get(0).getFileName().toString()).matches(STORED_NAME);
      assertThat(Files.size(files.get(0))).isEqualTo(MAX_UPLOAD);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aFileOverTheLimitIsRefusedWhileItStreamsAndLeavesNothing(Db db, @TempDir Path dir) {
    try (AttachmentNode node = new AttachmentNode(db, dir)) {
      BytesSource oneOver = new BytesSource(random(MAX_UPLOAD + 1, 1), MultiMap.caseInsensitiveMultiMap(), () -> {});
      Result refused = node.upload(EDITOR, oneOver, "big.bin", "application/octet-stream", target("suppliers", 1));
      assertThat(refused.status()).isEqualTo(413);
      assertThat(refused.body().getString("code")).isEqualTo("too_large");
      assertThat(refused.body().getString("detail")).contains(String.valueOf(MAX_UPLOAD));

      BytesSource far = new BytesSource(random(3 * MAX_UPLOAD, 2), MultiMap.caseInsensitiveMultiMap(), () -> {});
      assertThat(node.upload(EDITOR, far, "bigger.bin", "application/octet-stream", target("suppliers", 1)).status()).isEqualTo(413);
      Eventually.until("the refused stream is cancelled", far::closed);
      assertThat(far.served()).as("the stream was cancelled, not read to its end").isLessThanOrEqualTo(MAX_UPLOAD + 64 * 1024);

      assertThat(node.storedFiles()).isEmpty();
      assertThat(node.rows()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aClientsFileNameIsMetadataAndNeverAPath(Db db, @TempDir Path dir) throws IOException {
    try (AttachmentNode node = new AttachmentNode(db, dir)) {
      String[][] names = {
          {"../../etc/passwd", "passwd"},
          {"%2e%2e/", "file"},
          {"..%2f..%2fboot.ini", "..%2f..%2fboot.ini"},
          {"evil\u0000.txt", "evil.txt"},
          {"..\\..\\windows\\win.ini", "win.ini"},
          {"/absolute/path/name.txt", "name.txt"}};
      for (String[] name : names) {
        Result stored = node.upload(EDITOR, text("content of " + name[1]), name[0], target("suppliers", 1));
        assertThat(stored.status()).as("%s: %s", name[0], stored.body()).isEqualTo(200);
        assertThat(stored.body().getString("filename")).isEqualTo(name[1]);
        assertThat(node.download(EDITOR, stored.body().getLong("id")).file().filename()).isEqualTo(name[1]);
      }

      List<Path> files = node.storedFiles();
      assertThat(files).hasSize(names.length);
      assertThat(files).allSatisfy(f -> assertThat(f.getFileName().toString()).matches(STORED_NAME));
      try (Stream<Path> everything = Files.walk(dir)) {
        assertThat(everything.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.equals("passwd") || n.equals("win.ini") || n.contains("boot.ini") || n.contains("name.txt") || n.contains("evil"));
      }
      assertThat(dir.resolve("etc")).doesNotExist();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anUploadNeedsChangeOnTheResourceAndStoresNothingWithout(Db db, @TempDir Path dir) {
    try (AttachmentNode node = new AttachmentNode(db, dir)) {
      // the fields came before the file: refused before a byte of it is read
      BytesSource early = new BytesSource(random(MIB, 3), MultiMap.caseInsensitiveMultiMap(), () -> {});
      Result denied = node.upload(SUPPLIER_VIEWER, early, "a.txt", "text/plain", target("suppliers", 1));
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.body().getString("code")).isEqualTo("permission_denied");
      Eventually.until("the refused stream is cancelled", early::closed);
      assertThat(early.served()).isZero();

      // the fields came after the file: refused once they are known, the received file deleted
      MultiMap after = MultiMap.caseInsensitiveMultiMap().add("resource", "suppliers").add("record_id", "1");
      Result late = node.upload(SUPPLIER_VIEWER, new BytesSource(random(MIB, 4), after, () -> {}), "b.txt", "text/plain", new JsonObject());
      assertThat(late.status()).isEqualTo(403);

      // without change on this resource, whatever the record: no hint whether it exists
      assertThat(node.upload(PRODUCT_VIEWER, text("x"), "c.txt", target("products", 999)).status()).isEqualTo(403);
      Result anonymous = node.upload(ANONYMOUS, text("x"), "d.txt", target("suppliers", 1));
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.body().getString("code")).isEqualTo("not_authenticated");

      assertThat(node.storedFiles()).isEmpty();
      assertThat(node.rows()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void theRecordIsCheckedWithTheServiceThatOwnsIt(Db db, @TempDir Path dir) {
    try (AttachmentNode node = new AttachmentNode(db, dir)) {
      Result unknown = node.upload(ROOT, text("x"), "a.txt", target("invoices", 1));
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.body().getJsonArray("resource").getString(0)).isEqualTo("\"invoices\" is not a valid choice.");

      Result missing = node.upload(EDITOR, text("x"), "a.txt", target("suppliers", 99));
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.body().getJsonArray("record_id").getString(0)).contains("does not exist");

      Result malformed = node.upload(EDITOR, text("x"), "a.txt", target("Suppliers/..", "1 OR 1=1"));
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.body().fieldNames()).containsExactlyInAnyOrder("resource", "record_id");
      assertThat(malformed.body().getJsonArray("record_id").getString(0)).isEqualTo("A valid integer is required.");

      Result absent = node.upload(EDITOR, text("x"), "a.txt", new JsonObject());
      assertThat(absent.status()).isEqualTo(400);
      assertThat(absent.body().getJsonArray("resource").getString(0)).isEqualTo("This field is required.");
      assertThat(absent.body().getJsonArray("record_id").getString(0)).isEqualTo("This field is required.");

      // fields after the file (trailers), with a URL name whose table differs
      MultiMap after = MultiMap.caseInsensitiveMultiMap().add("resource", "purchase-orders").add("record_id", "1");
      Result late = node.upload(EDITOR, new BytesSource(text("order scan"), after, () -> {}), "scan.png", "image/png", new JsonObject());
      assertThat(late.status()).as("%s", late.body()).isEqualTo(200);
      assertThat(late.body().getString("resource")).isEqualTo("purchase-orders");
      assertThat(late.body().getString("content_type")).isEqualTo("image/png");

      assertThat(node.storedFiles()).hasSize(1);
      assertThat(node.rows()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aRecordDeletedWhileItsFileStreamsKeepsNoAttachment(Db db, @TempDir Path dir) {
    try (AttachmentNode node = new AttachmentNode(db, dir)) {
      // checked before the file came (the fields came first), deleted before the row is in
      BytesSource source = new BytesSource(random(MIB, 5), MultiMap.caseInsensitiveMultiMap(), () -> node.owner.remove("suppliers", 2));
      Result refused = node.upload(EDITOR, source, "late.txt", "text/plain", target("suppliers", 2));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body().getJsonArray("record_id").getString(0)).contains("does not exist");
      assertThat(node.storedFiles()).isEmpty();
      assertThat(node.rows()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void listAndDetailShowOnlyWhatTheCallerMayView(Db db, @TempDir Path dir) throws IOException {
    try (AttachmentNode node = new AttachmentNode(db, dir)) {
      long s1 = node.upload(EDITOR, text("one"), "one.txt", target("suppliers", 1)).body().getLong("id");
      long s2 = node.upload(EDITOR, text("two"), "two.txt", target("suppliers", 2)).body().getLong("id");
      long p1 = node.upload(EDITOR, text("three"), "three.txt", target("products", 1)).body().getLong("id");

      JsonObject suppliers = node.list(SUPPLIER_VIEWER, "").body();
      assertThat(suppliers.getLong("count")).isEqualTo(2);
      assertThat(suppliers.getJsonArray("results").stream().map(r -> ((JsonObject) r).getLong("id"))).containsExactly(s1, s2);
      assertThat(node.list(SUPPLIER_VIEWER, "resource=products").body().getLong("count")).isZero();
      assertThat(node.list(PRODUCT_VIEWER, "").body().getJsonArray("results").getJsonObject(0).getLong("id")).isEqualTo(p1);
      assertThat(node.list(ROOT, "").body().getLong("count")).isEqualTo(3);
      assertThat(node.list(ROOT, "resource=suppliers&record_id=2").body().getJsonArray("results").getJsonObject(0).getLong("id")).isEqualTo(s2);
      assertThat(node.list(EDITOR, "record_id=1").body().getLong("count")).isEqualTo(2);

      JsonObject first = node.list(SUPPLIER_VIEWER, "page_size=1").body();
      assertThat(first.getJsonArray("results")).hasSize(1);
      assertThat(first.getString("next")).isEqualTo("http://testserver/api/attachments/?page=2&page_size=1");
      assertThat(first.getString("previous")).isNull();
      JsonObject second = node.list(SUPPLIER_VIEWER, "page=2&page_size=1").body();
      assertThat(second.getString("next")).isNull();
      assertThat(second.getString("previous")).isEqualTo("http://testserver/api/attachments/?page_size=1");
      assertThat(node.list(SUPPLIER_VIEWER, "page=3&page_size=1").status()).isEqualTo(404);
      assertThat(node.list(SUPPLIER_VIEWER, "page=last&page_size=1").body().getJsonArray("results").getJsonObject(0).getLong("id")).isEqualTo(s2);

      Result unknownFilter = node.list(ROOT, "filename=one.txt");
      assertThat(unknownFilter.status()).isEqualTo(400);
      assertThat(unknownFilter.body().fieldNames()).containsExactly("filename");
      assertThat(node.list(ROOT, "record_id=abc").status()).isEqualTo(400);
      assertThat(node.list(ANONYMOUS, "").status()).isEqualTo(401);

      assertThat(node.detail(SUPPLIER_VIEWER, s1).body().getString("filename")).isEqualTo("one.txt");
      assertThat(node.detail(SUPPLIER_VIEWER, p1).status()).isEqualTo(404);
      assertThat(node.detail(SUPPLIER_VIEWER, 12345).status()).isEqualTo(404);
      assertThat(node.detail(SUPPLIER_VIEWER, "../1").status()).isEqualTo(404);
      assertThat(node.downloadFailure(SUPPLIER_VIEWER, p1).status()).isEqualTo(404);
      assertThat(node.downloadFailure(ANONYMOUS, s1).status()).isEqualTo(401);
      assertThat(node.download(PRODUCT_VIEWER, p1).bytes()).isEqualTo(text("three"));

      // a row whose file went missing (a disk restored from an older backup) is not found, never a 500
      for (Path file : node.storedFiles()) Files.delete(file);
      assertThat(node.downloadFailure(ROOT, s1).status()).isEqualTo(404);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aDeletedRecordTakesItsAttachmentsAlong(Db db, @TempDir Path dir) {
    try (AttachmentNode node = new AttachmentNode(db, dir)) {
      node.upload(EDITOR, text("a"), "a.txt", target("suppliers", 2));
      node.upload(EDITOR, text("b"), "b.txt", target("suppliers", 2));
      node.upload(EDITOR, text("c"), "c.txt", target("suppliers", 1));
      node.upload(EDITOR, text("d"), "d.txt", target("products", 1));
      assertThat(node.storedFiles()).hasSize(4);

      // events arrive in order on one consumer: once supplier 2's attachments are gone, the update was seen too, and
      // the deletes of supplier 1 that no node of this deployment signed were dropped (supplier 1 keeps its attachment)
      publish(node, CallerSigning.NONE, "deleted", "suppliers", 1);
      publish(node, CallerSigning.fromSecret(TestServices.SECRET + "-other"), "deleted", "suppliers", 1);
      publish(node, "updated", "suppliers", 1);
      publish(node, "deleted", "products", 2);
      publish(node, "deleted", "suppliers", 2);
      Eventually.until("supplier 2's attachments are deleted", () -> node.list(ROOT, "resource=suppliers&record_id=2").body().getLong("count") == 0);
      Eventually.until("their files are deleted", () -> node.storedFiles().size() == 2);
      assertThat(node.list(ROOT, "").body().getLong("count")).isEqualTo(2);

      // a service that starts follows the resources already in the table
      node.undeploy();
      node.deploy();
      publish(node, "deleted", "suppliers", 1);
      publish(node, "deleted", "products", 1);
      Eventually.until("every attachment is deleted", () -> node.rows() == 0 && node.storedFiles().isEmpty());
    }
  }

  private static void publish(AttachmentNode node, String type, String resource, long id) {
    publish(node, AttachmentNode.SIGNING, type, resource, id);
  }

  /** A change event signed with {@code signing}; {@link CallerSigning#NONE}: unsigned. */
  private static void publish(AttachmentNode node, CallerSigning signing, String type, String resource, long id) {
    ChangeEvent event = new ChangeEvent(System.nanoTime(), type, resource, id, 2L, EDITOR, Instant.now(),
        type.equals("deleted") ? null : new JsonObject().put("id", id));
    String address = Events.address(ResourceNames.table(resource));
    if (signing.canSign()) BusEvents.publish(node.vertx, signing, address, event.toJson());
    else node.vertx.eventBus().publish(address, event.toJson());
  }
}
