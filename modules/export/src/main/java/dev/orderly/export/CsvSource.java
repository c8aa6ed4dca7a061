package dev.orderly.export;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.RowsPage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A CSV export as a {@link BusStream.Source}: a page of rows is read and formatted only when the receiver
 * pulls and the bytes of the previous one are gone, so nothing blocks and nothing piles up.
 */
final class CsvSource implements BusStream.Source {
  private final RowPages pages;
  private final Runnable onClose;
  private RowsPage first;
  private Buffer pending;
  private int position;

  /** @param first the first page, already read (it checked the parameters) */
  CsvSource(RowPages pages, RowsPage first, Runnable onClose) {
    this.pages = pages;
    this.first = first;
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
    Future<RowsPage> page;
    if (first != null) {
      page = Future.succeededFuture(first);
      first = null;
    } else {
      page = pages.next();
    }
    return page.compose(p -> {
      if (p == null) return Future.succeededFuture(null);
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
