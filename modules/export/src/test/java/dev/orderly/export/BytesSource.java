package dev.orderly.export;

import dev.orderly.core.bus.BusStream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upload as the gateway serves it: the bytes of a file in {@link BusStream#CHUNK_SIZE} chunks, then the
 * form fields that came after the file as trailers. Counts what was pulled, and knows when it was closed
 * (the stream ended, was cancelled or idled out). {@code onLastChunk} runs as the last chunk goes out.
 */
final class BytesSource implements BusStream.Source {
  private final byte[] bytes;
  private final MultiMap trailers;
  private final Runnable onLastChunk;
  private final AtomicLong served = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  BytesSource(byte[] bytes, MultiMap trailers, Runnable onLastChunk) {
    this.bytes = bytes;
    this.trailers = trailers;
    this.onLastChunk = onLastChunk;
  }

  @Override
  public Future<Buffer> next() {
    int from = (int) served.get();
    if (from >= bytes.length) return Future.succeededFuture(null);
    int to = Math.min(bytes.length, from + BusStream.CHUNK_SIZE);
    served.set(to);
    if (to == bytes.length) onLastChunk.run();
    return Future.succeededFuture(Buffer.buffer().appendBytes(bytes, from, to - from));
  }

  @Override
  public MultiMap trailers() {
    return trailers;
  }

  @Override
  public void close() {
    closed.set(true);
  }

  long served() {
    return served.get();
  }

  boolean closed() {
    return closed.get();
  }
}
