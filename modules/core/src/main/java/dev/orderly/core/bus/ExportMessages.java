package dev.orderly.core.bus;

import io.vertx.core.json.JsonObject;

/** The bodies of the export service's actions ({@link ExportClient}). */
public final class ExportMessages {
  private ExportMessages() {}

  /**
   * A synchronous export: the list of {@code resource} filtered by {@code params} (list parameters,
   * {@code {name: [values...]}}, as {@link ResourceRequest.ListPage}) as a file.
   *
   * @param format {@code xlsx} or {@code csv}; anything else is a 400 on {@code format}
   */
  public record FileRequest(String resource, String format, JsonObject params) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("format", format).put("params", params);
    }

    public static FileRequest fromJson(JsonObject json) {
      return new FileRequest(json.getString("resource", ""), json.getString("format"), json.getJsonObject("params", new JsonObject()));
    }
  }

  /**
   * A file that the receiver pulls from the {@link BusStream} at {@code stream}.
   *
   * @param size its length in bytes when known, else null
   */
  public record StreamedFile(String stream, String filename, String contentType, Long size) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("stream", stream).put("filename", filename).put("content_type", contentType).put("size", size);
    }

    public static StreamedFile fromJson(JsonObject json) {
      return new StreamedFile(json.getString("stream"), json.getString("filename"), json.getString("content_type"), json.getLong("size"));
    }
  }

  /**
   * An export job, from the gateway ({@code userId} null: the caller's) or a batch caller on
   * {@link ExportClient#SUBMIT_ADDRESS} ({@code userId} the user it runs for).
   *
   * @param filters list parameters, {@code {name: value or [values...]}}
   */
  public record JobRequest(String resource, String format, JsonObject filters, Long userId) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("format", format).put("filters", filters).put("user_id", userId);
    }

    public static JobRequest fromJson(JsonObject json) {
      Object filters = json.getValue("filters");
      Object user = json.getValue("user_id");
      return new JobRequest(json.getValue("resource") instanceof String r ? r : null,
          json.getValue("format") instanceof String f ? f : null,
          filters instanceof JsonObject f ? f : filters == null ? new JsonObject() : null,
          user instanceof Number n ? n.longValue() : null);
    }
  }

  /** A job or an attachment by id, as the client wrote it in the URL. */
  public record ById(String id) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("id", id);
    }

    public static ById fromJson(JsonObject json) {
      return new ById(String.valueOf(json.getValue("id")));
    }
  }

  /**
   * An uploaded file, pulled from the {@link BusStream} at {@code stream}.
   *
   * @param filename    the client's file name (metadata only, never a path)
   * @param contentType the part's content type
   * @param fields      the form fields that came before the file; the stream's trailers hold the ones after it
   */
  public record Upload(String stream, String filename, String contentType, JsonObject fields) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("stream", stream).put("filename", filename).put("content_type", contentType).put("fields", fields);
    }

    public static Upload fromJson(JsonObject json) {
      return new Upload(json.getString("stream"), json.getString("filename"), json.getString("content_type"),
          json.getJsonObject("fields", new JsonObject()));
    }
  }

  /** An import file of {@code resource}: its upload, and whether only to report what would happen. */
  public record ImportUpload(String resource, boolean dryRun, Upload upload) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("resource", resource).put("dry_run", dryRun).put("upload", upload.toJson());
    }

    public static ImportUpload fromJson(JsonObject json) {
      return new ImportUpload(json.getString("resource", ""), json.getBoolean("dry_run", false),
          Upload.fromJson(json.getJsonObject("upload", new JsonObject())));
    }
  }

  /** A page of attachments: list parameters ({@code resource}, {@code record_id}, {@code page}, {@code page_size}) and the list URL. */
  public record AttachmentQuery(JsonObject params, String url) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("params", params).put("url", url);
    }

    public static AttachmentQuery fromJson(JsonObject json) {
      return new AttachmentQuery(json.getJsonObject("params", new JsonObject()), json.getString("url"));
    }
  }

  /**
   * An export job as API.md shows it ({@code GET /api/exports/{id}}): {@code status} queued, running, done or
   * failed; {@code progress} a percentage; {@code downloadUrl} the path of its file once done (the gateway
   * makes it absolute), else null; {@code createdAt} ISO-8601.
   */
  public record Job(long id, String resource, String format, String status, long rows, int progress, String error,
                    String downloadUrl, String createdAt) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("resource", resource).put("format", format).put("status", status)
          .put("rows", rows).put("progress", progress).put("error", error).put("download_url", downloadUrl)
          .put("created_at", createdAt);
    }

    public static Job fromJson(JsonObject json) {
      return new Job(json.getLong("id"), json.getString("resource"), json.getString("format"), json.getString("status"),
          json.getLong("rows", 0L), json.getInteger("progress", 0), json.getString("error"), json.getString("download_url"),
          json.getString("created_at"));
    }
  }

  /**
   * What {@link ExportClient#EVENTS_ADDRESS} publishes: the job's JSON plus {@code type} ({@code progress},
   * {@code done} or {@code failed}) and the requester's {@code user_id}.
   */
  public record JobEvent(String type, long userId, Job job) implements BusMessage {
    public static final String PROGRESS = "progress";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public JsonObject toJson() {
      return job.toJson().put("type", type).put("user_id", userId);
    }

    public static JobEvent fromJson(JsonObject json) {
      return new JobEvent(json.getString("type"), json.getLong("user_id", 0L), Job.fromJson(json));
    }
  }

  /** The reply to a batch caller on {@link ExportClient#SUBMIT_ADDRESS}: the new job's id. */
  public record Submitted(long id) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("id", id);
    }

    public static Submitted fromJson(JsonObject json) {
      return new Submitted(json.getLong("id"));
    }
  }
}
