package dev.orderly.gateway;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.ExportMessages.Upload;
import dev.orderly.core.bus.ReadStreamSource;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Function;

/**
 * Receives the multipart {@code file} of an import or an attachment without buffering it: the part is
 * served as a {@link BusStream} that the export service pulls (so the socket is read no faster than the
 * service writes), and the limit is enforced while it streams: past it the client gets 413 at once and the
 * connection is closed. Form fields travel as the stream's trailers: Vert.x decodes them only once the whole
 * request is in, so the stream ends then (the {@link Upload}'s own fields are those decoded at its start,
 * usually none). Other file parts are read and dropped (counted against the limit).
 */
final class Uploads {
  /** Room for the multipart framing and the small form fields around the file. */
  static final long FRAMING_ALLOWANCE = 64 * 1024;
  static final String FILE_FIELD = "file";

  private final Vertx vertx;

  Uploads(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Streams the request's {@code file} part to {@code service} (given the {@link Upload}), and answers with
   * its reply: {@code status} and the JSON body, marked when it was replayed under its idempotency key. The request
   * must be paused until now ({@link RouteTable}'s streamed rows pause it first).
   */
  void receive(RoutingContext ctx, long maxBytes, int status, Function<Upload, Future<ResourceReply>> service) {
    HttpServerRequest request = ctx.request();
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      ctx.fail(Failures.unsupportedMediaType(contentType));
      return;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
        && Long.parseLong(length) > maxBytes + FRAMING_ALLOWANCE) {
      tooLarge(ctx);
      return;
    }
    long[] received = {0};
    boolean[] started = {false};
    Promise<Void> ended = Promise.promise();
    request.setExpectMultipart(true);
    request.exceptionHandler(e -> { /* the client went away: the upload stream fails, the service cleans up */ });
    request.uploadHandler(upload -> {
      if (started[0] || !FILE_FIELD.equals(upload.name())) {
        upload.handler(data -> {
          received[0] += data.length();
          if (received[0] > maxBytes) tooLarge(ctx);
        });
        return;
      }
      started[0] = true;
      ReadStream<Buffer> limited = new Limited(upload, maxBytes, received, () -> tooLarge(ctx), ended.future());
      BusStream.Source source = new ReadStreamSource(limited, () -> { }, request::formAttributes);
      BusStream.serve(vertx, source, BusStream.DEFAULT_IDLE_TIMEOUT_MS)
          .compose(address -> service.apply(new Upload(address, upload.filename(), upload.contentType(),
              fields(request.formAttributes()))))
          .onComplete(Responses.then(ctx, reply -> Responses.json(Idempotency.replayed(ctx, reply), status, reply.body())));
    });
    request.endHandler(v -> {
      ended.tryComplete();
      if (!started[0] && !ctx.response().ended()) ctx.fail(ServiceError.invalid(FILE_FIELD, "No file was submitted."));
    });
    request.resume();
  }

  private static void tooLarge(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.failed()) return;
    // the rest of the body is not read: the connection cannot carry another request
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    ctx.response().endHandler(v -> ctx.request().connection().close());
    ctx.fail(Failures.tooLarge());
  }

  /** The form fields as JSON, each name's last value. */
  private static JsonObject fields(MultiMap attributes) {
    JsonObject json = new JsonObject();
    attributes.forEach(e -> json.put(e.getKey(), e.getValue()));
    return json;
  }

  /**
   * An upload that fails (and calls {@code over}) once more than {@code max} bytes came in, and that ends only
   * once the whole request has: Vert.x decodes the form fields at the end of the request, and the stream's
   * trailers must carry them.
   */
  private static final class Limited implements ReadStream<Buffer> {
    private final HttpServerFileUpload upload;
    private final long max;
    private final long[] received;
    private final Runnable over;
    private final Future<Void> requestEnded;
    private Handler<Throwable> failure;

    Limited(HttpServerFileUpload upload, long max, long[] received, Runnable over, Future<Void> requestEnded) {
      this.upload = upload;
      this.max = max;
      this.received = received;
      this.over = over;
      this.requestEnded = requestEnded;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      failure = handler;
      upload.exceptionHandler(handler);
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      upload.handler(handler == null ? null : data -> {
        received[0] += data.length();
        if (received[0] > max) {
          upload.handler(ignored -> { });
          if (failure != null) failure.handle(Failures.tooLarge());
          over.run();
          return;
        }
        handler.handle(data);
      });
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      upload.pause();
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      upload.resume();
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      upload.fetch(amount);
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
      upload.endHandler(endHandler == null ? null : v -> requestEnded.onSuccess(endHandler::handle));
      return this;
    }
  }
}
