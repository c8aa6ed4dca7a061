package dev.orderly.gateway;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.ExportMessages.StreamedFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Sends a file that a service streams over the bus ({@link BusStream}) as the response: chunks are pulled
 * only while the socket takes them, so a slow client slows the producer instead of filling the heap. A client
 * that goes away cancels the stream (the producer frees its file and its reads). The status and headers go out
 * with the first byte of the file, so a failure before it (an XLSX that turns out too long for a sheet) is a
 * proper error response; one after it resets the connection, so a client never mistakes a cut file for a whole one.
 */
final class Downloads {
  private final Vertx vertx;
  private final long pullTimeoutMs;

  Downloads(Vertx vertx, long pullTimeoutMs) {
    this.vertx = vertx;
    this.pullTimeoutMs = pullTimeoutMs;
  }

  /** Answers {@code ctx} with the file once {@code file} arrives, or with its failure. */
  void send(RoutingContext ctx, Future<StreamedFile> file) {
    file.onComplete(Responses.then(ctx, f -> stream(ctx, f)));
  }

  private void stream(RoutingContext ctx, StreamedFile file) {
    BusStream.Reader reader = BusStream.reader(vertx, file.stream(), pullTimeoutMs);
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      reader.cancel();
      return;
    }
    response.setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, file.contentType() == null ? "application/octet-stream" : file.contentType())
        .putHeader(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(file.filename()))
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (file.size() != null) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(file.size()));
    } else {
      response.setChunked(true);
    }
    response.closeHandler(v -> reader.cancel());
    reader.pipeTo(response, true).onFailure(e -> {
      if (!response.headWritten()) {
        response.setChunked(false).headers().remove(HttpHeaders.CONTENT_DISPOSITION);
        ctx.fail(e);
      } else if (!response.ended()) {
        response.reset();
      }
    });
  }

  /**
   * {@code attachment} with the name twice: an ASCII fallback ({@code filename=}, quotes, backslashes and
   * anything outside printable ASCII replaced) and the exact name as RFC 5987 UTF-8 ({@code filename*=}).
   */
  static String contentDisposition(String filename) {
    String name = filename == null || filename.isEmpty() ? "file" : filename;
    StringBuilder ascii = new StringBuilder();
    name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' ? (char) c : '_'));
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
