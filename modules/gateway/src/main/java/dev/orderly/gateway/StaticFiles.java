package dev.orderly.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * {@code GET /static/{path}}: the files of {@code STATIC_ROOT}, as Django's {@code STATIC_URL} serves
 * {@code STATIC_ROOT} (uploaded media never: it lives under {@code MEDIA_ROOT} and goes out through the
 * attachment routes, with their permissions). Regular files only: a directory, a missing file, a name with
 * a segment starting with a dot (hidden files, {@code ..}) or one that resolves outside the root is a 404,
 * so there is no listing and no way out. Sent with {@code Cache-Control: public, max-age=}{@value #MAX_AGE_SECONDS}
 * and {@code Last-Modified}; an {@code If-Modified-Since} not older than the file is a 304. File metadata and
 * the body go through Vert.x's asynchronous file system ({@code sendFile}), never blocking the event loop.
 */
final class StaticFiles {
  /** An hour: the files are not content-hashed, so a client re-checks them (a 304 is cheap) within the hour. */
  static final long MAX_AGE_SECONDS = 3600;

  private final Vertx vertx;
  private final Path root;

  StaticFiles(Vertx vertx, Path root) {
    this.vertx = vertx;
    this.root = root.toAbsolutePath().normalize();
  }

  void serve(RoutingContext ctx) {
    Path file = resolve(ctx.pathParam("path"));
    if (file == null) {
      Responses.error(ctx, Failures.notFound());
      return;
    }
    vertx.fileSystem().props(file.toString()).onComplete(props -> {
      if (props.failed() || !props.result().isRegularFile()) {
        Responses.error(ctx, Failures.notFound());
        return;
      }
      send(ctx, file, props.result());
    });
  }

  private void send(RoutingContext ctx, Path file, FileProps props) {
    Instant modified = Instant.ofEpochMilli(props.lastModifiedTime()).truncatedTo(ChronoUnit.SECONDS);
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=" + MAX_AGE_SECONDS)
        .putHeader(HttpHeaders.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC)));
    if (notModifiedSince(ctx.request().getHeader(HttpHeaders.IF_MODIFIED_SINCE), modified)) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    String type = MimeMapping.mimeTypeForFilename(file.getFileName().toString());
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type == null ? "application/octet-stream" : type)
        .sendFile(file.toString());
  }

  /** The file {@code relative} names under the root, or null when it is hidden, escapes the root or is no path. */
  Path resolve(String relative) {
    if (relative == null || relative.isEmpty() || relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0) return null;
    for (String segment : relative.split("/")) {
      if (segment.isEmpty() || segment.startsWith(".")) return null;
    }
    try {
      Path file = root.resolve(relative).normalize();
      return file.startsWith(root) ? file : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static boolean notModifiedSince(String header, Instant modified) {
    if (header == null) return false;
    try {
      return !modified.isAfter(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(header)));
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
