package dev.orderly.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** Captures the lines of the access log, for the time between {@link #attach} and {@link #detach}. */
final class AccessLines extends AppenderBase<ILoggingEvent> {
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  static AccessLines attach() {
    AccessLines appender = new AccessLines();
    appender.start();
    ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).addAppender(appender);
    return appender;
  }

  void detach() {
    ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).detachAppender(this);
    stop();
  }

  @Override
  protected void append(ILoggingEvent event) {
    lines.add(event.getFormattedMessage());
  }

  /** The next line logged for {@code requestId}; waits for it (the line is written when the response ends). */
  String next(String requestId) throws InterruptedException {
    while (true) {
      String line = lines.poll(10, TimeUnit.SECONDS);
      if (line == null) throw new AssertionError("no access log line for " + requestId);
      if (line.startsWith("rid=" + requestId + " ")) return line;
    }
  }

  /** Every line logged so far for {@code requestId}. */
  long count(String requestId) {
    return lines.stream().filter(line -> line.startsWith("rid=" + requestId + " ")).count();
  }
}
