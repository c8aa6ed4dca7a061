package dev.orderly.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
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
  /** A resource's URL name; {@code auth} is the authentication routes', never a resource. */
  static final String RESOURCE_NAME = "(?!auth(?:/|$))[a-z][a-z0-9_-]*";
  /** The template logged for a request no route matched. */
  static final String NO_ROUTE = "-";
  private static final Pattern PARAMETER = Pattern.compile("\\{([a-z]+)}");

  /** What a row passes before its handler. */
  enum Access {
    /** Nothing: open to anyone, no body (health). */
    OPEN,
    /** The body only: login routes. */
    PUBLIC,
    /** The body, then authentication. */
    AUTHENTICATED,
    /** The body, authentication, then the permission check of the resource. */
    RESOURCE
  }

  /** One row of the table. */
  record Entry(HttpMethod method, String template, Pattern path, Access access, Handler<RoutingContext> handler) {
    boolean api() {
      return access != Access.OPEN;
    }
  }

  /** Records the matched row's template for the access log: a platform handler, so vertx-web lets it run first. */
  private record Matched(String template) implements PlatformHandler {
    @Override
    public void handle(RoutingContext ctx) {
      RequestTracking.matched(ctx, template);
      ctx.next();
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** A resource route: body, authentication and the permission check before its handler. */
  RouteTable api(HttpMethod method, String template, Handler<RoutingContext> handler) {
    return add(method, template, Access.RESOURCE, handler);
  }

  /** An API route that needs an authenticated caller but no resource permission. */
  RouteTable authenticated(HttpMethod method, String template, Handler<RoutingContext> handler) {
    return add(method, template, Access.AUTHENTICATED, handler);
  }

  /** An API route that reads a body and needs no credentials (login). */
  RouteTable unauthenticated(HttpMethod method, String template, Handler<RoutingContext> handler) {
    return add(method, template, Access.PUBLIC, handler);
  }

  /** A route open to anyone and reading no body (health). */
  RouteTable open(HttpMethod method, String template, Handler<RoutingContext> handler) {
    return add(method, template, Access.OPEN, handler);
  }

  private RouteTable add(HttpMethod method, String template, Access access, Handler<RoutingContext> handler) {
    entries.add(new Entry(method, template, compile(template), access, handler));
    return this;
  }

  /**
   * Adds every row to {@code router}, in table order: API rows behind {@code body}, then as their access
   * says {@code authentication} and {@code permission}, then {@code throttling} (after authentication and
   * permission, as DRF runs throttles, so a 401 or 403 uses no quota; before a login is processed).
   */
  void mount(Router router, Handler<RoutingContext> body, Handler<RoutingContext> authentication, Handler<RoutingContext> permission,
             Handler<RoutingContext> throttling) {
    for (Entry entry : entries) {
      Route route = router.routeWithRegex(entry.method(), entry.path().pattern());
      route.handler(new Matched(entry.template()));
      if (entry.api()) route.handler(body);
      if (entry.access() == Access.AUTHENTICATED || entry.access() == Access.RESOURCE) route.handler(authentication);
      if (entry.access() == Access.RESOURCE) route.handler(permission);
      if (entry.api()) route.handler(throttling);
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
