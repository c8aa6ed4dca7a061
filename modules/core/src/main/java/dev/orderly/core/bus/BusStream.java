package dev.orderly.core.bus;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.streams.WriteStream;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A byte stream across the event bus, pulled by its receiver: the producer {@link #serve serves} a
 * {@link Source} on an address of its own, and the receiver asks that address for one chunk (at most
 * {@link #CHUNK_SIZE} bytes) at a time, asking for the next only when its own sink has drained
 * ({@link Reader#pipeTo}). So at most one chunk per stream is in flight, whatever the two ends' speeds, and
 * back-pressure holds across nodes: a slow HTTP client slows the database reads of an export, a slow disk
 * the upload socket. Exports (service to gateway), imports and uploads (gateway to service) all use it.
 *
 * <p>The producer frees its source when the stream ends, when the receiver cancels, and when no pull came for
 * the idle timeout (the receiver vanished); the receiver gives up when a pull is not answered within its
 * timeout (the producer vanished). The last chunk carries the source's {@link Source#trailers() trailers}
 * (an upload's form fields that came after the file).
 */
public final class BusStream {
  /** Stream addresses are this prefix and a random UUID. */
  public static final String ADDRESS_PREFIX = "orderly.stream.";
  /** The most bytes one pull returns. */
  public static final int CHUNK_SIZE = 64 * 1024;
  /** How long a producer waits for the next pull before it frees everything, by default. */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  static final String OP_HEADER = "orderly-stream-op";
  static final String END_HEADER = "orderly-stream-end";
  static final String PULL = "pull";
  static final String CANCEL = "cancel";
  private static final Logger log = LoggerFactory.getLogger(BusStream.class);

  private BusStream() {}

  /** What a producer streams: chunks on demand, then its end ({@code null}). Called on the producer's event loop. */
  public interface Source {
    /** The next chunk (at most {@link #CHUNK_SIZE} bytes, may be empty), or null when the stream is over. */
    Future<Buffer> next();

    /** Frees what the source holds; called once, at the end, on cancel, on failure or on idle timeout. */
    void close();

    /** Headers sent with the last chunk; read once {@link #next()} returned null. */
    default MultiMap trailers() {
      return MultiMap.caseInsensitiveMultiMap();
    }
  }

  /**
   * Serves {@code source} on a new stream address, which the returned future gives once the address can be
   * reached from every node. A failure of the source reaches the receiver as its {@link ServiceError}.
   */
  public static Future<String> serve(Vertx vertx, Source source, long idleTimeoutMs) {
    String address = ADDRESS_PREFIX + UUID.randomUUID();
    Producer producer = new Producer(vertx, source, idleTimeoutMs);
    producer.consumer = vertx.eventBus().consumer(address, producer::handle);
    producer.armIdleTimer();
    return producer.consumer.completion().map(address);
  }

  /** A receiver of the stream at {@code address}; each pull waits at most {@code timeoutMs}. */
  public static Reader reader(Vertx vertx, String address, long timeoutMs) {
    return new Reader(vertx, address, timeoutMs);
  }

  private static final class Producer {
    private final Vertx vertx;
    private final Source source;
    private final long idleTimeoutMs;
    private MessageConsumer<Object> consumer;
    private long idleTimer = -1;
    private boolean pulling;
    private boolean closed;

    Producer(Vertx vertx, Source source, long idleTimeoutMs) {
      this.vertx = vertx;
      this.source = source;
      this.idleTimeoutMs = idleTimeoutMs;
    }

    void handle(Message<Object> msg) {
      if (closed) {
        failClosed(msg);
        return;
      }
      if (CANCEL.equals(msg.headers().get(OP_HEADER))) {
        close();
        msg.reply(Buffer.buffer());
        return;
      }
      if (pulling) {
        msg.fail(409, ServiceError.of(409, ErrorCodes.ERROR, "A pull is already under way.").body().encode());
        return;
      }
      pulling = true;
      vertx.cancelTimer(idleTimer);
      Future<Buffer> next;
      try {
        next = source.next();
      } catch (RuntimeException e) {
        next = Future.failedFuture(e);
      }
      next.onComplete(ar -> {
        pulling = false;
        if (closed) {
          failClosed(msg);
        } else if (ar.failed()) {
          ServiceError error = Consumers.toServiceError(ar.cause());
          if (error.status() >= 500) log.warn("stream source failed", ar.cause());
          close();
          msg.fail(error.status(), error.body().encode());
        } else if (ar.result() == null) {
          DeliveryOptions options = new DeliveryOptions().setHeaders(source.trailers()).addHeader(END_HEADER, "true");
          close();
          msg.reply(Buffer.buffer(), options);
        } else {
          armIdleTimer();
          msg.reply(ar.result());
        }
      });
    }

    private static void failClosed(Message<Object> msg) {
      msg.fail(410, ServiceError.of(410, ErrorCodes.ERROR, "The stream is closed.").body().encode());
    }

    void armIdleTimer() {
      idleTimer = vertx.setTimer(idleTimeoutMs, id -> {
        log.debug("stream idle for {} ms: closed", idleTimeoutMs);
        close();
      });
    }

    void close() {
      if (closed) return;
      closed = true;
      vertx.cancelTimer(idleTimer);
      consumer.unregister();
      try {
        source.close();
      } catch (RuntimeException e) {
        log.warn("closing a stream source failed", e);
      }
    }
  }

  /** The receiving end of a stream. Not thread-safe: use it from one context. */
  public static final class Reader {
    private final Vertx vertx;
    private final String address;
    private final long timeoutMs;
    private MultiMap trailers = MultiMap.caseInsensitiveMultiMap();
    private boolean ended;
    private boolean cancelled;

    Reader(Vertx vertx, String address, long timeoutMs) {
      this.vertx = vertx;
      this.address = address;
      this.timeoutMs = timeoutMs;
    }

    /** The next chunk, or null once the stream is over. */
    public Future<Buffer> next() {
      if (ended || cancelled) return Future.succeededFuture(null);
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(OP_HEADER, PULL);
      return vertx.eventBus().<Buffer>request(address, Buffer.buffer(), options).map(reply -> {
        if (reply.headers().contains(END_HEADER)) {
          ended = true;
          trailers = reply.headers();
          return reply.body().length() == 0 ? null : reply.body();
        }
        return reply.body();
      });
    }

    /** The headers of the last chunk; empty until the stream ended. */
    public MultiMap trailers() {
      return trailers;
    }

    /** Tells the producer to free everything now (fire and forget: its idle timeout is the fallback). */
    public void cancel() {
      if (ended || cancelled) return;
      cancelled = true;
      vertx.eventBus().send(address, Buffer.buffer(), new DeliveryOptions().addHeader(OP_HEADER, CANCEL));
    }

    /**
     * Writes every chunk to {@code sink}, pulling the next only when the sink's write queue is not full,
     * and ends the sink when the stream ends (unless {@code end} is false). Fails, cancelling the stream, when
     * a pull or a write fails.
     */
    public Future<Void> pipeTo(WriteStream<Buffer> sink, boolean end) {
      Promise<Void> done = Promise.promise();
      pump(sink, end, done);
      return done.future();
    }

    private void pump(WriteStream<Buffer> sink, boolean end, Promise<Void> done) {
      if (done.future().isComplete()) return;
      next().onComplete(ar -> {
        if (ar.failed()) {
          cancel();
          done.tryFail(ar.cause());
        } else if (ar.result() == null) {
          if (cancelled && !ended) {
            done.tryFail(new IllegalStateException("stream cancelled"));
          } else if (end) {
            sink.end().onComplete(done);
          } else {
            done.tryComplete();
          }
        } else if (ar.result().length() == 0) {
          // a keep-alive chunk (the producer is still preparing): nothing to write, so nothing is sent before the first byte
          pump(sink, end, done);
        } else {
          sink.write(ar.result()).onFailure(e -> {
            cancel();
            done.tryFail(e);
          });
          if (sink.writeQueueFull()) {
            sink.drainHandler(v -> pump(sink, end, done));
          } else {
            pump(sink, end, done);
          }
        }
      });
    }
  }
}
