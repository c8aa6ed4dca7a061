package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.config.ThrottleRates;
import dev.orderly.core.security.Hashes;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which throttle scopes a request counts in, and under which key, as DRF's throttle classes would:
 * every request counts in {@code anon} (by client IP) or, authenticated, in {@code user} (by user id);
 * the routes of {@link #ROUTES} count in one more scope: the workflow transitions of any resource in
 * {@code approval}, exports in {@code export}, logins in {@code login}. A rule counts only when the
 * {@link RouteTable} has its route (method and template); the others are dropped when the router is built, so
 * a table without a route (a test's) counts nothing for it. Attaching a scope to a route is one line here.
 */
final class ThrottleScopes {
  /** How a scoped route keys its counter. */
  enum Key {
    /** DRF's {@code ScopedRateThrottle}: the user id, or the client IP when anonymous. */
    CALLER,
    /** Login attempts: client IP plus the username of the JSON body (hashed), whatever the outcome. */
    IP_AND_USERNAME,
    /** Token refresh: the client IP. */
    IP
  }

  record Rule(HttpMethod method, String template, Pattern path, String scope, Key key) {
    boolean matches(HttpMethod method, String path) {
      return this.method.equals(method) && this.path.matcher(path).matches();
    }
  }

  static final List<Rule> ROUTES = List.of(
      rule(POST, GatewayRouter.SUBMIT, ThrottleRates.APPROVAL, Key.CALLER),
      rule(POST, GatewayRouter.APPROVE, ThrottleRates.APPROVAL, Key.CALLER),
      rule(POST, GatewayRouter.REJECT, ThrottleRates.APPROVAL, Key.CALLER),
      rule(POST, GatewayRouter.CANCEL, ThrottleRates.APPROVAL, Key.CALLER),
      rule(GET, "/api/{resource}/export", ThrottleRates.EXPORT, Key.CALLER),
      rule(POST, "/api/exports", ThrottleRates.EXPORT, Key.CALLER),
      rule(POST, "/api/auth/login", ThrottleRates.LOGIN, Key.IP_AND_USERNAME),
      rule(POST, "/api/auth/session", ThrottleRates.LOGIN, Key.IP_AND_USERNAME),
      rule(POST, "/api/auth/refresh", ThrottleRates.LOGIN, Key.IP));

  private final ThrottleRates rates;
  private final List<Rule> rules;

  /** The scopes of {@code rates}, with the rules of the routes {@code routes} has. */
  ThrottleScopes(ThrottleRates rates, RouteTable routes) {
    this.rates = rates;
    this.rules = ROUTES.stream().filter(rule -> routes.has(rule.method(), rule.template())).toList();
  }

  /**
   * The checks for one request; scopes whose rate is off are left out.
   *
   * @param userId the authenticated caller's id, or null when anonymous
   * @param username the username a login body names, read only for login routes
   */
  List<Check> checks(HttpMethod method, String path, Long userId, String ip, Supplier<String> username) {
    List<Check> checks = new ArrayList<>(2);
    if (userId == null) {
      add(checks, ThrottleRates.ANON, ip);
    } else {
      add(checks, ThrottleRates.USER, userId.toString());
    }
    for (Rule rule : rules) {
      if (!rule.matches(method, path)) continue;
      String key = switch (rule.key()) {
        case CALLER -> userId == null ? ip : userId.toString();
        case IP_AND_USERNAME -> ip + ":" + digest(username.get().toLowerCase(Locale.ROOT));
        case IP -> ip;
      };
      add(checks, rule.scope(), key);
    }
    return checks;
  }

  private void add(List<Check> checks, String scope, String key) {
    rates.rate(scope).ifPresent(rate -> checks.add(new Check(scope, key, rate.requests(), rate.durationSeconds())));
  }

  private static Rule rule(HttpMethod method, String template, String scope, Key key) {
    return new Rule(method, template, RouteTable.compile(template), scope, key);
  }

  /** Keeps client-chosen text out of cache keys, at a fixed length. */
  static String digest(String text) {
    return HexFormat.of().formatHex(Hashes.sha256(text), 0, 16);
  }
}
