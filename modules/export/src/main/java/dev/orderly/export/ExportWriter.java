package dev.orderly.export;

import dev.orderly.core.bus.RowsPage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Writes the pages of an export to a file, one page at a time: XLSX through {@link XlsxSheet} on the
 * export workers (POI blocks), CSV through an {@link AsyncFile} on the event loop. The next page is asked
 * for only when the last is written. Stops, deleting what it wrote, when {@code cancelled} turns true.
 */
final class ExportWriter {
  private final Vertx vertx;
  private final WorkerExecutor workers;

  ExportWriter(Vertx vertx, WorkerExecutor workers) {
    this.vertx = vertx;
    this.workers = workers;
  }

  /**
   * @param first    the first page, already read
   * @param progress told the number of rows written after each page
   * @return the number of rows written
   */
  Future<Long> write(ExportFormat format, String resource, RowPages pages, RowsPage first, Path target,
                     LongConsumer progress, BooleanSupplier cancelled) {
    Future<Long> written = format == ExportFormat.XLSX
        ? xlsx(resource, pages, first, target, progress, cancelled)
        : csv(pages, first, target, progress, cancelled);
    return written.onFailure(e -> delete(target));
  }

  private Future<Long> xlsx(String resource, RowPages pages, RowsPage first, Path target, LongConsumer progress,
                            BooleanSupplier cancelled) {
    return workers.executeBlocking(() -> new XlsxSheet(ExportFormat.sheetName(resource), first.columns()))
        .compose(sheet -> xlsxPages(sheet, pages, first, 0, progress, cancelled)
            .compose(rows -> workers.executeBlocking(() -> {
              try (OutputStream out = Files.newOutputStream(target)) {
                sheet.writeTo(out);
              }
              return rows;
            }))
            .eventually(() -> workers.executeBlocking(() -> {
              sheet.close();
              return null;
            })));
  }

  private Future<Long> xlsxPages(XlsxSheet sheet, RowPages pages, RowsPage page, long rows, LongConsumer progress,
                                 BooleanSupplier cancelled) {
    if (page == null) return Future.succeededFuture(rows);
    if (cancelled.getAsBoolean()) return Future.failedFuture(new Cancelled());
    // the next page is read while this one is written
    Future<RowsPage> next = pages.next();
    return workers.executeBlocking(() -> sheet.append(page.rows()))
        .compose(fits -> {
          if (!fits) return Future.failedFuture(new IOException("more rows than a sheet holds (1 048 576)"));
          long total = rows + page.rows().size();
          progress.accept(total);
          return next.compose(p -> xlsxPages(sheet, pages, p, total, progress, cancelled));
        });
  }

  private Future<Long> csv(RowPages pages, RowsPage first, Path target, LongConsumer progress, BooleanSupplier cancelled) {
    return vertx.fileSystem().open(target.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
        .compose(file -> file.write(CsvFormat.header(first.columns()))
            .compose(v -> csvPages(file, pages, first, 0, progress, cancelled))
            .compose(rows -> file.close().map(rows), e -> file.close().transform(ignored -> Future.failedFuture(e))));
  }

  private Future<Long> csvPages(AsyncFile file, RowPages pages, RowsPage page, long rows, LongConsumer progress,
                                BooleanSupplier cancelled) {
    if (page == null) return Future.succeededFuture(rows);
    if (cancelled.getAsBoolean()) return Future.failedFuture(new Cancelled());
    Future<RowsPage> next = pages.next();
    StringBuilder text = new StringBuilder(page.rows().size() * 96);
    CsvFormat.rows(text, page.columns(), page.rows());
    Buffer bytes = CsvFormat.encode(text);
    long total = rows + page.rows().size();
    return file.write(bytes).compose(v -> {
      progress.accept(total);
      return next.compose(p -> csvPages(file, pages, p, total, progress, cancelled));
    });
  }

  private void delete(Path target) {
    vertx.fileSystem().delete(target.toString()).onFailure(e -> { /* never created, or gone already */ });
  }

  /** The export was stopped: its receiver went away. */
  static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("export cancelled", null, false, false);
    }
  }
}
