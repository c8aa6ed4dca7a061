package dev.orderly.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rate of each throttle scope, from {@code THROTTLE_RATES} in DRF's form:
 * {@code scope=N/period,...} where only the period's first letter counts ({@code s}econd, {@code m}inute,
 * {@code h}our, {@code d}ay), as DRF's {@code SimpleRateThrottle.parse_rate} reads it. Any subset of the
 * scopes may be given; the others keep their {@link #DEFAULTS}. {@code scope=none} turns a scope off
 * (DRF's {@code None} rate).
 */
public record ThrottleRates(Map<String, Rate> rates) {
  public static final String ANON = "anon";
  public static final String USER = "user";
  public static final String APPROVAL = "approval";
  public static final String EXPORT = "export";
  public static final String LOGIN = "login";
  /** Every scope API.md defines, with its default rate. */
  public static final String DEFAULTS = "anon=100/hour,user=1000/hour,approval=10/hour,export=20/hour,login=10/minute";
  static final String KEY = "THROTTLE_RATES";
  /** Every scope there is: another name in {@code THROTTLE_RATES} is refused. */
  public static final List<String> SCOPES = List.of(ANON, USER, APPROVAL, EXPORT, LOGIN);

  /** {@code requests} per {@code durationSeconds}. */
  public record Rate(int requests, long durationSeconds) {
    @Override
    public String toString() {
      String period = switch ((int) durationSeconds) {
        case 1 -> "second";
        case 60 -> "minute";
        case 3600 -> "hour";
        default -> "day";
      };
      return requests + "/" + period;
    }
  }

  public ThrottleRates {
    rates = Collections.unmodifiableMap(new LinkedHashMap<>(rates));
  }

  /** The rate of {@code scope}, or empty when that scope is off. */
  public Optional<Rate> rate(String scope) {
    return Optional.ofNullable(rates.get(scope));
  }

  /** Parses {@code value} over the defaults; a bad entry fails naming {@code THROTTLE_RATES}. */
  public static ThrottleRates parse(String value) {
    Map<String, Rate> rates = new LinkedHashMap<>();
    apply(DEFAULTS, rates);
    apply(value, rates);
    return new ThrottleRates(rates);
  }

  private static void apply(String value, Map<String, Rate> rates) {
    for (String entry : value.split(",")) {
      if (entry.isBlank()) continue;
      int eq = entry.indexOf('=');
      if (eq < 0) throw problem("'" + entry.trim() + "' is not scope=N/period");
      String scope = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (!SCOPES.contains(scope)) throw problem("unknown scope '" + scope + "' (known: " + String.join(", ", SCOPES) + ")");
      String rate = entry.substring(eq + 1).trim();
      if (rate.equalsIgnoreCase("none")) {
        rates.remove(scope);
      } else {
        rates.put(scope, parseRate(scope, rate));
      }
    }
  }

  /** DRF: {@code num, period = rate.split('/')}; {@code duration = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400}[period[0]]}. */
  static Rate parseRate(String scope, String rate) {
    String[] parts = rate.split("/", -1);
    if (parts.length != 2 || parts[1].isBlank()) throw problem(scope + ": '" + rate + "' is not N/period");
    int requests;
    try {
      requests = Integer.parseInt(parts[0].trim());
    } catch (NumberFormatException e) {
      throw problem(scope + ": '" + parts[0].trim() + "' is not a number of requests");
    }
    if (requests < 0) throw problem(scope + ": the number of requests must be at least 0");
    long duration = switch (Character.toLowerCase(parts[1].trim().charAt(0))) {
      case 's' -> 1;
      case 'm' -> 60;
      case 'h' -> 3600;
      case 'd' -> 86400;
      default -> throw problem(scope + ": unknown period '" + parts[1].trim() + "' (second, minute, hour or day)");
    };
    return new Rate(requests, duration);
  }

  private static ConfigException problem(String message) {
    return new ConfigException(KEY, message);
  }
}
