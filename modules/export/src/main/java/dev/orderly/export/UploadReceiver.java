package dev.orderly.export;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Pulls an upload from its {@link BusStream} straight into its part file, counting and hashing (SHA-256) the
 * bytes as they pass, and refusing more than the limit while it streams: past it the stream is cancelled and
 * the reply is 413, with not one byte over the limit written. The next chunk is pulled only when the file's
 * write queue has room, so the disk sets the pace of the whole chain, back to the client's socket.
 *
 * <p>The hash runs on the event loop: one 64 KiB chunk costs tens of microseconds, less than a hop to a
 * worker thread and back, and only one chunk per upload is in flight at a time.
 */
final class UploadReceiver {
  /** What came in: its length, its SHA-256 (hex) and the stream's trailers (the form fields after the file). */
  record Received(long size, String sha256, MultiMap trailers) {}

  private final BusStream.Reader reader;
  private final AsyncFile file;
  private final long maxBytes;
  private final MessageDigest digest;
  private final Promise<Received> done = Promise.promise();
  private long size;
  /** A write that failed after the last chunk came in, found when the file is closed. */
  private Throwable writeFailure;

  private UploadReceiver(BusStream.Reader reader, AsyncFile file, long maxBytes) {
    this.reader = reader;
    this.file = file;
    this.maxBytes = maxBytes;
    this.digest = sha256();
  }

  /**
   * Copies the stream into {@code file} and closes it (its pending writes done), or fails (413 past
   * {@code maxBytes}) with the stream cancelled and the file closed; deleting it is the caller's.
   */
  static Future<Received> receive(BusStream.Reader reader, AsyncFile file, long maxBytes) {
    UploadReceiver receiver = new UploadReceiver(reader, file, maxBytes);
    receiver.pull();
    return receiver.done.future().transform(ar -> file.close().transform(closed -> {
      if (ar.failed()) return Future.failedFuture(ar.cause());
      if (receiver.writeFailure != null) return Future.failedFuture(receiver.writeFailure);
      return closed.failed() ? Future.failedFuture(closed.cause()) : Future.succeededFuture(ar.result());
    }));
  }

  static ServiceError tooLarge(long maxBytes) {
    return ServiceError.of(413, ErrorCodes.TOO_LARGE, "The file is larger than the limit of " + maxBytes + " bytes.");
  }

  private void pull() {
    if (done.future().isComplete()) return;
    reader.next().onComplete(ar -> {
      if (ar.failed()) {
        fail(ar.cause());
      } else if (ar.result() == null) {
        done.tryComplete(new Received(size, HexFormat.of().formatHex(digest.digest()), reader.trailers()));
      } else {
        write(ar.result());
      }
    });
  }

  private void write(Buffer chunk) {
    size += chunk.length();
    if (size > maxBytes) {
      fail(tooLarge(maxBytes));
      return;
    }
    digest.update(chunk.getBytes());
    file.write(chunk).onFailure(e -> {
      writeFailure = e;
      fail(e);
    });
    if (file.writeQueueFull()) {
      file.drainHandler(v -> pull());
    } else {
      pull();
    }
  }

  private void fail(Throwable cause) {
    reader.cancel();
    done.tryFail(cause);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
