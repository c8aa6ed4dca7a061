package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The {@link ImportRow}s of an import stream, one line of JSON each: chunks are pulled only when the rows
 * already cut are used up, and a line may span chunks. Blank lines are skipped. A line that is not an import
 * row is a 400 {@code parse_error}; a producer that stopped answering is a 503.
 */
final class ImportLines {
  private final BusStream.Reader stream;
  private final Deque<String> lines = new ArrayDeque<>();
  private Buffer rest = Buffer.buffer();
  private boolean ended;

  ImportLines(BusStream.Reader stream) {
    this.stream = stream;
  }

  /** The next row, or null after the last one. */
  Future<ImportRow> next() {
    if (!lines.isEmpty()) {
      try {
        return Future.succeededFuture(parse(lines.poll()));
      } catch (ServiceError e) {
        return Future.failedFuture(e);
      }
    }
    if (ended) return Future.succeededFuture(null);
    return stream.next().recover(e -> Future.failedFuture(pullFailed(e))).compose(chunk -> {
      if (chunk == null) {
        ended = true;
        String last = rest.toString(StandardCharsets.UTF_8);
        rest = Buffer.buffer();
        if (!last.isBlank()) lines.add(last);
      } else {
        cut(chunk);
      }
      return next();
    });
  }

  /** Frees the producer when the import stops before the end. */
  void cancel() {
    if (!ended) stream.cancel();
  }

  /** Splits the complete lines off {@code rest + chunk}; '\n' is never part of a multi-byte UTF-8 character. */
  private void cut(Buffer chunk) {
    Buffer data = rest.length() == 0 ? chunk : rest.appendBuffer(chunk);
    int start = 0;
    for (int i = 0; i < data.length(); i++) {
      if (data.getByte(i) != '\n') continue;
      String line = data.getString(start, i, "UTF-8");
      if (!line.isBlank()) lines.add(line);
      start = i + 1;
    }
    rest = data.getBuffer(start, data.length());
  }

  private static ImportRow parse(String line) {
    try {
      JsonObject json = new JsonObject(line);
      if (json.getValue("row") instanceof Number && json.getValue("values") instanceof JsonObject) return ImportRow.fromJson(json);
    } catch (DecodeException | ClassCastException e) {
      // below
    }
    throw ServiceError.of(400, ErrorCodes.PARSE_ERROR, "The import stream holds a line that is not an import row.");
  }

  private static Throwable pullFailed(Throwable e) {
    if (e instanceof ReplyException re && (re.failureType() == ReplyFailure.TIMEOUT || re.failureType() == ReplyFailure.NO_HANDLERS)) {
      return ServiceError.unavailable("The import stream stopped answering.");
    }
    return e;
  }
}
