package dev.orderly.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's routes as one list of (method, path template, handler), so the router, the
 * {@code Allow} header of a 405 and the access log's route template all read the same table.
 * In a template, {@code {resource}} matches {@value #RESOURCE_NAME} and any other {@code {name}} one
 * path segment; each becomes a path parameter of that name. Every template also matches with a
 * trailing slash.
 */
final class RouteTable {
  static final String RESOURCE_NAME = "[a-z][a-z0-9_-]*";
  /** The template logged for a request no route matched. */
  static final String NO_ROUTE = "-";
  private static final Pattern PARAMETER = Pattern.compile("\\{([a-z]+)}");

  /** One row: {@code api} rows pass the API chain (body, then authentication and permission) first. */
  record Entry(HttpMethod method, String template, Pattern path, boolean api, Handler<RoutingContext> handler) {}

  private final List<Entry> entries = new ArrayList<>();

  /** A route under {@code /api}: it runs the API chain given to {@link #mount} before its handler. */
  RouteTable api(HttpMethod method, String template, Handler<RoutingContext> handler) {
    entries.add(new Entry(method, template, compile(template), true, handler));
    return this;
  }

  /** A route open to anyone and reading no body (health). */
  RouteTable open(HttpMethod method, String template, Handler<RoutingContext> handler) {
    entries.add(new Entry(method, template, compile(template), false, handler));
    return this;
  }

  /** Adds every row to {@code router}, in table order, each API row behind {@code apiChain}. */
  void mount(Router router, List<Handler<RoutingContext>> apiChain) {
    for (Entry entry : entries) {
      Route route = router.routeWithRegex(entry.method(), entry.path().pattern());
      if (entry.api()) apiChain.forEach(route::handler);
      route.handler(entry.handler());
    }
  }

  /** The template of the first row whose path matches, whatever its method, else {@value #NO_ROUTE}. */
  String templateOf(String path) {
    for (Entry entry : entries) {
      if (path != null && entry.path().matcher(path).matches()) return entry.template();
    }
    return NO_ROUTE;
  }

  /** The methods of the rows whose path matches, in table order: the {@code Allow} header of a 405. */
  List<HttpMethod> allowed(String path) {
    List<HttpMethod> methods = new ArrayList<>();
    for (Entry entry : entries) {
      if (path != null && entry.path().matcher(path).matches() && !methods.contains(entry.method())) {
        methods.add(entry.method());
      }
    }
    return methods;
  }

  static Pattern compile(String template) {
    StringBuilder regex = new StringBuilder();
    Matcher m = PARAMETER.matcher(template);
    int literalStart = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(literalStart, m.start())));
      String name = m.group(1);
      regex.append("(?<").append(name).append('>').append(name.equals("resource") ? RESOURCE_NAME : "[^/]+").append(')');
      literalStart = m.end();
    }
    regex.append(Pattern.quote(template.substring(literalStart))).append("/?");
    return Pattern.compile(regex.toString());
  }
}
