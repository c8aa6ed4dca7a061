package dev.orderly.core.test;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.ImportRow;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Import rows served on a real {@link BusStream}, as the export service serves a parsed file: one JSON line
 * per row, cut into chunks of {@code chunkSize} bytes (so lines, and multi-byte characters, span chunks), with
 * an empty chunk after the second one.
 */
public final class ImportStreams {
  /** A served stream: its address, and whether its producer freed the source (read to the end, or cancelled). */
  public record Served(String address, AtomicBoolean closed) {}

  private ImportStreams() {}

  public static Served serve(Vertx vertx, List<ImportRow> rows, int chunkSize) {
    Buffer ndjson = Buffer.buffer();
    for (ImportRow row : rows) ndjson.appendString(row.toJson().encode() + "\n", StandardCharsets.UTF_8.name());
    List<Buffer> chunks = new ArrayList<>();
    for (int i = 0; i < ndjson.length(); i += chunkSize) {
      chunks.add(ndjson.getBuffer(i, Math.min(ndjson.length(), i + chunkSize)));
      if (chunks.size() == 2) chunks.add(Buffer.buffer());
    }
    AtomicBoolean closed = new AtomicBoolean();
    Iterator<Buffer> next = chunks.iterator();
    BusStream.Source source = new BusStream.Source() {
      @Override
      public Future<Buffer> next() {
        return Future.succeededFuture(next.hasNext() ? next.next() : null);
      }

      @Override
      public void close() {
        closed.set(true);
      }
    };
    return new Served(BusStream.serve(vertx, source, 30_000).await(), closed);
  }
}
