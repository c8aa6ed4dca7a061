package dev.orderly.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures what every logger writes between {@link #attach} and {@link #detach}, with the named loggers turned
 * up to DEBUG meanwhile (their levels are restored after).
 */
final class LogEvents extends AppenderBase<ILoggingEvent> {
  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
  private final Map<Logger, Level> levels = new HashMap<>();

  static LogEvents attach(Class<?>... debugLoggers) {
    LogEvents appender = new LogEvents();
    for (Class<?> type : debugLoggers) {
      Logger logger = (Logger) LoggerFactory.getLogger(type);
      appender.levels.put(logger, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    appender.start();
    root().addAppender(appender);
    return appender;
  }

  void detach() {
    root().detachAppender(this);
    levels.forEach(Logger::setLevel);
    stop();
  }

  @Override
  protected void append(ILoggingEvent event) {
    events.add(event);
  }

  /** The events at {@code level} or above, as {@code LEVEL logger: message} lines. */
  List<String> atLeast(Level level) {
    return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(level))
        .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
  }

  /** The messages {@code type}'s logger wrote at exactly {@code level}. */
  List<String> of(Class<?> type, Level level) {
    return events.stream().filter(e -> e.getLoggerName().equals(type.getName()) && e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
