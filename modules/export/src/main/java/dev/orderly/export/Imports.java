package dev.orderly.export;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ExportMessages.ImportUpload;
import dev.orderly.core.bus.ExportMessages.Upload;
import dev.orderly.core.bus.ReadStreamSource;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.config.Settings;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code import} action ({@link ExportClient#IMPORT}): the export service's side of
 * {@code POST /api/R/import}. It needs {@code import} on the resource; pulls the upload from its
 * {@link BusStream} into a file of the node's temporary directory, at most {@code MAX_IMPORT_SIZE} bytes (413
 * beyond, the upload cancelled); reads it ({@link ImportFiles}) on the export workers into a spool of
 * {@link dev.orderly.core.bus.ImportRow} lines; then needs {@code add} when a row creates and {@code change}
 * when a row updates (403 before the owning service sees a row); then serves the spool as a stream to the
 * owning service ({@link ResourceRequest.Import}) and answers its reply, or its failure, as it is. The upload
 * and the spool are deleted however it ends. An idempotency key travels on to the owning service, which claims it in
 * the import's transaction, with a fingerprint that covers the file's SHA-256, name and type too (the gateway
 * streamed them through unread): the same file again replays the first summary, another file under the key is a 422.
 */
final class Imports {
  /**
   * How long the owning service may take to answer: it replies only once it has pulled, validated and (in
   * one transaction) written every row, which for IMPORT_MAX_ROWS rows takes minutes, not the seconds of
   * REQUEST_TIMEOUT_MS. Timing out earlier would report a failure for an import that then commits.
   */
  static final long MIN_IMPORT_TIMEOUT_MS = 300_000;

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final ResourceService resources;
  private final Path tempDir;
  private final ImportFiles.Limits limits;
  private final long pullTimeoutMs;
  private final long idleTimeoutMs;

  Imports(Vertx vertx, WorkerExecutor workers, ResourceService resources, Path tempDir, ImportFiles.Limits limits,
          long pullTimeoutMs, long idleTimeoutMs) {
    this.vertx = vertx;
    this.workers = workers;
    this.resources = resources;
    this.tempDir = tempDir;
    this.limits = limits;
    this.pullTimeoutMs = pullTimeoutMs;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /** The service as a node runs it, from its settings. */
  Imports(Vertx vertx, WorkerExecutor workers, Settings settings, Path tempDir) {
    this(vertx, workers, new ResourceClient(vertx, Math.max(settings.requestTimeoutMs(), MIN_IMPORT_TIMEOUT_MS)), tempDir,
        new ImportFiles.Limits(settings.maxImportSize(), settings.export().importMaxRows(), tempDir),
        BusStream.DEFAULT_IDLE_TIMEOUT_MS, BusStream.DEFAULT_IDLE_TIMEOUT_MS);
  }

  Map<String, Consumers.ActionHandler> actions() {
    return Map.of(ExportClient.IMPORT, (body, context) -> importFile(ImportUpload.fromJson(body), context).map(Reply::of));
  }

  Future<ResourceReply> importFile(ImportUpload request, RequestContext context) {
    Upload upload = request.upload();
    String resource = request.resource();
    String name = "import-" + UUID.randomUUID();
    Path received = tempDir.resolve(name + ".upload");
    Path spool = tempDir.resolve(name + ".ndjson");
    boolean hasStream = upload.stream() != null && upload.stream().startsWith(BusStream.ADDRESS_PREFIX);
    BusStream.Reader reader = hasStream ? BusStream.reader(vertx, upload.stream(), pullTimeoutMs) : null;
    Future<ResourceReply> result = Access.require(context, resource, Access.IMPORT)
        .compose(v -> hasStream ? receive(reader, received) : Future.failedFuture(ImportFiles.invalid("No file was submitted.")))
        .compose(sha256 -> workers.executeBlocking(() -> parse(received, upload, spool), false)
            .compose(parsed -> allowed(context, resource, parsed))
            .compose(parsed -> send(resource, request.dryRun(), spool, keyed(context, sha256, upload))));
    return result
        .onFailure(e -> {
          // whatever failed before the upload was read to its end: its producer frees it now, not at its idle timeout
          if (reader != null) reader.cancel();
        })
        .eventually(() -> delete(received).eventually(() -> delete(spool)));
  }

  /** The context with its idempotency key's fingerprint covering the file, which only this service sees. */
  private static RequestContext keyed(RequestContext context, String sha256, Upload upload) {
    if (context.idempotency() == null) return context;
    return context.withIdempotency(context.idempotency().refined(sha256, upload.filename(), upload.contentType()));
  }

  /**
   * Pulls the upload into {@code target}, failing with 413 as soon as it is over the limit; its SHA-256 (hex). The
   * hash runs on the event loop, a 64 KiB chunk at a time (tens of microseconds each), as {@link UploadReceiver}'s.
   */
  private Future<String> receive(BusStream.Reader reader, Path target) {
    return vertx.fileSystem().open(target.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .compose(file -> {
          Promise<Void> done = Promise.promise();
          MessageDigest digest = sha256();
          pull(reader, file, 0, digest, done);
          return done.future().transform(ar -> file.close().transform(closed -> ar.succeeded()
              ? (closed.succeeded() ? Future.succeededFuture(HexFormat.of().formatHex(digest.digest())) : Future.failedFuture(closed.cause()))
              : Future.failedFuture(ar.cause())));
        });
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private void pull(BusStream.Reader reader, AsyncFile file, long size, MessageDigest digest, Promise<Void> done) {
    reader.next().onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      Buffer chunk = ar.result();
      if (chunk == null) {
        done.complete();
        return;
      }
      long total = size + chunk.length();
      if (total > limits.maxBytes()) {
        done.fail(ImportFiles.tooLarge(limits.maxBytes()));
        return;
      }
      digest.update(chunk.getBytes());
      file.write(chunk).onComplete(written -> {
        if (written.failed()) done.fail(written.cause());
        else pull(reader, file, total, digest, done);
      });
    });
  }

  /** Blocking: reads the upload into the spool, one JSON line a row. */
  private ImportFiles.Parsed parse(Path received, Upload upload, Path spool) throws Exception {
    try (Writer out = Files.newBufferedWriter(spool, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
      return ImportFiles.parse(received, upload.filename(), upload.contentType(), limits, row -> {
        out.write(row.toJson().encode());
        out.write('\n');
      });
    }
  }

  /** API.md: {@code add} when the file creates rows, {@code change} when it updates rows. */
  private static Future<ImportFiles.Parsed> allowed(RequestContext context, String resource, ImportFiles.Parsed parsed) {
    Future<Void> checked = Future.succeededFuture();
    if (parsed.creates() > 0) checked = checked.compose(v -> Access.require(context, resource, Permissions.ADD));
    if (parsed.updates() > 0) checked = checked.compose(v -> Access.require(context, resource, Permissions.CHANGE));
    return checked.map(parsed);
  }

  /** Serves the spool to the owning service and waits for its summary. */
  private Future<ResourceReply> send(String resource, boolean dryRun, Path spool, RequestContext context) {
    return vertx.fileSystem().open(spool.toString(), new OpenOptions().setRead(true).setWrite(false))
        .compose(file -> BusStream.serve(vertx, new ReadStreamSource(file, file::close), idleTimeoutMs)
            .onFailure(e -> file.close())
            .compose(address -> resources.importRows(new ResourceRequest.Import(resource, address, dryRun), context)
                // a service that answered without reading to the end leaves the stream open: close it now
                .onComplete(ar -> BusStream.reader(vertx, address, pullTimeoutMs).cancel())));
  }

  private Future<Void> delete(Path path) {
    return vertx.fileSystem().delete(path.toString()).otherwiseEmpty();
  }
}
