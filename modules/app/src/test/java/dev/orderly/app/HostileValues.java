package dev.orderly.app;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Values no field accepts, by type, as JSON text (bodies) and as percent-encoded query values (filters):
 * each one is refused wherever it is put, so a write that carries one writes nothing. Borderline values that
 * DRF accepts (Unicode digits, {@code 1_000}, padded numbers) are left out on purpose.
 */
final class HostileValues {
  private HostileValues() {}

  /** Strings no database stores: NUL (JSON escape), lone surrogates (JSON escapes). */
  static final List<String> UNSTORABLE_JSON = List.of("\"a\\u0000b\"", "\"\\u0000\"", "\"x\\ud800\"", "\"\\udc00y\"",
      "\"\\udfff\\ud800\"", "\"ok\\u0000\\ud800\"", "\"\\ud83d\"", "\"name\\u0000' OR 1=1 --\"");

  /** The same in a query string: NUL, a lone surrogate as UTF-8 bytes (CESU), overlong NUL, bytes that are not UTF-8. */
  static final List<String> UNSTORABLE_QUERY = List.of("%00", "a%00b", "%ED%A0%80", "x%ED%B0%80", "%C0%80", "%FF", "%FE%FF",
      "%E2%82", "%F4%90%80%80");

  /** Integers out of Django's range, of no integer type, or negative where a field wants at least 0. */
  static final List<String> BAD_INTEGERS_JSON = List.of("2147483648", "-2147483649", "99999999999999999999999",
      "-1", "1.5", "\"abc\"", "\"\"", "true", "[]", "{}", "null", "\"0x10\"", "1e400", "-9223372036854775809", "\"12abc\"");

  static final List<String> BAD_INTEGERS_QUERY = List.of("2147483648", "-2147483649", "99999999999999999999999", "abc", "1.5",
      "0x10", "1e400", "-9223372036854775809", "%00", "1,2", "NaN");

  /** Decimals that are negative, too precise, too large, not numbers, or not finite. */
  static final List<String> BAD_DECIMALS_JSON = List.of("\"-0.01\"", "-1", "\"1.234\"", "1.005", "\"1e999999\"", "1e999999",
      "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e-999999\"", "\"12345678901.00\"", "1e20", "\"\"", "\"abc\"", "true",
      "\"0x1A\"", "\"1,50\"", "[]", "null");

  static final List<String> BAD_DECIMALS_QUERY = List.of("NaN", "Infinity", "-Infinity", "1e999999", "1e-999999",
      "1e2147483648", "abc", "0x1A", "1,50", "%00", "--1", "1..2");

  /** Line quantities (decimal(12,3) above 0) that are refused. */
  static final List<String> BAD_QUANTITIES_JSON = List.of("0", "\"-1\"", "\"0.0001\"", "\"1e999999\"", "1e12", "\"NaN\"",
      "\"abc\"", "null", "true", "{}", "\"1e-999999\"");

  /** Booleans DRF's BooleanField refuses. */
  static final List<String> BAD_BOOLEANS_JSON = List.of("\"maybe\"", "2", "-1", "[]", "{}", "\"tru\"", "0.5", "\"\\u0000\"", "null");

  /** Dates outside year 1 to 9999, impossible days, other formats (never empty or null: a nullable date takes those). */
  static final List<String> BAD_DATES_JSON = List.of("\"0000-01-01\"", "\"10000-01-01\"", "\"+999999999-12-31\"",
      "\"2024-02-30\"", "\"2024-13-01\"", "\"2024-00-10\"", "\"-0001-01-01\"", "\"9999-12-32\"", "20240101",
      "\"2024-01-01T00:00:00Z\"", "\"yesterday\"", "\"2024/01/01\"", "[]", "true");

  static final List<String> BAD_DATES_QUERY = List.of("0000-01-01", "10000-01-01", "%2B999999999-12-31", "2024-02-30",
      "-0001-01-01", "9999-12-32", "yesterday", "2024%2F01%2F01", "%00");

  /** Timestamps a filter refuses. */
  static final List<String> BAD_TIMESTAMPS_QUERY = List.of("0000-01-01T00:00:00Z", "%2B999999999-12-31T00:00:00Z",
      "2024-01-01T25:00:00Z", "2024-01-01T00:00:00%2B25:00", "2024-02-30T00:00:00Z", "never", "%00", "1e999");

  /** Path segments that are no record id (API.md: ASCII digits only, else 404) or no existing one. */
  static final List<String> ODD_IDS = List.of("%2B1", "-1", "0", "1e3", "0x1", "%D9%A1", "%EF%BC%91", "99999999999999999999",
      "9223372036854775808", "%201", "1%00", "1.0", "1,2", "%00", "..", "%2E%2E", "null", "undefined", "NaN", "000",
      "1%20OR%201=1", "%F0%9F%92%A9");

  /** Truncated, invalid or not-an-object bodies. */
  static final List<String> MALFORMED_JSON = List.of("{", "{\"code\": ", "{\"code\": \"A\"", "{\"code\": \"A\"}x", "{'code': 'A'}",
      "{\"code\": \"A\",}", "{\"unit_price\": NaN}", "{\"name\": \"a\" /* c */}", "[1, 2]", "null", "\"text\"", "123",
      "{\"name\": undefined}", "{\"name\": \"\\x41\"}", "{\"name\": \"\\u12\"}", "{\"name\" \"A\"}", "{,}", "}", "tru",
      "{\"a\":1}{\"b\":2}", "\"unterminated", "{\"name\": \"line\nbreak\"");

  static <T> T pick(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
