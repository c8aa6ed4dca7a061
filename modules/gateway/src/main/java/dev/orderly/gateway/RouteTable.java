package dev.orderly.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's routes as one list of (method, path template, access, permission, handler), so the router, the
 * {@code Allow} header of a 405, the access log's route template and the throttle scopes all read the
 * same table. In a template, {@code {resource}} matches {@value #RESOURCE_NAME}, {@code {id}} matches
 * {@value #ID} (API.md: an id in a path is ASCII digits only, else 404) and any other {@code {name}} one
 * path segment; each becomes a path parameter of that name. Every template also matches with a
 * trailing slash.
 */
final class RouteTable {
  /**
   * A resource's URL name; {@code auth} (the authentication routes), {@code events} (the event stream),
   * {@code exports} (export jobs) and {@code attachments} are never resources.
   */
  static final String RESOURCE_NAME = "(?!(?:auth|events|exports|attachments)(?:/|$))[a-z][a-z0-9_-]*";
  /** A record id. */
  static final String ID = "[0-9]+";
  /** The template logged for a request no route matched. */
  static final String NO_ROUTE = "-";
  private static final Pattern PARAMETER = Pattern.compile("\\{([a-z]+)}");
  /** The methods that write, whose authenticated rows read an {@code Idempotency-Key}. */
  private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
  private static final Idempotency BUFFERED_KEYS = new Idempotency(false);
  private static final Idempotency STREAMED_KEYS = new Idempotency(true);

  /** What a row passes before its handler. */
  enum Access {
    /** Nothing: open to anyone, no body (health, API docs). */
    OPEN,
    /** The body only: login routes. */
    PUBLIC,
    /** The body, then authentication. */
    AUTHENTICATED,
    /** The body, authentication, then the row's {@link Permission} on the resource. */
    RESOURCE,
    /**
     * As {@link #RESOURCE} (or {@link #AUTHENTICATED} with no permission) but the body is not read: the request
     * is paused until the row's handler streams it (file uploads).
     */
    STREAMED
  }

  /** One row of the table; {@code permission} is null but on {@link Access#RESOURCE} rows. */
  record Entry(HttpMethod method, String template, Pattern path, Access access, Permission permission, Handler<RoutingContext> handler) {}

  /** The rows of one access level, method and permission: they share one chain of handlers. */

  private final List<Entry> entries = new ArrayList<>();
  /** The rows' templates, for the access log's lookup at the end of every request. */
  private final Set<String> templates = new HashSet<>();

  /** A CRUD route of a resource: body, authentication and the method's permission ({@link Permission#ofMethod}) before its handler. */
  RouteTable api(HttpMethod method, String template, Handler<RoutingContext> handler) {
    return api(method, template, handler, Permission.ofMethod(method));
  }

  /** A resource route that needs {@code permission}, whatever its method (approve, history, export...). */
  RouteTable api(HttpMethod method, String template, Handler<RoutingContext> handler, Permission permission) {
    return add(method, template, Access.RESOURCE, permission, handler);
  }

  /** A resource route whose body its handler streams: paused, authenticated, {@code permission} (null: none), throttled. */
  RouteTable streamed(HttpMethod method, String template, Handler<RoutingContext> handler, Permission permission) {
    return add(method, template, Access.STREAMED, permission, handler);
  }

  /** An API route that needs an authenticated caller but no resource permission. */
  RouteTable authenticated(HttpMethod method, String template, Handler<RoutingContext> handler) {
    return add(method, template, Access.AUTHENTICATED, null, handler);
  }

  /** An API route that reads a body and needs no credentials (login). */
  RouteTable unauthenticated(HttpMethod method, String template, Handler<RoutingContext> handler) {
    return add(method, template, Access.PUBLIC, null, handler);
  }

  /** A route open to anyone and reading no body (health, API docs). */
  RouteTable open(HttpMethod method, String template, Handler<RoutingContext> handler) {
    return add(method, template, Access.OPEN, null, handler);
  }

  private RouteTable add(HttpMethod method, String template, Access access, Permission permission, Handler<RoutingContext> handler) {
    entries.add(new Entry(method, template, compile(template), access, permission, handler));
    templates.add(template);
    return this;
  }

  /**
   * Adds the table to {@code router}, in table order: each row one route, named by its template, whose
   * handlers are {@code bodyTimeout} and {@code body} (a streamed row: a pause instead), then as its access level needs {@code authentication} and the check
   * {@code permission} makes of its {@link Permission}, then {@code throttling} (after authentication and
   * permission, as DRF runs throttles, so a 401 or 403 uses no quota; before a login is processed), then on an
   * authenticated write its {@link Idempotency} key (a login has no user to keep a key for), then its own handler. A path the table lacks, or a method its path lacks, meets none of them: its 404 or 405
   * reads no body, needs no credentials and uses no quota. The shared handlers are attached per row rather
   * than once per access level on a route matching all its rows' paths: that costs each request a second
   * regular-expression match and route, measured at about 10% of a GET's server CPU.
   */
  void mount(Router router, Handler<RoutingContext> bodyTimeout, Handler<RoutingContext> body, Handler<RoutingContext> authentication,
             Function<Permission, Handler<RoutingContext>> permission, Handler<RoutingContext> throttling) {
    Map<Permission, Handler<RoutingContext>> checks = new HashMap<>();
    for (Entry entry : entries) {
      Route route = router.routeWithRegex(entry.method(), entry.path().pattern()).setName(entry.template());
      if (entry.access() == Access.STREAMED) {
        route.handler(RouteTable::pause);
      } else if (entry.access() != Access.OPEN) {
        route.handler(bodyTimeout).handler(body);
      }
      if (entry.access() != Access.OPEN) {
        if (entry.access() != Access.PUBLIC) route.handler(authentication);
        if (entry.permission() != null) route.handler(checks.computeIfAbsent(entry.permission(), permission));
        route.handler(throttling);
      }
      if (readsIdempotencyKey(entry)) route.handler(entry.access() == Access.STREAMED ? STREAMED_KEYS : BUFFERED_KEYS);
      route.handler(entry.handler());
    }
  }

  /** Whether the row honours {@code Idempotency-Key}: a write that needs an authenticated caller. */
  static boolean readsIdempotencyKey(Entry entry) {
    return WRITES.contains(entry.method()) && entry.access() != Access.OPEN && entry.access() != Access.PUBLIC;
  }

  /** The {@code {resource}} of the request's path: a resource's URL name. */
  static String resource(RoutingContext ctx) {
    return ctx.pathParam("resource");
  }

  /** The {@code {id}} of the request's path: ASCII digits. */
  static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  /** Holds a streamed row's body until its handler reads it (authentication and throttling are asynchronous). */
  private static void pause(RoutingContext ctx) {
    ctx.request().pause();
    ctx.next();
  }

  /** The permission of the row of this method and template, or null when there is none or it is no resource route. */
  Permission permissionOf(HttpMethod method, String template) {
    return entries.stream().filter(e -> e.method().equals(method) && e.template().equals(template))
        .findFirst().map(Entry::permission).orElse(null);
  }

  /** Whether {@code name} is the template of a row (a route vertx-web named after its regex is not). */
  boolean isTemplate(String name) {
    return templates.contains(name);
  }

  /** Whether the table has this row: a throttle rule counts only on a route that exists. */
  boolean has(HttpMethod method, String template) {
    return entries.stream().anyMatch(e -> e.method().equals(method) && e.template().equals(template));
  }

  /** The rows, in table order. */
  List<Entry> rows() {
    return List.copyOf(entries);
  }

  /** The row that serves {@code method} on {@code path}: the first in table order whose method and path match, as the router picks it; else null. */
  Entry serving(HttpMethod method, String path) {
    for (Entry entry : entries) {
      if (entry.method().equals(method) && entry.path().matcher(path).matches()) return entry;
    }
    return null;
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
      String value = switch (name) {
        case "resource" -> RESOURCE_NAME;
        case "id" -> ID;
        // a file under a directory: several segments (StaticFiles checks them)
        case "path" -> ".+";
        default -> "[^/]+";
      };
      regex.append("(?<").append(name).append('>').append(value).append(')');
      literalStart = m.end();
    }
    return Pattern.compile(regex.append(Pattern.quote(template.substring(literalStart))).append("/?").toString());
  }
}
