package dev.orderly.core.bus;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Supplier;

/**
 * A {@link BusStream.Source} over a Vert.x {@link ReadStream} (an uploaded file, an {@code AsyncFile}): the
 * stream stays paused and is fetched from only while a pull waits, so its producer (a socket, a disk) is read
 * no faster than the receiver takes chunks. Chunks are cut at {@link BusStream#CHUNK_SIZE}.
 */
public final class ReadStreamSource implements BusStream.Source {
  private final ReadStream<Buffer> stream;
  private final Runnable onClose;
  private final Supplier<MultiMap> trailers;
  private Buffer pending = Buffer.buffer();
  private Promise<Buffer> waiting;
  private Throwable failure;
  private boolean ended;

  /**
   * @param onClose  run once when the bus stream closes (delete a temporary file, close the file...)
   * @param trailers the headers of the last chunk, asked for at the end
   */
  public ReadStreamSource(ReadStream<Buffer> stream, Runnable onClose, Supplier<MultiMap> trailers) {
    this.stream = stream;
    this.onClose = onClose;
    this.trailers = trailers;
    stream.pause();
    stream.handler(this::received);
    stream.endHandler(v -> {
      ended = true;
      deliver();
    });
    stream.exceptionHandler(e -> {
      failure = e;
      deliver();
    });
  }

  public ReadStreamSource(ReadStream<Buffer> stream, Runnable onClose) {
    this(stream, onClose, MultiMap::caseInsensitiveMultiMap);
  }

  private void received(Buffer data) {
    pending.appendBuffer(data);
    if (pending.length() >= BusStream.CHUNK_SIZE) {
      deliver();
    } else if (waiting != null) {
      stream.fetch(1);
    }
  }

  @Override
  public Future<Buffer> next() {
    if (waiting != null) return Future.failedFuture(new IllegalStateException("a pull is already waiting"));
    waiting = Promise.promise();
    Future<Buffer> result = waiting.future();
    if (failure != null || ended || pending.length() >= BusStream.CHUNK_SIZE) {
      deliver();
    } else {
      stream.fetch(1);
    }
    return result;
  }

  /** Completes the waiting pull with a chunk, the end or the failure. */
  private void deliver() {
    if (waiting == null) return;
    Promise<Buffer> pull = waiting;
    if (failure != null) {
      waiting = null;
      pull.fail(failure);
    } else if (pending.length() >= BusStream.CHUNK_SIZE) {
      waiting = null;
      Buffer chunk = pending.getBuffer(0, BusStream.CHUNK_SIZE);
      pending = pending.getBuffer(BusStream.CHUNK_SIZE, pending.length());
      pull.complete(chunk);
    } else if (ended) {
      waiting = null;
      Buffer rest = pending;
      pending = Buffer.buffer();
      pull.complete(rest.length() == 0 ? null : rest);
    }
  }

  @Override
  public MultiMap trailers() {
    return trailers.get();
  }

  @Override
  public void close() {
    onClose.run();
  }
}
