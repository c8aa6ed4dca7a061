package dev.orderly.export;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers.ActionHandler;
import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ExportMessages.AttachmentQuery;
import dev.orderly.core.bus.ExportMessages.ById;
import dev.orderly.core.bus.ExportMessages.StreamedFile;
import dev.orderly.core.bus.ExportMessages.Upload;
import dev.orderly.core.bus.ReadStreamSource;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.IdempotencyKeys;
import dev.orderly.core.security.Permissions;
import dev.orderly.export.AttachmentTargets.Target;
import dev.orderly.export.UploadReceiver.Received;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystemException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachments: files uploaded for a record of any resource, stored under {@code MEDIA_ROOT/attachments}
 * ({@link AttachmentFiles}), listed, fetched and downloaded by whoever may {@code view} that resource,
 * uploaded by whoever may {@code change} it, and deleted with their record ({@link AttachmentCleanup}).
 * Never served statically: only {@link ExportClient#ATTACHMENT_DOWNLOAD} hands a file out.
 *
 * <p>An upload, in order: an anonymous caller is refused (401) before anything is read; when the form
 * fields came before the file, the record is checked first ({@link AttachmentTargets}) and the file is not
 * even received if that fails; the file is received into a part file ({@link UploadReceiver}: size limit,
 * SHA-256); when the fields came after the file (the stream's trailers), the record is checked now, the
 * part deleted if that fails; the resource's change events are followed; the part gets its final name and
 * the row is inserted; the record is asked for again, and if it was deleted meanwhile (its event may have
 * gone by before the row was in) the attachment is removed and the reply is the record's 400.
 *
 * <p>An upload with an idempotency key claims it in the transaction that inserts the row, with a fingerprint that
 * covers the file's SHA-256, name and type and the record too (the gateway streamed them through unread): the same
 * upload again replays the first reply, its new file deleted; another file or record under the key is a 422.
 */
final class Attachments {
  private static final Logger log = LoggerFactory.getLogger(Attachments.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Dialect dialect;
  private final AttachmentsSql sql;
  private final AttachmentFiles files;
  private final AttachmentTargets targets;
  private final AttachmentList list;
  private final AttachmentCleanup cleanup;
  private final IdempotencyKeys keys;
  private final long maxUploadBytes;
  private final long pullTimeoutMs;

  /**
   * @param owners        the services that own the resources (they say which records exist)
   * @param pullTimeoutMs how long a pull of an upload's next chunk may take
   * @param signing       the node's: the change events followed must be signed with it
   */
  Attachments(Vertx vertx, Pool pool, Dialect dialect, ResourceService owners, Path mediaRoot, long maxUploadBytes, long pullTimeoutMs,
              CallerSigning signing, IdempotencyKeys keys) {
    this.vertx = vertx;
    this.pool = pool;
    this.dialect = dialect;
    this.keys = keys;
    this.sql = new AttachmentsSql(dialect);
    this.files = new AttachmentFiles(vertx, mediaRoot);
    this.targets = new AttachmentTargets(owners);
    this.list = new AttachmentList(pool, sql);
    this.cleanup = new AttachmentCleanup(vertx, pool, sql, files, signing);
    this.maxUploadBytes = maxUploadBytes;
    this.pullTimeoutMs = pullTimeoutMs;
  }

  /** The actions of {@link ExportClient#ADDRESS} this answers. */
  Map<String, ActionHandler> actions() {
    Map<String, ActionHandler> actions = new HashMap<>();
    actions.put(ExportClient.ATTACH, (body, context) -> attach(Upload.fromJson(body), context).map(Reply::of));
    actions.put(ExportClient.ATTACHMENTS, (body, context) -> signedIn(context)
        .compose(caller -> list.list(AttachmentQuery.fromJson(body), caller)).map(Reply::of));
    actions.put(ExportClient.ATTACHMENT, (body, context) -> visible(ById.fromJson(body), context).map(a -> Reply.of(a.toJson())));
    actions.put(ExportClient.ATTACHMENT_DOWNLOAD, (body, context) -> visible(ById.fromJson(body), context).compose(this::download)
        .map(file -> Reply.of(file.toJson())));
    return actions;
  }

  /** Prepares the directory and follows the change events of the resources that have attachments. */
  Future<Void> start() {
    return vertx.executeBlocking(files::prepare).compose(v -> cleanup.start());
  }

  void stop() {
    cleanup.stop();
  }

  /** The attachment as stored (its JSON and id), or the first reply under the request's idempotency key. */
  Future<ResourceReply> attach(Upload upload, RequestContext context) {
    BusStream.Reader reader = BusStream.reader(vertx, upload.stream(), pullTimeoutMs);
    if (context.caller().anonymous()) {
      reader.cancel();
      return Future.failedFuture(ServiceError.notAuthenticated());
    }
    // the record is checked before the file when the fields came first, else once the trailers are in
    Future<Target> early = AttachmentTargets.complete(upload.fields()) ? check(upload, null, context) : Future.succeededFuture();
    String name = AttachmentFiles.newName();
    return early.onFailure(e -> reader.cancel())
        .compose(checked -> receive(reader, name).compose(received -> (checked != null ? Future.succeededFuture(checked)
                : check(upload, received, context))
            .compose(target -> store(name, target, upload, received, keyed(context, target, upload, received)))
            .recover(e -> files.discardPart(name).transform(deleted -> Future.failedFuture(e)))))
        .compose(stored -> stored.replayed() ? Future.succeededFuture(stored.reply()) : recheck(stored.attachment(), context)
            .map(checked -> stored.reply()));
  }

  /** What {@link #store} did: inserted {@code attachment}, or replayed {@code reply} (no attachment then). */
  private record Stored(Attachment attachment, ResourceReply reply) {
    boolean replayed() {
      return reply.replayed();
    }
  }

  /** The context with its idempotency key's fingerprint covering the file and the record, which only this service sees. */
  private static RequestContext keyed(RequestContext context, Target target, Upload upload, Received received) {
    if (context.idempotency() == null) return context;
    return context.withIdempotency(context.idempotency().refined(received.sha256(), upload.filename(), upload.contentType(),
        target.resource(), String.valueOf(target.recordId())));
  }

  /** Receives the file into its part file; when that fails, the stream is cancelled and the part file deleted. */
  private Future<Received> receive(BusStream.Reader reader, String name) {
    return files.create(name).onFailure(e -> reader.cancel())
        .compose(file -> UploadReceiver.receive(reader, file, maxUploadBytes))
        .recover(e -> files.discardPart(name).transform(deleted -> Future.failedFuture(e)));
  }

  /**
   * Follows the resource's change events, gives the part its final name, inserts the row; the file goes if the row
   * does not, or if the key replayed an earlier upload.
   */
  private Future<Stored> store(String name, Target target, Upload upload, Received received, RequestContext context) {
    return cleanup.follow(target.resource())
        .compose(v -> files.keep(name))
        .compose(v -> insert(target, upload, received, name, context)
            .recover(e -> files.delete(name).transform(deleted -> Future.failedFuture(e))))
        .compose(stored -> stored.replayed() ? files.delete(name).transform(deleted -> Future.succeededFuture(stored))
            : Future.succeededFuture(stored));
  }

  private Future<Target> check(Upload upload, Received received, RequestContext context) {
    var trailers = received == null ? null : received.trailers();
    return targets.check(AttachmentTargets.field(upload.fields(), trailers, AttachmentTargets.RESOURCE),
        AttachmentTargets.field(upload.fields(), trailers, AttachmentTargets.RECORD_ID), context);
  }

  private Future<Stored> insert(Target target, Upload upload, Received received, String name, RequestContext context) {
    Map<String, Object> row = new HashMap<>();
    row.put("resource", target.resource());
    row.put("record_id", target.recordId());
    row.put("filename", FileNames.sanitize(upload.filename()));
    row.put("content_type", FileNames.contentType(upload.contentType()));
    row.put("size", received.size());
    row.put("sha256", received.sha256());
    row.put("storage_name", name);
    row.put("uploaded_by", context.caller().id());
    row.put("created_at", Dialect.now());
    Attachment[] inserted = {null};
    return Database.transaction(pool, dialect, conn -> keys.once(conn, context, () -> sql.insert.execute(conn, row).map(rows -> {
          inserted[0] = Attachment.of(rows.iterator().next());
          return new ResourceReply(inserted[0].toJson().toBuffer(), inserted[0].id(), null);
        })))
        .map(reply -> new Stored(reply.replayed() ? null : inserted[0], reply));
  }

  /** Removes a stored attachment whose record went away before its row was in (no event would remove it). */
  private Future<Attachment> recheck(Attachment stored, RequestContext context) {
    Target target = new Target(stored.resource(), stored.recordId());
    // an owner that does not answer now did a moment ago: the attachment stays (its event, if any, is still to come)
    return targets.exists(target, context).recover(e -> Future.succeededFuture(true)).compose(exists -> {
      if (exists) return Future.succeededFuture(stored);
      // the key's stored reply names the attachment removed: a retry under it uploads again
      return sql.deleteById.execute(pool, Map.of("id", stored.id())).compose(v -> keys.forget(pool, context))
          .compose(v -> files.delete(stored.storageName()))
          .transform(ar -> Future.failedFuture(AttachmentTargets.doesNotExist(String.valueOf(stored.recordId()))));
    });
  }

  /** The attachment {@code id}, when the caller may view its resource; else 404, as for no attachment at all. */
  private Future<Attachment> visible(ById id, RequestContext context) {
    return signedIn(context).compose(caller -> {
      if (id.id() == null || id.id().isEmpty() || id.id().length() > 18 || !id.id().chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Future.failedFuture(ServiceError.notFound());
      }
      return sql.byId.execute(pool, Map.of("id", Long.parseLong(id.id()))).compose(rows -> {
        Attachment found = rows.size() == 0 ? null : Attachment.of(rows.iterator().next());
        return found != null && caller.has(Permissions.codename(found.resource(), Permissions.VIEW)) ? Future.succeededFuture(found)
            : Future.failedFuture(ServiceError.notFound());
      });
    });
  }

  /** The file as a stream its receiver pulls; the file is closed when the stream ends, is cancelled or idles out. */
  private Future<StreamedFile> download(Attachment attachment) {
    return files.open(attachment.storageName()).recover(e -> {
      if (!(e instanceof FileSystemException && e.getCause() instanceof NoSuchFileException)) return Future.failedFuture(e);
      log.warn("attachment {} has no file {}", attachment.id(), attachment.storageName());
      return Future.failedFuture(ServiceError.notFound());
    }).compose(file -> {
      file.setReadBufferSize(BusStream.CHUNK_SIZE);
      return BusStream.serve(vertx, new ReadStreamSource(file, file::close), BusStream.DEFAULT_IDLE_TIMEOUT_MS)
          .onFailure(e -> file.close())
          .map(address -> new StreamedFile(address, attachment.filename(), attachment.contentType(), attachment.size()));
    });
  }

  private static Future<Caller> signedIn(RequestContext context) {
    return context.caller().anonymous() ? Future.failedFuture(ServiceError.notAuthenticated()) : Future.succeededFuture(context.caller());
  }
}
