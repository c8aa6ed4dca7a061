package dev.orderly.export;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.ReadStreamSource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;

/**
 * A file that is still being written (an XLSX export: POI writes the zip only once every row is in), served
 * once it is ready. Until then each pull is answered with an empty chunk after at most
 * {@link #KEEPALIVE_MS}, so the receiver's pulls never time out and a receiver that went away is noticed by
 * the stream's idle timeout, which closes this source and so stops the writing.
 */
final class PreparedFileSource implements BusStream.Source {
  static final long KEEPALIVE_MS = 1_000;

  private final Vertx vertx;
  private final Future<Path> ready;
  private final Runnable onClose;
  private Future<BusStream.Source> file;
  private BusStream.Source opened;
  private boolean closed;

  /** @param onClose run once when the stream closes: stop the writing, delete the file */
  PreparedFileSource(Vertx vertx, Future<Path> ready, Runnable onClose) {
    this.vertx = vertx;
    this.ready = ready;
    this.onClose = onClose;
  }

  @Override
  public Future<Buffer> next() {
    if (opened != null) return opened.next();
    if (ready.failed()) return Future.failedFuture(ready.cause());
    if (ready.succeeded()) {
      if (file == null) {
        file = vertx.fileSystem().open(ready.result().toString(), new OpenOptions().setRead(true).setWrite(false))
            .map(f -> {
              f.setReadBufferSize(BusStream.CHUNK_SIZE);
              BusStream.Source source = new ReadStreamSource(f, () -> f.close());
              if (closed) source.close();
              opened = source;
              return source;
            });
      }
      return file.compose(BusStream.Source::next);
    }
    Promise<Buffer> keepalive = Promise.promise();
    long timer = vertx.setTimer(KEEPALIVE_MS, id -> keepalive.tryComplete(Buffer.buffer()));
    ready.onComplete(ar -> {
      vertx.cancelTimer(timer);
      // a pull answered by the keepalive already: the next pull reads the file
      if (!keepalive.future().isComplete()) next().onComplete(keepalive);
    });
    return keepalive.future();
  }

  @Override
  public void close() {
    closed = true;
    if (opened != null) opened.close();
    onClose.run();
  }
}
