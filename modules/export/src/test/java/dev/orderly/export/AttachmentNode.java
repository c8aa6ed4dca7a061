package dev.orderly.export;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ExportMessages.AttachmentQuery;
import dev.orderly.core.bus.ExportMessages.ById;
import dev.orderly.core.bus.ExportMessages.StreamedFile;
import dev.orderly.core.bus.ExportMessages.Upload;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A node for one test: its own Vert.x, a fresh database of {@code db}, the real {@link ExportVerticle} (with
 * {@code MEDIA_ROOT} in the test's directory and the shipped {@code MAX_UPLOAD_SIZE}), the {@link RecordOwner}
 * of the resources, and the calls a gateway would make, signed with the deployed {@code SECRET_KEY}.
 */
final class AttachmentNode implements AutoCloseable {
  static final long PULL_TIMEOUT_MS = 10_000;
  static final long REQUEST_TIMEOUT_MS = 60_000;
  static final CallerSigning SIGNING = CallerSigning.fromSecret(TestServices.SECRET);

  static final Caller ROOT = new Caller(1L, "root", true, true, Set.of());
  static final Caller EDITOR = new Caller(7L, "editor", false, false,
      Set.of("suppliers.view", "suppliers.change", "products.view", "products.change", "purchase_orders.view", "purchase_orders.change"));
  static final Caller SUPPLIER_VIEWER = new Caller(8L, "supplier-viewer", false, false, Set.of("suppliers.view"));
  static final Caller PRODUCT_VIEWER = new Caller(9L, "product-viewer", false, false, Set.of("products.view"));

  /** A reply (status 200 here: the gateway answers an upload with 201), or a failure as the gateway would render it. */
  record Result(int status, JsonObject body) {}

  final Vertx vertx;
  final RecordOwner owner = new RecordOwner().with("suppliers", 1, 2).with("products", 1).with("purchase-orders", 1);
  final ExportClient client;
  private final Db db;
  private final JsonObject overrides;
  private final Path media;
  private final JsonObject config;
  private String deployment;

  AttachmentNode(Db db, Path dir) {
    this.db = db;
    this.media = dir.resolve("media");
    this.overrides = db.overrides(dir).put("MEDIA_ROOT", media.toString());
    this.vertx = Vertx.vertx();
    this.client = new ExportClient(vertx, REQUEST_TIMEOUT_MS);
    this.config = TestServices.config(vertx, overrides);
    owner.register(vertx).await();
    deploy();
  }

  void deploy() {
    deployment = vertx.deployVerticle(ExportVerticle.class, new DeploymentOptions().setConfig(config)).await();
  }

  void undeploy() {
    vertx.undeploy(deployment).await();
  }

  static RequestContext as(Caller caller) {
    return new RequestContext("attachments-" + System.nanoTime(), caller, SIGNING);
  }

  /** Uploads {@code bytes} as the gateway does: fields before the file in the message, the others as trailers. */
  Result upload(Caller caller, BytesSource source, String filename, String contentType, JsonObject fields) {
    return result(BusStream.serve(vertx, source, BusStream.DEFAULT_IDLE_TIMEOUT_MS)
        .compose(address -> client.attach(new Upload(address, filename, contentType, fields), as(caller)).map(reply -> reply.json())));
  }

  Result upload(Caller caller, byte[] bytes, String filename, JsonObject fields) {
    return upload(caller, new BytesSource(bytes, MultiMap.caseInsensitiveMultiMap(), () -> {}), filename, "text/plain", fields);
  }

  static JsonObject target(String resource, Object recordId) {
    return new JsonObject().put("resource", resource).put("record_id", String.valueOf(recordId));
  }

  Result list(Caller caller, String query) {
    JsonObject params = new JsonObject();
    String url = "http://testserver/api/attachments/" + (query.isEmpty() ? "" : "?" + query);
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) continue;
      String[] kv = pair.split("=", 2);
      params.put(kv[0], new JsonArray().add(kv.length > 1 ? kv[1] : ""));
    }
    return result(client.attachments(new AttachmentQuery(params, url), as(caller)));
  }

  Result detail(Caller caller, Object id) {
    return result(client.attachment(new ById(String.valueOf(id)), as(caller)));
  }

  /** The file of attachment {@code id}, pulled whole: its stream's description and its bytes. */
  record Downloaded(StreamedFile file, byte[] bytes) {}

  Downloaded download(Caller caller, Object id) {
    StreamedFile file = client.attachmentDownload(new ById(String.valueOf(id)), as(caller)).await();
    BusStream.Reader reader = BusStream.reader(vertx, file.stream(), PULL_TIMEOUT_MS);
    Buffer all = Buffer.buffer();
    for (Buffer chunk = reader.next().await(); chunk != null; chunk = reader.next().await()) all.appendBuffer(chunk);
    return new Downloaded(file, all.getBytes());
  }

  Result downloadFailure(Caller caller, Object id) {
    return result(client.attachmentDownload(new ById(String.valueOf(id)), as(caller))
        .map(StreamedFile::toJson));
  }

  /** Every file under {@code MEDIA_ROOT/attachments}. */
  List<Path> storedFiles() {
    Path dir = media.resolve(AttachmentFiles.DIRECTORY);
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path media() {
    return media;
  }

  /** The number of attachment rows, as a superuser's list says. */
  long rows() {
    return list(ROOT, "").body().getLong("count");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Result result(Future<JsonObject> reply) {
    try {
      return new Result(200, reply.await());
    } catch (Exception e) {
      ServiceError error = Consumers.toServiceError(e);
      return new Result(error.status(), error.body());
    }
  }

  @Override
  public void close() {
    vertx.close().await();
    db.cleanup(overrides);
  }
}
