package dev.orderly.app;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's AsyncAppender, except for what it may drop: when fewer than {@code discardingThreshold} places
 * are left in its queue it drops every line below ERROR (logback's own drops only up to INFO, and with
 * {@code neverBlock} it drops anything, ERROR included, once the queue is full). The reserve is for ERROR
 * lines, which are never dropped: with {@code neverBlock=false} one that finds even the reserve full waits
 * for the writer. Lower levels never wait in practice: they are queued only while the reserve is free.
 * Used in conf/logback.xml.
 */
public final class ErrorKeepingAsyncAppender extends AsyncAppender {
  @Override
  protected boolean isDiscardable(ILoggingEvent event) {
    return event.getLevel().toInt() < Level.ERROR_INT;
  }
}
