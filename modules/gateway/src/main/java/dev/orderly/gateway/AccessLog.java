package dev.orderly.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on logger {@value #LOGGER}:
 * {@code rid=<id> <METHOD> <route template> <status> <ms>ms}. The route template (for example
 * {@code /api/{resource}/{id}}) is logged rather than the path, {@code -} when no route matched;
 * bodies, query strings and headers never are. A connection closed before the response ended logs
 * status {@value #CLIENT_CLOSED}, as nginx does.
 */
final class AccessLog {
  static final String LOGGER = "orderly.access";
  static final int CLIENT_CLOSED = 499;
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private AccessLog() {}

  static void log(String requestId, String method, String template, int status, long millis) {
    if (log.isInfoEnabled()) log.info(line(requestId, method, template, status, millis));
  }

  static String line(String requestId, String method, String template, int status, long millis) {
    return "rid=" + requestId + " " + method + " " + template + " " + status + " " + millis + "ms";
  }
}
