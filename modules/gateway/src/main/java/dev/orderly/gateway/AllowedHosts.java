package dev.orderly.gateway;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Django's {@code ALLOWED_HOSTS} check. {@code *} allows any well-formed host; an entry starting with
 * {@code .} allows that domain and its subdomains; any other entry allows exactly that host. The port is
 * ignored, comparison is case-insensitive, IPv6 literals are written in brackets ({@code [::1]}), and a
 * host that is not well formed (or absent) is never allowed. With DEBUG on and no entries, Django's
 * development defaults {@link #DEBUG_DEFAULTS} apply.
 */
final class AllowedHosts {
  static final List<String> DEBUG_DEFAULTS = List.of(".localhost", "127.0.0.1", "[::1]");

  // django.http.request.host_validation_re
  private static final Pattern HOST = Pattern.compile("([a-z0-9.-]+|\\[[a-f0-9]*:[a-f0-9.:]+])(?::[0-9]+)?");

  private final List<String> patterns;

  AllowedHosts(List<String> patterns, boolean debug) {
    List<String> effective = debug && patterns.isEmpty() ? DEBUG_DEFAULTS : patterns;
    this.patterns = effective.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
  }

  /** Whether a {@code Host} header value (with or without port) is allowed; {@code null} never is. */
  boolean allows(String host) {
    String domain = domain(host);
    if (domain.isEmpty()) return false;
    for (String pattern : patterns) {
      if (pattern.equals("*") || sameDomain(domain, pattern)) return true;
    }
    return false;
  }

  /** The lower-case domain of a host header without port and trailing dot, or "" when malformed. */
  static String domain(String host) {
    if (host == null) return "";
    Matcher m = HOST.matcher(host.toLowerCase(Locale.ROOT));
    if (!m.matches()) return "";
    String domain = m.group(1);
    return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
  }

  private static boolean sameDomain(String domain, String pattern) {
    if (pattern.isEmpty()) return false;
    if (pattern.charAt(0) == '.') return domain.endsWith(pattern) || domain.equals(pattern.substring(1));
    return domain.equals(pattern);
  }
}
