package dev.orderly.app;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ExportMessages.FileRequest;
import dev.orderly.core.bus.ExportMessages.ImportUpload;
import dev.orderly.core.bus.ExportMessages.Upload;
import dev.orderly.core.bus.ReadStreamSource;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Migrations;
import dev.orderly.entities.EntityServiceVerticle;
import dev.orderly.export.ExportVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code export} and {@code import} commands: the same export service as a node's, deployed in this
 * process without HTTP (and without its job queue: {@link ExportVerticle#COMMAND_LINE}), asked over the
 * event bus as the node itself ({@link Caller#SYSTEM}). Files stream from and to the disk with
 * back-pressure, as they do over HTTP. On a terminal a line shows the bytes moved so far.
 */
final class Transfers {
  private static final long PROGRESS_MS = 250;

  private final Vertx vertx;
  private final ExportClient export;
  private final RequestContext system;
  private final long timeoutMs;
  private final PrintStream progress;

  /** @param progress where the progress line goes (a terminal), or null for none */
  Transfers(Vertx vertx, Settings settings, PrintStream progress) {
    this.vertx = vertx;
    this.timeoutMs = Math.max(settings.requestTimeoutMs(), 30_000);
    this.export = new ExportClient(vertx, timeoutMs);
    this.system = new RequestContext("cli", Caller.SYSTEM, CallerSigning.fromSecret(settings.secretKey()));
    this.progress = progress;
  }

  /** Migrates and deploys the services a transfer needs: entities, auth (without its events) and export. */
  static Future<Void> deploy(Vertx vertx, Settings settings, JsonObject raw) {
    return Migrations.migrate(vertx, settings, EntityServiceVerticle.SERVICE)
        .compose(v -> Migrations.migrate(vertx, settings, ExportVerticle.SERVICE))
        .compose(v -> Accounts.deployAuth(vertx, settings, raw))
        .compose(v -> vertx.deployVerticle(EntityServiceVerticle.class, new DeploymentOptions().setConfig(raw)))
        .compose(v -> vertx.deployVerticle(ExportVerticle.class,
            new DeploymentOptions().setConfig(raw.copy().put(ExportVerticle.COMMAND_LINE, true))))
        .mapEmpty();
  }

  /** Writes the filtered list to the file; the number of bytes written. */
  Future<Long> export(Command.Transfer transfer) {
    String format = transfer.format() != null ? transfer.format() : transfer.file().toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "xlsx";
    return export.export(new FileRequest(transfer.resource(), format, transfer.params()), system)
        .compose(file -> vertx.fileSystem().open(transfer.file(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
            .compose(out -> {
              Counted counted = new Counted(out, "exporting " + transfer.resource());
              return BusStream.reader(vertx, file.stream(), timeoutMs).pipeTo(counted, true)
                  .map(v -> counted.done())
                  .onFailure(e -> vertx.fileSystem().delete(transfer.file()));
            }));
  }

  /** Imports the file (all or nothing); the summary, or a failure whose body lists the errors. */
  Future<JsonObject> importFile(Command.Transfer transfer) {
    Path path = Path.of(transfer.file());
    return vertx.fileSystem().open(transfer.file(), new OpenOptions().setRead(true).setWrite(false))
        .compose(in -> BusStream.serve(vertx, new ReadStreamSource(in, in::close), BusStream.DEFAULT_IDLE_TIMEOUT_MS))
        .compose(address -> export.importFile(new ImportUpload(transfer.resource(), transfer.dryRun(),
            new Upload(address, path.getFileName().toString(), contentType(path), new JsonObject())), system))
        .map(reply -> reply.json())
        .onComplete(ar -> line(null));
  }

  private static String contentType(Path path) {
    return path.toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? "text/csv" : "application/octet-stream";
  }

  private void line(String text) {
    if (progress == null) return;
    progress.print(text == null ? "\r\033[K" : "\r\033[K" + text);
    progress.flush();
  }

  /** A file sink that counts the bytes written and shows them on the terminal at most every {@value #PROGRESS_MS} ms. */
  private final class Counted implements WriteStream<Buffer> {
    private final AsyncFile file;
    private final String label;
    private long bytes;
    private long shown;

    Counted(AsyncFile file, String label) {
      this.file = file;
      this.label = label;
    }

    long done() {
      line(null);
      return bytes;
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
      file.exceptionHandler(handler);
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      bytes += data.length();
      long now = System.currentTimeMillis();
      if (now - shown >= PROGRESS_MS) {
        shown = now;
        line(String.format(Locale.ROOT, "%s: %.1f MB", label, bytes / 1e6));
      }
      return file.write(data);
    }

    @Override
    public Future<Void> end() {
      return file.end();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      file.setWriteQueueMaxSize(maxSize);
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return file.writeQueueFull();
    }

    @Override
    public WriteStream<Buffer> drainHandler(io.vertx.core.Handler<Void> handler) {
      file.drainHandler(handler);
      return this;
    }
  }
}
