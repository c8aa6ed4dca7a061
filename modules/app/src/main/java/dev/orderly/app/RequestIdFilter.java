package dev.orderly.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.orderly.core.logging.RequestIds;
import java.util.Objects;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts the request id of the request being served ({@link RequestIds}, kept in its Vert.x context) into
 * the MDC as {@code rid} just before each line is logged, on the logging thread: the asynchronous appender
 * copies the MDC there, whereas a converter would run later on its writer thread, outside any request.
 * {@code %X{rid}} in the patterns prints it ({@code -} outside a request). Never filters anything.
 */
public final class RequestIdFilter extends TurboFilter {
  static final String KEY = "rid";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    String rid = RequestIds.current();
    // the MDC of an event-loop thread changes only when the request does: most calls write nothing
    if (!Objects.equals(MDC.get(KEY), rid)) {
      if (rid == null) MDC.remove(KEY);
      else MDC.put(KEY, rid);
    }
    return FilterReply.NEUTRAL;
  }
}
