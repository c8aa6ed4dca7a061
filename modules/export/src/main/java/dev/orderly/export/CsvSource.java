package dev.orderly.export;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.RowsPage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A CSV export as a {@link BusStream.Source}: pages are formatted as the receiver pulls, and the next page is
 * asked for as soon as the last one is formatted (one page ahead, never more), so the database, the
 * formatting and the network overlap while nothing piles up.
 */
final class CsvSource implements BusStream.Source {
  private final RowPages pages;
  private final Runnable onClose;
  private Future<RowsPage> ahead;
  private Buffer pending;
  private int position;

  /** @param first the first page, already read (it checked the parameters) */
  CsvSource(RowPages pages, RowsPage first, Runnable onClose) {
    this.pages = pages;
    this.ahead = Future.succeededFuture(first);
    this.onClose = onClose;
    this.pending = CsvFormat.header(first.columns());
  }

  @Override
  public Future<Buffer> next() {
    if (pending != null && position < pending.length()) {
      int end = Math.min(pending.length(), position + BusStream.CHUNK_SIZE);
      Buffer chunk = pending.getBuffer(position, end);
      position = end;
      return Future.succeededFuture(chunk);
    }
    Future<RowsPage> page = ahead;
    return page.compose(p -> {
      if (p == null) return Future.succeededFuture(null);
      ahead = pages.next();
      StringBuilder text = new StringBuilder(p.rows().size() * 96);
      CsvFormat.rows(text, p.columns(), p.rows());
      pending = CsvFormat.encode(text);
      position = 0;
      return next();
    });
  }

  @Override
  public void close() {
    onClose.run();
  }
}
