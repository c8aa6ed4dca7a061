package dev.orderly.export;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.ExportMessages.FileRequest;
import dev.orderly.core.bus.ExportMessages.StreamedFile;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.metrics.NodeMetrics;
import dev.orderly.core.metrics.OrderlyMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Synchronous exports ({@code GET /api/R/export}): the first page is read before anything is answered (so a
 * bad parameter is a 400, not a broken file), then the file streams to the receiver. CSV is formatted page by
 * page as it is pulled; XLSX is written to a temporary file (POI writes the zip last) that is deleted when
 * the stream closes, whether it ended or was abandoned.
 */
final class FileExports {
  private final Vertx vertx;
  private final ResourceService resources;
  private final ExportWriter writer;
  private final Path tempDir;
  private final long idleTimeoutMs;
  private final MeterProvider<Counter> rowCounts;

  FileExports(Vertx vertx, ResourceService resources, ExportWriter writer, Path tempDir, long idleTimeoutMs) {
    this.vertx = vertx;
    this.resources = resources;
    this.writer = writer;
    this.tempDir = tempDir;
    this.idleTimeoutMs = idleTimeoutMs;
    this.rowCounts = OrderlyMeters.exportRows(NodeMetrics.of(vertx).registry());
  }

  Future<StreamedFile> export(FileRequest request, RequestContext context) {
    ExportFormat format = ExportFormat.of(request.format());
    RowPages pages = new RowPages(resources, request.resource(), request.params(), context, ResourceRequest.Rows.MAX_LIMIT,
        rowCounts, format);
    String filename = format.filename(request.resource(), Instant.now());
    return pages.next().compose(first -> {
      if (format == ExportFormat.CSV) return serve(new CsvSource(pages, first, () -> {}), filename, format);
      Path temp = tempDir.resolve(UUID.randomUUID() + ".xlsx");
      AtomicBoolean cancelled = new AtomicBoolean();
      Future<Long> built = writer.write(format, request.resource(), pages, first, temp, rows -> {}, cancelled::get);
      return serve(new PreparedFileSource(vertx, built.map(temp), () -> {
        cancelled.set(true);
        built.onComplete(ar -> vertx.fileSystem().delete(temp.toString()).onFailure(e -> { /* deleted on failure already */ }));
      }), filename, format);
    });
  }

  private Future<StreamedFile> serve(BusStream.Source source, String filename, ExportFormat format) {
    return BusStream.serve(vertx, source, idleTimeoutMs).map(address -> new StreamedFile(address, filename, format.contentType, null));
  }
}
