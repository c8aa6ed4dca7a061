package dev.orderly.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A rolling file written through a buffer ({@code immediateFlush=false}: one write per 8 KiB rather than
 * per line) that is flushed at least every {@code flushPeriodMs} (default {@value #DEFAULT_FLUSH_PERIOD_MS})
 * when anything was written, so that {@code tail -f} lags by a second at most. The flush takes the
 * appender's own stream lock, as a write or a rollover does. Used in conf/logback.xml.
 */
public final class FlushingFileAppender extends RollingFileAppender<ILoggingEvent> {
  public static final long DEFAULT_FLUSH_PERIOD_MS = 1_000;

  private long flushPeriodMs = DEFAULT_FLUSH_PERIOD_MS;
  private volatile boolean written;
  private ScheduledFuture<?> flusher;

  public void setFlushPeriodMs(long flushPeriodMs) {
    this.flushPeriodMs = flushPeriodMs;
  }

  @Override
  public void start() {
    super.start();
    if (!isStarted()) return;
    flusher = getContext().getScheduledExecutorService().scheduleAtFixedRate(this::flushWritten, flushPeriodMs, flushPeriodMs,
        TimeUnit.MILLISECONDS);
    getContext().addScheduledFuture(flusher);
  }

  @Override
  protected void subAppend(ILoggingEvent event) {
    super.subAppend(event);
    written = true;
  }

  /** Flushes what was written since the last flush. */
  void flushWritten() {
    if (!written) return;
    streamWriteLock.lock();
    try {
      written = false;
      OutputStream out = getOutputStream();
      if (out != null) out.flush();
    } catch (IOException e) {
      addError("flushing " + getFile() + " failed", e);
    } finally {
      streamWriteLock.unlock();
    }
  }

  @Override
  public void stop() {
    if (flusher != null) flusher.cancel(false);
    super.stop();
  }
}
