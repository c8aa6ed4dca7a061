package dev.orderly.export;

import dev.orderly.core.bus.RowsPage;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.file.OpenOptions;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Writes the pages of an export to a file, one page at a time: XLSX through {@link XlsxSheet} on the
 * export workers (POI blocks), CSV through an {@link AsyncFile} on the event loop. The next page is asked
 * for only when the last is written. Stops, deleting what it wrote, when {@code cancelled} turns true.
 */
final class ExportWriter {
  private static final int BUFFER = 64 * 1024;
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
        .compose(sheet -> new PageLoop(pages, progress, cancelled, rows -> workers.executeBlocking(() -> {
              if (!sheet.append(rows)) throw ServiceError.invalid("format", "The export has more rows than an XLSX sheet holds"
                  + " (1 048 575 below its header): ask for format=csv, or narrow the filters.");
              return null;
            })).run(first)
            .compose(rows -> workers.executeBlocking(() -> {
              try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), BUFFER)) {
                sheet.writeTo(out);
              }
              return rows;
            }))
            .eventually(() -> workers.executeBlocking(() -> {
              sheet.close();
              return null;
            })));
  }

  private Future<Long> csv(RowPages pages, RowsPage first, Path target, LongConsumer progress, BooleanSupplier cancelled) {
    return vertx.fileSystem().open(target.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
        .compose(file -> file.write(CsvFormat.header(first.columns()))
            .compose(v -> new PageLoop(pages, progress, cancelled, rows -> {
              StringBuilder text = new StringBuilder(rows.size() * 96);
              CsvFormat.rows(text, first.columns(), rows);
              return file.write(CsvFormat.encode(text));
            }).run(first))
            .compose(rows -> file.close().map(rows), e -> file.close().transform(ignored -> Future.failedFuture(e))));
  }

  /**
   * Writes page after page, reading the next while the last is written; each step is a callback of its own, not
   * a link of one growing chain of futures, so a written page is garbage at once however many follow.
   */
  private static final class PageLoop {
    private final RowPages pages;
    private final LongConsumer progress;
    private final BooleanSupplier cancelled;
    private final Function<JsonArray, Future<?>> write;
    private final Promise<Long> done = Promise.promise();
    private long rows;

    PageLoop(RowPages pages, LongConsumer progress, BooleanSupplier cancelled, Function<JsonArray, Future<?>> write) {
      this.pages = pages;
      this.progress = progress;
      this.cancelled = cancelled;
      this.write = write;
    }

    Future<Long> run(RowsPage first) {
      step(first);
      return done.future();
    }

    private void step(RowsPage page) {
      if (page == null) {
        done.complete(rows);
        return;
      }
      if (cancelled.getAsBoolean()) {
        done.fail(new Cancelled());
        return;
      }
      Future<RowsPage> next = pages.next();
      int size = page.rows().size();
      write.apply(page.rows()).onComplete(written -> {
        if (written.failed()) {
          done.fail(written.cause());
          return;
        }
        rows += size;
        progress.accept(rows);
        next.onComplete(read -> {
          if (read.failed()) done.fail(read.cause());
          else step(read.result());
        });
      });
    }
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
