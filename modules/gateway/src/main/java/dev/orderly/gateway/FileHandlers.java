package dev.orderly.gateway;

import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ExportMessages.AttachmentQuery;
import dev.orderly.core.bus.ExportMessages.ById;
import dev.orderly.core.bus.ExportMessages.FileRequest;
import dev.orderly.core.bus.ExportMessages.ImportUpload;
import dev.orderly.core.bus.ExportMessages.JobRequest;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The routes of the export service ({@link ExportClient}): exports and job files go out through
 * {@link Downloads}, import files and attachments come in through {@link Uploads}; the rest is JSON.
 *
 * @param cache         the response cache, dropped for a resource when an import wrote to it
 * @param maxUploadSize {@code MAX_UPLOAD_SIZE}, the largest attachment
 * @param maxImportSize {@code MAX_IMPORT_SIZE}, the largest import file
 */
record FileHandlers(ExportClient export, Downloads downloads, Uploads uploads, ResponseCache cache, long maxUploadSize,
                    long maxImportSize) {
  /** {@code GET /api/R/export?format=&<list params>}. */
  void exportFile(RoutingContext ctx) {
    JsonObject params = QueryParams.parse(ctx.request().query());
    downloads.send(ctx, export.export(new FileRequest(RouteTable.resource(ctx), last(params, "format"), params), Authentication.context(ctx)));
  }

  /** {@code POST /api/R/import?dry_run=}: multipart {@code file}. */
  void importFile(RoutingContext ctx) {
    JsonObject params = QueryParams.parse(ctx.request().query());
    String dryRun = last(params, "dry_run");
    if (dryRun != null && !dryRun.equals("true") && !dryRun.equals("false")) {
      ctx.fail(Failures.invalid("dry_run", "Must be true or false."));
      return;
    }
    // an import that wrote rows drops the resource's cached responses before it answers, as every write does
    uploads.receive(ctx, maxImportSize, 200,
        upload -> export.importFile(new ImportUpload(RouteTable.resource(ctx), "true".equals(dryRun), upload), Authentication.context(ctx))
            .compose(reply -> {
              JsonObject summary = reply.json();
              return summary.getInteger("created", 0) + summary.getInteger("updated", 0) == 0 || summary.getBoolean("dry_run", false)
                  ? Future.succeededFuture(reply) : cache.written(ctx, RouteTable.resource(ctx)).map(reply);
            }));
  }

  /** {@code POST /api/exports/} {@code {resource, format, filters}} → 202 and the queued job. */
  void submitJob(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    // checked here: a JobRequest keeps filters that are not an object as none, which the bus would carry as {}
    Object filters = body.getValue("filters");
    if (filters != null && !(filters instanceof JsonObject)) {
      ctx.fail(ServiceError.invalid("filters", "Must be an object of list parameters."));
      return;
    }
    export.submit(JobRequest.fromJson(body.copy().put("user_id", null)), Authentication.context(ctx))
        .onComplete(Responses.then(ctx, reply -> Responses.json(Idempotency.replayed(ctx, reply), 202, withUrls(ctx, reply.json()))));
  }

  void job(RoutingContext ctx) {
    export.job(new ById(RouteTable.id(ctx)), Authentication.context(ctx)).onComplete(Responses.then(ctx, job -> Responses.json(ctx, 200, withUrls(ctx, job))));
  }

  void jobDownload(RoutingContext ctx) {
    downloads.send(ctx, export.download(new ById(RouteTable.id(ctx)), Authentication.context(ctx)));
  }

  /** {@code POST /api/attachments/}: multipart {@code file}, {@code resource}, {@code record_id} → 201. */
  void attach(RoutingContext ctx) {
    uploads.receive(ctx, maxUploadSize, 201, upload -> export.attach(upload, Authentication.context(ctx)));
  }

  void attachments(RoutingContext ctx) {
    export.attachments(new AttachmentQuery(QueryParams.parse(ctx.request().query()), ctx.request().absoluteURI()), Authentication.context(ctx))
        .onComplete(Responses.then(ctx, page -> Responses.json(ctx, 200, page)));
  }

  void attachment(RoutingContext ctx) {
    export.attachment(new ById(RouteTable.id(ctx)), Authentication.context(ctx)).onComplete(Responses.then(ctx, a -> Responses.json(ctx, 200, a)));
  }

  void attachmentDownload(RoutingContext ctx) {
    downloads.send(ctx, export.attachmentDownload(new ById(RouteTable.id(ctx)), Authentication.context(ctx)));
  }

  /** A job's {@code download_url}, absolute (API.md), once it is done. */
  private static JsonObject withUrls(RoutingContext ctx, JsonObject job) {
    if ("done".equals(job.getString("status"))) {
      job.put("download_url", ctx.request().scheme() + "://" + HostCheck.hostOf(ctx.request()) + "/api/exports/" + job.getValue("id")
          + "/download");
    }
    return job;
  }




  private static String last(JsonObject params, String name) {
    var values = params.getJsonArray(name);
    return values == null || values.isEmpty() ? null : values.getString(values.size() - 1);
  }
}
