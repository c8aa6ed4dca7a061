package dev.orderly.core.bus;

import dev.orderly.core.bus.ExportMessages.AttachmentQuery;
import dev.orderly.core.bus.ExportMessages.ById;
import dev.orderly.core.bus.ExportMessages.FileRequest;
import dev.orderly.core.bus.ExportMessages.ImportUpload;
import dev.orderly.core.bus.ExportMessages.JobRequest;
import dev.orderly.core.bus.ExportMessages.StreamedFile;
import dev.orderly.core.bus.ExportMessages.Upload;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The export service's event-bus contract and its typed client: exports, export jobs, imports and
 * attachments. Address {@value #ADDRESS}; the {@code action} header is one of the constants below; bodies
 * are the records of {@link ExportMessages}. Files travel as {@link BusStream}s in both directions. Failures
 * are {@link ServiceError}s, as everywhere.
 *
 * <p>Batch callers on the cluster send {@code {resource, format, filters, user_id}} ({@link JobRequest}) to
 * {@value #SUBMIT_ADDRESS} and get {@code {"id"}}; job progress and completion are published on
 * {@value #EVENTS_ADDRESS} as the job's JSON ({@code GET /api/exports/{id}}) plus {@code "type"}
 * ({@code progress}, {@code done} or {@code failed}).
 */
public final class ExportClient {
  public static final String ADDRESS = "orderly.export";
  public static final String SUBMIT_ADDRESS = "orderly.export.submit";
  public static final String EVENTS_ADDRESS = "orderly.events.exports";

  /** {@link FileRequest} → {@link StreamedFile}: the filtered list as XLSX or CSV. */
  public static final String EXPORT = "export";
  /** {@link JobRequest} → the job (202 shape of API.md). */
  public static final String SUBMIT = "submit";
  /** {@link ById} → the job, or 404 when it is not the caller's (staff see every job). */
  public static final String JOB = "job";
  /** {@link ById} → {@link StreamedFile} of a finished job; 404 as {@link #JOB}, 409 while it is not done. */
  public static final String DOWNLOAD = "download";
  /** {@link ImportUpload} → API.md's import summary; 400 with the same shape when a row has an error. */
  public static final String IMPORT = "import";
  /** {@link Upload} (fields {@code resource}, {@code record_id}) → the attachment, 201. */
  public static final String ATTACH = "attach";
  /** {@link AttachmentQuery} → a DRF page of the attachments the caller may view. */
  public static final String ATTACHMENTS = "attachments";
  /** {@link ById} → one attachment. */
  public static final String ATTACHMENT = "attachment";
  /** {@link ById} → {@link StreamedFile} of an attachment. */
  public static final String ATTACHMENT_DOWNLOAD = "attachment_download";
  /**
   * The actions sent again on another node when the first finds none or times out ({@link BusRequests}):
   * reads, and the start of a download (a stream the first try may have opened is dropped by its idle
   * timeout). Submits with an idempotency key are too (the service dedupes them); imports and attachments with one
   * only when no handler took them: an upload's stream may be partly consumed by a first try that timed out.
   */
  static final java.util.Set<String> READS = java.util.Set.of(EXPORT, JOB, DOWNLOAD, ATTACHMENTS, ATTACHMENT, ATTACHMENT_DOWNLOAD);

  /**
   * How long an import or an upload may take from its first byte to its reply (the reply comes only once the
   * file is in and, for an import, every row validated and written): at least this, whatever the client's
   * timeout. A vanished peer is noticed sooner, by the file stream's own timeouts.
   */
  public static final long FILE_TIMEOUT_MS = 10 * 60 * 1000L;

  private final Vertx vertx;
  private final long timeoutMs;

  public ExportClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  public Future<StreamedFile> export(FileRequest request, RequestContext context) {
    return request(EXPORT, request, context).map(StreamedFile::fromJson);
  }

  /** The queued job, as the 202 shows it, with its id; replayed under an idempotency key already used. */
  public Future<ResourceReply> submit(JobRequest request, RequestContext context) {
    return written(SUBMIT, request, context, timeoutMs);
  }

  public Future<JsonObject> job(ById id, RequestContext context) {
    return request(JOB, id, context);
  }

  public Future<StreamedFile> download(ById id, RequestContext context) {
    return request(DOWNLOAD, id, context).map(StreamedFile::fromJson);
  }

  /** Waits as long as the import takes to validate and write, up to {@link #FILE_TIMEOUT_MS}. */
  public Future<ResourceReply> importFile(ImportUpload request, RequestContext context) {
    return written(IMPORT, request, context, Math.max(timeoutMs, FILE_TIMEOUT_MS));
  }

  /** As {@link #importFile}: the reply (the attachment, with its id) comes once the whole file is stored. */
  public Future<ResourceReply> attach(Upload upload, RequestContext context) {
    return written(ATTACH, upload, context, Math.max(timeoutMs, FILE_TIMEOUT_MS));
  }

  public Future<JsonObject> attachments(AttachmentQuery query, RequestContext context) {
    return request(ATTACHMENTS, query, context);
  }

  public Future<JsonObject> attachment(ById id, RequestContext context) {
    return request(ATTACHMENT, id, context);
  }

  public Future<StreamedFile> attachmentDownload(ById id, RequestContext context) {
    return request(ATTACHMENT_DOWNLOAD, id, context).map(StreamedFile::fromJson);
  }

  private Future<JsonObject> request(String action, BusMessage body, RequestContext context) {
    return request(action, body, context, timeoutMs);
  }

  private Future<JsonObject> request(String action, BusMessage body, RequestContext context, long timeout) {
    return BusRequests.request(vertx, ADDRESS, body.toJson(), context.deliveryOptions(timeout).addHeader(Actions.HEADER, action),
            READS.contains(action))
        .map(message -> message.body() instanceof Buffer rendered ? rendered.toJsonObject() : (JsonObject) message.body());
  }

  /** A write's reply; repeated as its idempotency key allows ({@link BusRequests.Repeat}). */
  private Future<ResourceReply> written(String action, BusMessage body, RequestContext context, long timeout) {
    BusRequests.Repeat repeat = action.equals(SUBMIT) ? BusRequests.Repeat.of(false, context) : BusRequests.Repeat.ofStreamed(context);
    return BusRequests.<Buffer>request(vertx, ADDRESS, body.toJson(), context.deliveryOptions(timeout).addHeader(Actions.HEADER, action), repeat)
        .map(ResourceReply::fromMessage);
  }
}
